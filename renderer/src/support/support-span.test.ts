import { describe, expect, it } from 'vitest';
import { reservationRequests } from '../../../shared/reservations.js';
import { MOST_TIMELINE_MS, SUPPORT_SPANS, spanRange, supportSpan } from './support-span.js';

const NOW = Date.UTC(2025, 10, 27, 14, 0, 0);
const DAY = 86_400_000;

describe('the span the support view looks over', () => {
  it('looks back over the span and a week ahead, where bookings may already be made', () => {
    expect(spanRange('24h', NOW)).toEqual({ fromMs: NOW - DAY, toMs: NOW + 7 * DAY });
    expect(spanRange('30d', NOW)).toEqual({ fromMs: NOW - 30 * DAY, toMs: NOW + 7 * DAY });
  });

  it('keeps the longest span within the 90 days the backend answers, giving up its oldest days', () => {
    const range = spanRange('90d', NOW);
    expect(range.toMs - range.fromMs).toBe(MOST_TIMELINE_MS);
    expect(range).toEqual({ fromMs: NOW - 83 * DAY, toMs: NOW + 7 * DAY });
  });

  it('asks only what the backend accepts, for every span', () => {
    for (const span of SUPPORT_SPANS) {
      const request = { customerRef: 'C-42', ...spanRange(span.id, NOW) };
      expect(reservationRequests['customer:timeline'].safeParse(request).success, span.id).toBe(true);
      expect(request.toMs).toBeGreaterThan(NOW);
    }
  });

  it('names its spans', () => {
    expect(SUPPORT_SPANS.map((span) => span.label)).toEqual(['24 h', '7 days', '30 days', '90 days']);
    expect(supportSpan('7d').spanMs).toBe(7 * DAY);
  });
});
