/**
 * The supervisor's review of a period, counted by the database: alarms raised per bucket by type and
 * severity, how fast they were acknowledged and cleared, and where they came from. Alarms belong to the
 * period they were raised in.
 */
import { z } from 'zod';
import { ALARM_SEVERITIES, ALARM_TYPES } from '../../shared/alarms.js';
import type { AlarmReview, AlarmSeverity, AlarmType } from '../../shared/alarms.js';
import type { Queryable } from '../store/database.js';

/** How many devices and stations the review names. */
export const NOISIEST_COUNT = 10;

interface BucketRow {
  bucket: number;
  type: AlarmType;
  severity: AlarmSeverity;
  alarms: number;
}

interface TotalsRow {
  raised: number;
  mean_acknowledge_ms: number | null;
  mean_clear_ms: number | null;
}

interface NoisyRow {
  source: string;
  alarms: number;
  occurrences: number;
}

const typeCounts = z.record(z.enum(ALARM_TYPES), z.number());
const severityCounts = z.record(z.enum(ALARM_SEVERITIES), z.number());

function zeros(keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key, 0]));
}

/**
 * Every bucket is present, zeros included. Time to clear runs to the latest clear (an alarm that came
 * back and cleared again counts its whole trouble); alarms never acknowledged or never cleared are left
 * out of the respective mean.
 */
export async function reviewAlarms(db: Queryable, fromMs: number, toMs: number, bucketMs: number): Promise<AlarmReview> {
  const period = [new Date(fromMs), new Date(toMs)];
  const bucketCount = Math.ceil((toMs - fromMs) / bucketMs);
  const buckets = await db.query<BucketRow>(
    `SELECT floor(extract(epoch FROM raised_at - $1::timestamptz) * 1000 / $3)::int AS bucket, type, severity, count(*)::int AS alarms
       FROM alarms WHERE raised_at >= $1 AND raised_at < $2
      GROUP BY 1, 2, 3`,
    [...period, bucketMs],
  );
  const totals = await db.query<TotalsRow>(
    `SELECT count(*)::int AS raised,
            (avg(extract(epoch FROM acknowledged_at - raised_at)) FILTER (WHERE acknowledged_at IS NOT NULL) * 1000)::float8 AS mean_acknowledge_ms,
            (avg(extract(epoch FROM cleared_at - raised_at)) FILTER (WHERE cleared_at IS NOT NULL) * 1000)::float8 AS mean_clear_ms
       FROM alarms WHERE raised_at >= $1 AND raised_at < $2`,
    period,
  );
  const noisiest = (column: 'device_id' | 'station_id') =>
    db.query<NoisyRow>(
      `SELECT ${column} AS source, count(*)::int AS alarms, sum(occurrences)::int AS occurrences
         FROM alarms WHERE raised_at >= $1 AND raised_at < $2 AND ${column} IS NOT NULL
        GROUP BY ${column} ORDER BY alarms DESC, occurrences DESC, source LIMIT ${NOISIEST_COUNT}`,
      period,
    );
  const devices = await noisiest('device_id');
  const stations = await noisiest('station_id');

  const filled = Array.from({ length: bucketCount }, (_, index) => ({ startMs: fromMs + index * bucketMs, byType: typeCounts.parse(zeros(ALARM_TYPES)), bySeverity: severityCounts.parse(zeros(ALARM_SEVERITIES)) }));
  for (const row of buckets.rows) {
    const bucket = filled[row.bucket];
    if (!bucket) continue;
    // A type a newer backend wrote but this one does not know is still counted by severity.
    if (row.type in bucket.byType) bucket.byType[row.type] += row.alarms;
    bucket.bySeverity[row.severity] += row.alarms;
  }
  const total = totals.rows[0];
  const round = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value));
  return {
    fromMs,
    toMs,
    bucketMs,
    buckets: filled,
    meanTimeToAcknowledgeMs: round(total?.mean_acknowledge_ms),
    meanTimeToClearMs: round(total?.mean_clear_ms),
    raised: total?.raised ?? 0,
    noisiestDevices: devices.rows.map((row) => ({ deviceId: row.source, alarms: row.alarms, occurrences: row.occurrences })),
    noisiestStations: stations.rows.map((row) => ({ stationId: row.source, alarms: row.alarms, occurrences: row.occurrences })),
  };
}
