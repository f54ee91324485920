import { describe, expect, it } from 'vitest';
import { ALARM_SEVERITIES, ALARM_TYPES, type AlarmReview, type AlarmSeverity, type AlarmType } from '../../../shared/alarms.js';
import { SEVERITY_COLOURS } from '../ui/status-colours.js';
import {
  REVIEW_PERIODS,
  bucketLabel,
  bucketSpan,
  busiestBucket,
  formatReviewDuration,
  noisyDevices,
  noisyStations,
  reviewRequest,
  reviewRows,
  reviewSeries,
  reviewTiles,
  typeColour,
  type ReviewNames,
} from './review-data.js';

const HOUR = 3_600_000;
const FROM = Date.UTC(2025, 10, 27, 0, 0, 0);

function counts<Key extends string>(keys: readonly Key[], values: Partial<Record<Key, number>>): Record<Key, number> {
  return Object.fromEntries(keys.map((key) => [key, values[key] ?? 0])) as Record<Key, number>;
}

function bucket(index: number, byType: Partial<Record<AlarmType, number>>, bySeverity: Partial<Record<AlarmSeverity, number>>) {
  return { startMs: FROM + index * HOUR, byType: counts(ALARM_TYPES, byType), bySeverity: counts(ALARM_SEVERITIES, bySeverity) };
}

const review: AlarmReview = {
  fromMs: FROM,
  toMs: FROM + 3 * HOUR,
  bucketMs: HOUR,
  buckets: [bucket(0, { offline: 2, flapping: 1 }, { major: 2, minor: 1 }), bucket(1, {}, {}), bucket(2, { deviceFault: 4 }, { critical: 4 })],
  meanTimeToAcknowledgeMs: 252_000,
  meanTimeToClearMs: null,
  raised: 7,
  noisiestDevices: [
    { deviceId: 'cp-1', alarms: 4, occurrences: 9 },
    { deviceId: 'ghost', alarms: 1, occurrences: 1 },
  ],
  noisiestStations: [{ stationId: 'st-1', alarms: 5, occurrences: 10 }],
};

const names: ReviewNames = {
  deviceName: (id) => (id === 'cp-1' ? { name: 'cp-1', detail: 'Charge point · Rivoli', isKnown: true } : { name: id, detail: 'not in the fleet', isKnown: false }),
  stationName: (id) => (id === 'st-1' ? 'Paris/Rivoli/12' : null),
};

describe('the review data', () => {
  it('asks for whole buckets ending with the current one, on the operator’s wall clock', () => {
    const now = Date.UTC(2025, 10, 27, 14, 25);
    expect(reviewRequest('24h', now, 0)).toEqual({ fromMs: Date.UTC(2025, 10, 26, 15), toMs: Date.UTC(2025, 10, 27, 15), bucketMs: HOUR });
    // Paris in winter is UTC+1: days start at 23:00 UTC.
    const month = reviewRequest('30d', now, HOUR);
    expect(month.toMs).toBe(Date.UTC(2025, 10, 27, 23));
    expect(month.bucketMs).toBe(24 * HOUR);
    for (const period of REVIEW_PERIODS) {
      const request = reviewRequest(period.id, now, HOUR);
      expect(request.toMs).toBeGreaterThan(now);
      // The backend refuses more than 500 buckets.
      expect((request.toMs - request.fromMs) / request.bucketMs).toBeLessThanOrEqual(500);
      expect(Number.isInteger((request.toMs - request.fromMs) / request.bucketMs)).toBe(true);
    }
    expect(reviewRequest('7d', now, 0).bucketMs).toBe(6 * HOUR);
  });

  it('says durations in words, two units at most', () => {
    expect(formatReviewDuration(0)).toBe('0 s');
    expect(formatReviewDuration(42_400)).toBe('42 s');
    expect(formatReviewDuration(252_000)).toBe('4 min 12 s');
    expect(formatReviewDuration(5 * 60_000)).toBe('5 min');
    expect(formatReviewDuration(2 * HOUR + 5 * 60_000 + 30_000)).toBe('2 h 5 min');
    expect(formatReviewDuration(76 * HOUR)).toBe('3 d 4 h');
  });

  it('fills the tiles, saying so when no alarm was acknowledged or cleared', () => {
    expect(reviewTiles(review)).toEqual({ raised: '7', meanTimeToAcknowledge: '4 min 12 s', meanTimeToClear: 'none cleared' });
    expect(reviewTiles({ ...review, raised: 12_345, meanTimeToAcknowledgeMs: null }).raised).toBe('12,345');
    expect(reviewTiles({ ...review, meanTimeToAcknowledgeMs: null }).meanTimeToAcknowledge).toBe('none acknowledged');
  });

  it('makes one row per bucket and one series per type or severity that the period saw', () => {
    const byType = reviewSeries(review, 'type', 'dark');
    expect(byType.map((series) => [series.key, series.total])).toEqual([
      ['offline', 2],
      ['flapping', 1],
      ['deviceFault', 4],
    ]);
    const bySeverity = reviewSeries(review, 'severity', 'dark');
    // Worst first: stacked at the bottom of each bar.
    expect(bySeverity.map((series) => series.key)).toEqual(['critical', 'major', 'minor']);
    expect(bySeverity[0]?.colour).toBe(SEVERITY_COLOURS.dark.critical);
    expect(bySeverity[0]?.label).toBe('Critical');
    const rows = reviewRows(review, 'severity');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ startMs: FROM, major: 2, minor: 1, critical: 0 });
    expect(rows[1]).toMatchObject({ startMs: FROM + HOUR, critical: 0, major: 0, minor: 0, warning: 0 });
    expect(reviewRows(review, 'type')[2]).toMatchObject({ deviceFault: 4, offline: 0 });
    expect(busiestBucket(review)).toBe(4);
  });

  it('gives every type its own colour, and types that are states the state’s colour', () => {
    for (const theme of ['dark', 'light'] as const) {
      const colours = ALARM_TYPES.map((type) => typeColour(type, theme));
      expect(new Set(colours).size).toBe(ALARM_TYPES.length);
    }
  });

  it('names the noisiest devices and stations, with their share, and marks what the console cannot open', () => {
    expect(noisyDevices(review, names)).toEqual([
      { id: 'cp-1', name: 'cp-1', detail: 'Charge point · Rivoli', alarms: 4, occurrences: 9, share: 4 / 7, isKnown: true },
      { id: 'ghost', name: 'ghost', detail: 'not in the fleet', alarms: 1, occurrences: 1, share: 1 / 7, isKnown: false },
    ]);
    expect(noisyStations(review, names)).toEqual([{ id: 'st-1', name: 'Paris/Rivoli/12', detail: 'st-1', alarms: 5, occurrences: 10, share: 5 / 7, isKnown: true }]);
    expect(noisyStations({ ...review, noisiestStations: [{ stationId: 'st-x', alarms: 1, occurrences: 1 }] }, names)[0]).toMatchObject({ name: 'st-x', isKnown: false });
  });

  it('labels bars by hour, day and hour, or date, in the operator’s zone', () => {
    const start = Date.UTC(2025, 10, 27, 13);
    expect(bucketLabel(start, '24h', 'Europe/Paris')).toBe('14:00');
    expect(bucketLabel(start, '7d', 'Europe/Paris')).toBe('Thu 27, 14');
    expect(bucketLabel(start, '30d', 'Europe/Paris')).toBe('27 Nov');
    expect(bucketSpan(start, HOUR, 'Europe/Paris')).toBe('Thu 27 Nov 14:00 – 15:00');
    expect(bucketSpan(start, 24 * HOUR, 'Europe/Paris')).toBe('Thu 27 Nov');
  });
});
