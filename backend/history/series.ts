/**
 * A device's readings over a window, in at most `points` buckets, for the console's charts. A car's
 * states are averaged per bucket by the database (a week of a car reporting every 5 s is 120,000 rows,
 * read through the (device_id, sent_at) index); a charge point's MeterValues are read with the same
 * rules as its live state (state/derive.ts), then averaged here: they are far fewer.
 */
import { z } from 'zod';
import type { DeviceSeries, SeriesPoint } from '../../shared/device-history.js';
import { meterValuesSchema } from '../ingest/message.js';
import { meterReading } from '../state/derive.js';
import type { Queryable } from '../store/database.js';
import { between, sentAtWindow } from './time-window.js';
import type { HistoryDevice } from './time-window.js';

export interface SeriesRequest {
  readonly fromMs: number;
  readonly toMs: number;
  readonly points: number;
}

// The readings are taken out of each row first (a materialised CTE), so that grouping sorts numbers, not
// whole payloads.
const CAR_BUCKETS = `
with readings as materialized (
  select floor(((extract(epoch from occurred_at) * 1000)::float8 - $2::float8) / $4::float8)::int as bucket,
         (payload->>'batteryPercent')::float8 as battery_percent,
         (payload->'position'->>'speedKmh')::float8 as speed_kmh,
         (payload->>'rangeKm')::float8 as range_km
    from telemetry
   where device_id = $1 and channel = 'mqtt:state'
     and ${between('sent_at', 5, 6)}
     and ${between('occurred_at', 2, 3)}
)
select bucket, avg(battery_percent) as battery_percent, avg(speed_kmh) as speed_kmh, avg(range_km) as range_km
  from readings
 group by bucket
 order by bucket`;

const METER_ROWS = `
select (extract(epoch from occurred_at) * 1000)::float8 as occurred_at_ms, payload->'meterValue' as meter_value
  from telemetry
 where device_id = $1 and channel = 'ocpp:MeterValues'
   and ${between('sent_at', 4, 5)}
   and ${between('occurred_at', 2, 3)}`;

const carBucketSchema = z.object({
  bucket: z.number(),
  battery_percent: z.number().nullable(),
  speed_kmh: z.number().nullable(),
  range_km: z.number().nullable(),
});

const meterRowSchema = z.object({ occurred_at_ms: z.number(), meter_value: meterValuesSchema.shape.meterValue });

const EMPTY_POINT = { batteryPercent: null, speedKmh: null, rangeKm: null, energyWh: null, powerW: null } as const;

async function carPoints(database: Queryable, device: HistoryDevice, request: SeriesRequest, bucketMs: number): Promise<SeriesPoint[]> {
  const sent = sentAtWindow(request, device.clockOffsetMs);
  const { rows } = await database.query(CAR_BUCKETS, [device.id, request.fromMs, request.toMs, bucketMs, sent.fromMs, sent.toMs]);
  return rows.map((raw) => {
    const row = carBucketSchema.parse(raw);
    return {
      ...EMPTY_POINT,
      atMs: request.fromMs + row.bucket * bucketMs,
      batteryPercent: row.battery_percent,
      speedKmh: row.speed_kmh,
      rangeKm: row.range_km,
    };
  });
}

/** A running mean that stays null until it has a value. */
class Mean {
  #sum = 0;
  #count = 0;
  add(value: number | null): void {
    if (value === null) return;
    this.#sum += value;
    this.#count += 1;
  }
  value(): number | null {
    return this.#count === 0 ? null : this.#sum / this.#count;
  }
}

async function chargePointPoints(database: Queryable, device: HistoryDevice, request: SeriesRequest, bucketMs: number): Promise<SeriesPoint[]> {
  const sent = sentAtWindow(request, device.clockOffsetMs);
  const { rows } = await database.query(METER_ROWS, [device.id, request.fromMs, request.toMs, sent.fromMs, sent.toMs]);
  const buckets = new Map<number, { energy: Mean; power: Mean }>();
  for (const raw of rows) {
    const row = meterRowSchema.safeParse(raw);
    // History keeps what a charge point sent; a row the live state could not read is skipped here too.
    if (!row.success) continue;
    const reading = meterReading({ connectorId: 0, meterValue: row.data.meter_value });
    if (reading.energyWh === null && reading.powerW === null) continue;
    const bucket = Math.floor((row.data.occurred_at_ms - request.fromMs) / bucketMs);
    const means = buckets.get(bucket) ?? { energy: new Mean(), power: new Mean() };
    means.energy.add(reading.energyWh);
    means.power.add(reading.powerW);
    buckets.set(bucket, means);
  }
  return [...buckets.entries()]
    .sort(([left], [right]) => left - right)
    .map(([bucket, means]) => ({ ...EMPTY_POINT, atMs: request.fromMs + bucket * bucketMs, energyWh: means.energy.value(), powerW: means.power.value() }));
}

/** The device's series over [fromMs, toMs): only buckets with data, oldest first. */
export async function deviceSeries(database: Queryable, device: HistoryDevice, request: SeriesRequest): Promise<DeviceSeries> {
  const bucketMs = Math.max(1, Math.ceil((request.toMs - request.fromMs) / request.points));
  const points = device.kind === 'car' ? await carPoints(database, device, request, bucketMs) : await chargePointPoints(database, device, request, bucketMs);
  return { deviceId: device.id, fromMs: request.fromMs, toMs: request.toMs, bucketMs, points };
}
