import { describe, expect, it } from 'vitest';
import { statusCode } from '../../../shared/fleet.js';
import { CLUSTER_SEGMENTS } from '../ui/status-colours.js';
import { BUCKET_COUNT, STALE_BUCKET } from './cluster-grid.js';
import { MIN_SEGMENT_RADIANS, SEGMENT_GAP_RADIANS, clusterLabel, clusterRadius, ringSegments } from './cluster-glyph.js';

function breakdownOf(counts: Partial<Record<(typeof CLUSTER_SEGMENTS)[number], number>>): Uint32Array {
  const breakdown = new Uint32Array(BUCKET_COUNT);
  for (const segment of CLUSTER_SEGMENTS) breakdown[segment === 'stale' ? STALE_BUCKET : statusCode(segment)] = counts[segment] ?? 0;
  return breakdown;
}

function spans(breakdown: Uint32Array): number[] {
  const out = new Float64Array(CLUSTER_SEGMENTS.length * 2);
  ringSegments(breakdown, out);
  return CLUSTER_SEGMENTS.map((_, segment) => (out[segment * 2 + 1] ?? 0) - (out[segment * 2] ?? 0));
}

describe('cluster ring', () => {
  it('goes once round, with a gap after each present segment, in proportion to the counts', () => {
    const segments = spans(breakdownOf({ available: 300, inUse: 100, charging: 100 }));
    const total = segments.reduce((sum, span) => sum + span, 0);
    expect(total + 3 * SEGMENT_GAP_RADIANS).toBeCloseTo(Math.PI * 2, 9);
    expect(segments[CLUSTER_SEGMENTS.indexOf('available')]).toBeGreaterThan(2.5 * (segments[CLUSTER_SEGMENTS.indexOf('inUse')] ?? 0));
    expect(segments[CLUSTER_SEGMENTS.indexOf('faulted')]).toBe(0);
  });

  it('shows one faulted device among a thousand', () => {
    const segments = spans(breakdownOf({ available: 999, faulted: 1 }));
    expect(segments[CLUSTER_SEGMENTS.indexOf('faulted')]).toBeGreaterThanOrEqual(MIN_SEGMENT_RADIANS);
  });

  it('is one closed ring for a single state', () => {
    const segments = spans(breakdownOf({ stale: 12 }));
    expect(segments[CLUSTER_SEGMENTS.indexOf('stale')]).toBeCloseTo(Math.PI * 2, 9);
  });

  it('labels counts in at most four characters and sizes discs gently', () => {
    expect([7, 482, 999, 1000, 4849, 9949, 9950, 48_400, 100_000].map(clusterLabel)).toEqual(['7', '482', '999', '1.0k', '4.8k', '9.9k', '10k', '48k', '100k']);
    expect(clusterRadius(3)).toBeLessThan(clusterRadius(300));
    expect(clusterRadius(100_000)).toBeLessThanOrEqual(21);
  });
});
