/**
 * Reads a device's timeline a page at a time, newest first. The page is found by reading back in time
 * in windows that double (6 hours, 12, a day, …) until they hold more events than the page, or the
 * device's history ends, so that a page costs the few days it spans, not the device's whole history.
 */
import { z } from 'zod';
import type { TimelineEvent } from '../../shared/device-history.js';
import type { Queryable } from '../store/database.js';
import { buildTimeline, EVENT_CHANNELS } from './timeline.js';
import type { FaultsRow, MessageRow, SensorRow, TimelineRow, TransactionRecord } from './timeline.js';
import { between, sentAtWindow } from './time-window.js';
import type { HistoryDevice, Window } from './time-window.js';

export interface TimelineRequest {
  readonly limit: number;
  /** Only events older than this (the last one of the previous page). */
  readonly beforeMs?: number;
}

export interface TimelinePage {
  readonly events: readonly TimelineEvent[];
  readonly hasMore: boolean;
}

const HOUR_MS = 3_600_000;
const FIRST_WINDOW_MS = 6 * HOUR_MS;
/** How far back a connector's previous status or a car's previous faults are looked for. */
const CONTEXT_LOOKBACK_MS = 7 * 24 * HOUR_MS;

const MESSAGE_COLUMNS = `channel, (extract(epoch from occurred_at) * 1000)::float8 as occurred_at_ms,
       (extract(epoch from received_at) * 1000)::float8 as received_at_ms, boot_id, message_id`;

const messageRowSchema = z.object({
  channel: z.string(),
  occurred_at_ms: z.number(),
  received_at_ms: z.number(),
  boot_id: z.string().nullable(),
  message_id: z.string().nullable(),
  payload: z.unknown(),
});
const faultsRowSchema = z.object({ occurred_at_ms: z.number(), received_at_ms: z.number(), faults: z.array(z.string()).nullable() });
const sensorRowSchema = z.object({ sensor: z.string(), value: z.boolean(), changed_at_ms: z.number(), recorded_at_ms: z.number() });
const earliestSchema = z.object({ earliest_ms: z.number().nullable() });
/** What a StartTransaction (timestamp) or a StopTransaction (transactionId) names its transaction by. */
const transactionReferenceSchema = z.object({ transactionId: z.number().int(), timestamp: z.string() }).partial();
const transactionRowSchema = z.object({
  id: z.number(),
  connector_id: z.number(),
  started_at_ms: z.number(),
  meter_start_wh: z.number(),
  meter_stop_wh: z.number().nullable(),
});

function messageRows(rows: readonly unknown[]): MessageRow[] {
  return rows.map((raw) => {
    const row = messageRowSchema.parse(raw);
    return {
      source: 'message',
      channel: row.channel,
      occurredAtMs: row.occurred_at_ms,
      receivedAtMs: row.received_at_ms,
      bootId: row.boot_id,
      messageId: row.message_id,
      payload: row.payload,
    };
  });
}

function faultsRows(rows: readonly unknown[]): FaultsRow[] {
  return rows.map((raw) => {
    const row = faultsRowSchema.parse(raw);
    return { source: 'faults', occurredAtMs: row.occurred_at_ms, receivedAtMs: row.received_at_ms, faults: row.faults ?? [] };
  });
}

/** When the device's history begins (its earliest message or sensor change), or null when it has none. */
async function earliestMs(database: Queryable, device: HistoryDevice): Promise<number | null> {
  const { rows } = await database.query(
    `select least((select (extract(epoch from min(sent_at)) * 1000)::float8 from telemetry where device_id = $1) - $2::float8,
                  (select (extract(epoch from min(changed_at)) * 1000)::float8 from sensor_transitions where device_id = $1)) as earliest_ms`,
    [device.id, sentAtWindow({ fromMs: 0, toMs: 0 }, device.clockOffsetMs).toMs],
  );
  return earliestSchema.parse(rows[0] ?? { earliest_ms: null }).earliest_ms;
}

/** The rows of one window: event messages, sensor changes, and a car's states where its faults change. */
async function windowRows(database: Queryable, device: HistoryDevice, window: Window): Promise<TimelineRow[]> {
  const sent = sentAtWindow(window, device.clockOffsetMs);
  const bounds = [window.fromMs, window.toMs, sent.fromMs, sent.toMs];
  const messages = await database.query(
    `select ${MESSAGE_COLUMNS}, payload from telemetry
      where device_id = $1 and channel = any($6::text[]) and ${between('occurred_at', 2, 3)} and ${between('sent_at', 4, 5)}`,
    [device.id, ...bounds, EVENT_CHANNELS[device.kind]],
  );
  const rows: TimelineRow[] = messageRows(messages.rows);
  if (device.kind === 'chargePoint') return rows;
  // A state is kept when its faults differ from the state before it in the window, and the window's
  // first state, which the one before the window is compared with. Only the faults are sorted, not
  // whole payloads (the materialised CTE).
  const faults = await database.query(
    `with states as materialized (
       select occurred_at, received_at, boot_id, sequence, payload->'faults' as faults
         from telemetry
        where device_id = $1 and channel = 'mqtt:state' and ${between('occurred_at', 2, 3)} and ${between('sent_at', 4, 5)}
     )
     select occurred_at_ms, received_at_ms, faults from (
       select (extract(epoch from occurred_at) * 1000)::float8 as occurred_at_ms, (extract(epoch from received_at) * 1000)::float8 as received_at_ms,
              faults, lag(faults) over w as previous, row_number() over w as position
         from states
       window w as (order by occurred_at, boot_id, sequence)
     ) ordered
     where position = 1 or faults is distinct from previous`,
    [device.id, ...bounds],
  );
  const sensors = await database.query(
    `select sensor, value, (extract(epoch from changed_at) * 1000)::float8 as changed_at_ms, (extract(epoch from recorded_at) * 1000)::float8 as recorded_at_ms
       from sensor_transitions where device_id = $1 and ${between('changed_at', 2, 3)}`,
    [device.id, window.fromMs, window.toMs],
  );
  const sensorRows = sensors.rows.map((raw): SensorRow => {
    const row = sensorRowSchema.parse(raw);
    return { source: 'sensor', sensor: row.sensor, value: row.value, occurredAtMs: row.changed_at_ms, receivedAtMs: row.recorded_at_ms };
  });
  return [...rows, ...faultsRows(faults.rows), ...sensorRows];
}

/** What came just before `beforeMs`: each connector's last status, or the car's last faults. */
async function contextRows(database: Queryable, device: HistoryDevice, beforeMs: number): Promise<TimelineRow[]> {
  const sent = sentAtWindow({ fromMs: beforeMs - CONTEXT_LOOKBACK_MS, toMs: beforeMs }, device.clockOffsetMs);
  if (device.kind === 'chargePoint') {
    const { rows } = await database.query(
      `select distinct on (payload->>'connectorId') ${MESSAGE_COLUMNS}, payload from telemetry
        where device_id = $1 and channel = 'ocpp:StatusNotification' and occurred_at < to_timestamp($2::float8 / 1000) and ${between('sent_at', 3, 4)}
        order by payload->>'connectorId', occurred_at desc, received_at desc`,
      [device.id, beforeMs, sent.fromMs, sent.toMs],
    );
    return messageRows(rows);
  }
  // By sent_at, which the index reads backwards and stops at once; it follows occurred_at but for the
  // device's clock offset changing.
  const { rows } = await database.query(
    `select (extract(epoch from occurred_at) * 1000)::float8 as occurred_at_ms, (extract(epoch from received_at) * 1000)::float8 as received_at_ms,
            payload->'faults' as faults
       from telemetry
      where device_id = $1 and channel = 'mqtt:state' and occurred_at < to_timestamp($2::float8 / 1000) and ${between('sent_at', 3, 4)}
      order by sent_at desc limit 1`,
    [device.id, beforeMs, sent.fromMs, sent.toMs],
  );
  return faultsRows(rows);
}

/** The transactions the rows' StartTransaction and StopTransaction messages belong to. */
async function transactionsOf(database: Queryable, deviceId: string, rows: readonly TimelineRow[]): Promise<TransactionRecord[]> {
  const ids: number[] = [];
  const starts: string[] = [];
  for (const row of rows) {
    if (row.source !== 'message') continue;
    const payload = transactionReferenceSchema.safeParse(row.payload);
    if (!payload.success) continue;
    if (row.channel === 'ocpp:StopTransaction' && payload.data.transactionId !== undefined) ids.push(payload.data.transactionId);
    if (row.channel === 'ocpp:StartTransaction' && payload.data.timestamp !== undefined && !Number.isNaN(Date.parse(payload.data.timestamp))) {
      starts.push(new Date(payload.data.timestamp).toISOString());
    }
  }
  if (ids.length === 0 && starts.length === 0) return [];
  const { rows: found } = await database.query(
    `select id, connector_id, (extract(epoch from started_at) * 1000)::float8 as started_at_ms, meter_start_wh::float8 as meter_start_wh,
            meter_stop_wh::float8 as meter_stop_wh
       from transactions where charge_point_id = $1 and (id = any($2::int[]) or started_at = any($3::timestamptz[]))`,
    [deviceId, ids, starts],
  );
  return found.map((raw) => {
    const row = transactionRowSchema.parse(raw);
    return { id: row.id, connectorId: row.connector_id, startedAtMs: row.started_at_ms, meterStartWh: row.meter_start_wh, meterStopWh: row.meter_stop_wh };
  });
}

/**
 * Cuts the newest `limit` events, never between two events of the same millisecond: the next page
 * starts before that millisecond, and would lose the rest of them.
 */
function cut(events: readonly TimelineEvent[], limit: number): readonly TimelineEvent[] {
  if (events.length <= limit) return events;
  const first = events[limit];
  let end = limit;
  while (end > 0 && events[end - 1]?.occurredAtMs === first?.occurredAtMs) end--;
  return events.slice(0, end === 0 ? limit : end);
}

/** A page of the device's timeline: the newest `limit` events before `beforeMs` (or now). */
export async function deviceTimeline(database: Queryable, device: HistoryDevice, request: TimelineRequest, nowMs = Date.now()): Promise<TimelinePage> {
  const floorMs = await earliestMs(database, device);
  const toMs = request.beforeMs ?? nowMs + HOUR_MS;
  if (floorMs === null || floorMs >= toMs) return { events: [], hasMore: false };
  const rows: TimelineRow[] = [];
  let fromMs = toMs;
  let span = FIRST_WINDOW_MS;
  const inPage = (event: TimelineEvent) => event.occurredAtMs >= fromMs && event.occurredAtMs < toMs;
  while (fromMs > floorMs) {
    const windowFromMs = Math.max(floorMs, toMs - span);
    rows.push(...(await windowRows(database, device, { fromMs: windowFromMs, toMs: fromMs })));
    fromMs = windowFromMs;
    span *= 2;
    // Counted without what came before the window: close enough to know when to stop reading.
    if (buildTimeline(rows).filter(inPage).length > request.limit) break;
  }
  const context = fromMs > floorMs ? await contextRows(database, device, fromMs) : [];
  const all = [...context, ...rows];
  const events = buildTimeline(all, await transactionsOf(database, device.id, all)).filter(inPage);
  const page = cut(events, request.limit);
  return { events: page, hasMore: page.length < events.length || fromMs > floorMs };
}
