/**
 * How a cluster looks: a dark disc with its count, ringed by its breakdown by state. Pure geometry, so
 * the painter, the legend and the tests agree on it.
 */
import { statusCode } from '../../../shared/fleet.js';
import { CLUSTER_SEGMENTS } from '../ui/status-colours.js';
import { STALE_BUCKET } from './cluster-grid.js';

/** For each ring segment, in CLUSTER_SEGMENTS order, the breakdown bucket it shows. */
export const SEGMENT_BUCKETS: readonly number[] = CLUSTER_SEGMENTS.map((segment) => (segment === 'stale' ? STALE_BUCKET : statusCode(segment)));

/** Even one faulted device in a thousand gets a visible piece of the ring. */
export const MIN_SEGMENT_RADIANS = 0.16;
/** A hair of dark between segments, so neighbouring colours read apart. */
export const SEGMENT_GAP_RADIANS = 0.07;
export const RING_WIDTH = 3.5;

/** Grows slowly with the count: a cluster of 10,000 is not a hundred times the size of one of 100. */
export function clusterRadius(size: number): number {
  return Math.min(21, 11 + 2.4 * Math.log10(Math.max(1, size)));
}

/** "482", "4.8k", "48k": at most four characters, so the label fits the disc. */
export function clusterLabel(size: number): string {
  if (size < 1000) return String(size);
  if (size < 9950) return `${(size / 1000).toFixed(1)}k`;
  return `${Math.round(size / 1000)}k`;
}

/**
 * Start and end angle of each segment (radians, clockwise from the top), written into `out` as
 * [start0, end0, start1, end1, …] in CLUSTER_SEGMENTS order; an empty segment has start === end.
 * `breakdown` is indexed by bucket (status code, or STALE_BUCKET).
 */
export function ringSegments(breakdown: ArrayLike<number>, out: Float64Array): void {
  let total = 0;
  let present = 0;
  for (const bucket of SEGMENT_BUCKETS) {
    const count = breakdown[bucket] ?? 0;
    total += count;
    if (count > 0) present++;
  }
  const gap = present > 1 ? SEGMENT_GAP_RADIANS : 0;
  const available = Math.PI * 2 - gap * present;
  // Each present segment gets its minimum, and the rest is shared in proportion to the counts.
  const minimum = Math.min(MIN_SEGMENT_RADIANS, available / Math.max(1, present));
  const shared = available - minimum * present;
  let angle = -Math.PI / 2;
  SEGMENT_BUCKETS.forEach((bucket, segment) => {
    const count = breakdown[bucket] ?? 0;
    out[segment * 2] = angle;
    if (count > 0) {
      angle += minimum + (total > 0 ? (shared * count) / total : 0);
      out[segment * 2 + 1] = angle;
      angle += gap;
    } else {
      out[segment * 2 + 1] = angle;
    }
  });
}
