/** The device_state table: the last-known state of every device, read once at start and upserted in batches. */
import { z } from 'zod';
import { carStateSchema } from '../../shared/car-protocol.js';
import type { ChargePointState } from '../../shared/device-detail.js';
import { DEVICE_STATUSES } from '../../shared/fleet.js';
import type { Database } from '../store/database.js';
import type { DeviceEntry } from './entry.js';

const chargePointStateSchema = z.object({
  vendor: z.string().nullable(),
  model: z.string().nullable(),
  firmwareVersion: z.string().nullable(),
  connectors: z.array(z.object({ connectorId: z.number(), status: z.string(), errorCode: z.string(), since: z.string().nullable() })),
  energyWh: z.number().nullable(),
  powerW: z.number().nullable(),
  lastHeartbeatAt: z.string().nullable(),
}) satisfies z.ZodType<ChargePointState>;

const storedRowSchema = z.object({
  device_id: z.string(),
  status: z.enum(DEVICE_STATUSES),
  received_at_ms: z.number().nullable(),
  device_time_ms: z.number().nullable(),
  clock_offset_ms: z.number().nullable(),
  boot_id: z.string().nullable(),
  sequence: z.number().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  state: z.unknown(),
});

/** What a restart keeps of a device; the connection itself is gone, so it comes back offline. */
export interface StoredState {
  readonly lastSeenMs: number;
  readonly deviceTime: string | null;
  readonly clockOffsetMs: number | null;
  readonly bootId: string | null;
  readonly sequence: number | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly state: unknown;
}

export async function loadStoredStates(database: Database): Promise<Map<string, StoredState>> {
  // Nobody is connected to a backend that is starting.
  await database.query("update device_state set is_online = false, status = 'offline', updated_at = now() where is_online");
  const result = await database.query(
    `select device_id, status,
            (extract(epoch from received_at) * 1000)::float8 as received_at_ms,
            (extract(epoch from device_time) * 1000)::float8 as device_time_ms,
            clock_offset_ms::float8 as clock_offset_ms, boot_id, sequence::float8 as sequence,
            latitude, longitude, state
       from device_state`,
  );
  const states = new Map<string, StoredState>();
  for (const raw of result.rows) {
    const row = storedRowSchema.parse(raw);
    states.set(row.device_id, {
      lastSeenMs: row.received_at_ms ?? 0,
      deviceTime: row.device_time_ms === null ? null : new Date(row.device_time_ms).toISOString(),
      clockOffsetMs: row.clock_offset_ms,
      bootId: row.boot_id,
      sequence: row.sequence,
      latitude: row.latitude,
      longitude: row.longitude,
      state: row.state,
    });
  }
  return states;
}

/** Puts a stored state back into a fresh entry, trusting only what still parses. */
export function restoreEntry(entry: DeviceEntry, stored: StoredState): void {
  entry.lastSeenMs = stored.lastSeenMs;
  entry.deviceTime = stored.deviceTime;
  entry.clockOffsetMs = stored.clockOffsetMs;
  entry.bootId = stored.bootId;
  entry.sequence = stored.sequence;
  if (stored.clockOffsetMs !== null) entry.clock.add(stored.clockOffsetMs, stored.lastSeenMs);
  const deviceMs = stored.deviceTime === null ? Number.NaN : Date.parse(stored.deviceTime);
  entry.occurredAtMs = Number.isNaN(deviceMs) ? null : deviceMs - (stored.clockOffsetMs ?? 0);
  if (entry.record.kind === 'car') {
    const car = carStateSchema.safeParse(stored.state);
    if (car.success) {
      entry.car = car.data;
      // Transitions the stored state shows were recorded before the restart.
      entry.sensorMemory.seed(car.data);
      entry.headingDegrees = car.data.position.headingDegrees;
      entry.speedKmh = car.data.position.speedKmh;
      entry.batteryPercent = Math.round(car.data.batteryPercent);
    }
    if (stored.latitude !== null && stored.longitude !== null) {
      entry.latitude = stored.latitude;
      entry.longitude = stored.longitude;
    }
  } else {
    const chargePoint = chargePointStateSchema.safeParse(stored.state);
    if (chargePoint.success) entry.chargePoint = chargePoint.data;
  }
}

/** Rows per statement: enough to write a large fleet in a few round trips, small enough to stay quick. */
const ROWS_PER_STATEMENT = 5000;

const UPSERT = `
insert into device_state (device_id, status, is_online, received_at, device_time, clock_offset_ms, boot_id, sequence,
                          latitude, longitude, state, updated_at)
select r.device_id, r.status, r.is_online, to_timestamp(r.received_at_ms / 1000.0), r.device_time::timestamptz,
       r.clock_offset_ms, r.boot_id, r.sequence, r.latitude, r.longitude, r.state, now()
  from json_to_recordset($1::json) as r(device_id text, status text, is_online boolean, received_at_ms double precision,
                                        device_time text, clock_offset_ms bigint, boot_id text, sequence bigint,
                                        latitude double precision, longitude double precision, state jsonb)
on conflict (device_id) do update set
  status = excluded.status, is_online = excluded.is_online, received_at = excluded.received_at,
  device_time = excluded.device_time, clock_offset_ms = excluded.clock_offset_ms, boot_id = excluded.boot_id,
  sequence = excluded.sequence, latitude = excluded.latitude, longitude = excluded.longitude,
  state = excluded.state, updated_at = excluded.updated_at`;

function rowOf(entry: DeviceEntry): Record<string, unknown> {
  return {
    device_id: entry.record.id,
    status: entry.status,
    is_online: entry.isOnline,
    received_at_ms: entry.lastSeenMs > 0 ? entry.lastSeenMs : null,
    device_time: entry.deviceTime,
    clock_offset_ms: entry.clockOffsetMs,
    boot_id: entry.bootId,
    sequence: entry.sequence,
    latitude: Number.isFinite(entry.latitude) ? entry.latitude : null,
    longitude: Number.isFinite(entry.longitude) ? entry.longitude : null,
    state: entry.car ?? entry.chargePoint,
  };
}

/** Writes the given entries, a few thousand rows per statement. */
export async function saveEntries(database: Database, entries: readonly DeviceEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += ROWS_PER_STATEMENT) {
    const rows = entries.slice(start, start + ROWS_PER_STATEMENT).map(rowOf);
    await database.query(UPSERT, [JSON.stringify(rows)]);
  }
}
