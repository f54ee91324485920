/**
 * The statements that write history in batches: one multi-row statement per batch, never a round trip
 * per message. Duplicates that the in-memory window could not see (older, or from before a restart)
 * meet the table's unique keys and are skipped by the database.
 */
import type { SensorTransition } from '../state/index.js';
import type { Queryable } from '../store/database.js';
import type { DeviceMessage } from './message.js';

/** A message as history keeps it: with where it belongs in time. */
export interface HistoryEntry {
  readonly message: DeviceMessage;
  readonly occurredAtMs: number;
}

const INSERT_HISTORY = `
insert into telemetry (device_id, received_at, device_time, sent_at, occurred_at, boot_id, sequence, message_id, channel, payload)
select r.device_id, to_timestamp(r.received_at_ms / 1000.0), r.device_time::timestamptz,
       coalesce(r.device_time::timestamptz, to_timestamp(r.received_at_ms / 1000.0)), to_timestamp(r.occurred_at_ms / 1000.0),
       r.boot_id, r.sequence, r.message_id, r.channel, r.payload
  from json_to_recordset($1::json) as r(device_id text, received_at_ms double precision, device_time text, occurred_at_ms double precision,
                                        boot_id text, sequence bigint, message_id text, channel text, payload jsonb)
    on conflict do nothing`;

/**
 * Transitions the in-memory memory could not vouch for (a late message after a restart) are checked
 * against the table by the same rule as in memory.
 */
const INSERT_TRANSITIONS = `
insert into sensor_transitions (device_id, sensor, value, changed_at, device_changed_at, boot_id, sequence)
select r.device_id, r.sensor, r.value, to_timestamp(r.changed_at_ms / 1000.0), to_timestamp(r.device_changed_at_ms / 1000.0), r.boot_id, r.sequence
  from json_to_recordset($1::json) as r(device_id text, sensor text, value boolean, changed_at_ms double precision,
                                        device_changed_at_ms double precision, boot_id text, sequence bigint)
 where not exists (
   select 1 from sensor_transitions t
    where t.device_id = r.device_id and t.sensor = r.sensor and t.value = r.value
      and t.device_changed_at between to_timestamp((r.device_changed_at_ms - $2) / 1000.0) and to_timestamp((r.device_changed_at_ms + $2) / 1000.0)
      and not exists (
        select 1 from sensor_transitions o
         where o.device_id = r.device_id and o.sensor = r.sensor and o.value <> r.value
           and o.device_changed_at > least(t.device_changed_at, to_timestamp(r.device_changed_at_ms / 1000.0))
           and o.device_changed_at < greatest(t.device_changed_at, to_timestamp(r.device_changed_at_ms / 1000.0))))`;

/** A device clock that does not parse must not fail a whole batch: it is kept in the payload anyway. */
function validTime(time: string | null): string | null {
  return time !== null && !Number.isNaN(Date.parse(time)) ? time : null;
}

function historyRow({ message, occurredAtMs }: HistoryEntry): Record<string, unknown> {
  return {
    device_id: message.deviceId,
    received_at_ms: message.receivedAtMs,
    device_time: validTime(message.deviceTime),
    occurred_at_ms: occurredAtMs,
    boot_id: message.bootId,
    sequence: message.sequence,
    message_id: message.messageId ?? null,
    channel: message.channel,
    payload: message.payload ?? null,
  };
}

function transitionRow(transition: SensorTransition): Record<string, unknown> {
  return {
    device_id: transition.deviceId,
    sensor: transition.sensor,
    value: transition.value,
    changed_at_ms: transition.changedAtMs,
    device_changed_at_ms: transition.deviceChangedAtMs,
    boot_id: transition.bootId,
    sequence: transition.sequence,
  };
}

/** Writes the entries; returns how many were new (the rest were already recorded). */
export async function insertHistory(database: Queryable, entries: readonly HistoryEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const result = await database.query(INSERT_HISTORY, [JSON.stringify(entries.map(historyRow))]);
  return result.affectedRows;
}

export async function insertTransitions(database: Queryable, transitions: readonly SensorTransition[], toleranceMs: number): Promise<number> {
  if (transitions.length === 0) return 0;
  const result = await database.query(INSERT_TRANSITIONS, [JSON.stringify(transitions.map(transitionRow)), toleranceMs]);
  return result.affectedRows;
}
