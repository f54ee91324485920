/**
 * Reading a device's history back as rows, for tools and tests that check what the backend recorded:
 * every message in the order it happened, and any message recorded more than once (which the rules say
 * never happens). Read-only.
 */
import { z } from 'zod';
import type { Queryable } from '../store/database.js';

/** One history row: one message as the backend recorded it. */
export interface HistoryRecord {
  readonly channel: string;
  readonly bootId: string | null;
  readonly sequence: number | null;
  /** The transport's own id (OCPP's unique message id), when it has one. */
  readonly messageId: string | null;
  /** Backend clock, epoch milliseconds. */
  readonly receivedAtMs: number;
  /** The device's clock, when the message said; epoch milliseconds. */
  readonly deviceTimeMs: number | null;
  /** Where the message belongs on the backend's timeline: its device time corrected by the clock offset. */
  readonly occurredAtMs: number;
  readonly payload: unknown;
}

const historyRowSchema = z.object({
  channel: z.string(),
  boot_id: z.string().nullable(),
  sequence: z.number().nullable(),
  message_id: z.string().nullable(),
  received_at_ms: z.number(),
  device_time_ms: z.number().nullable(),
  occurred_at_ms: z.number(),
  payload: z.unknown(),
});

/**
 * A device's history in the order its messages happened (ties by boot and sequence, then arrival),
 * optionally only some channels (`mqtt:state`, `ocpp:StatusNotification`, …).
 */
export async function deviceHistory(database: Queryable, deviceId: string, channels?: readonly string[]): Promise<HistoryRecord[]> {
  const { rows } = await database.query(
    `select channel, boot_id, sequence::float8 as sequence, message_id,
            (extract(epoch from received_at) * 1000)::float8 as received_at_ms,
            (extract(epoch from device_time) * 1000)::float8 as device_time_ms,
            (extract(epoch from occurred_at) * 1000)::float8 as occurred_at_ms, payload
       from telemetry
      where device_id = $1 and ($2::text[] is null or channel = any($2::text[]))
      order by occurred_at, boot_id, sequence, received_at`,
    [deviceId, channels ?? null],
  );
  return rows.map((raw) => {
    const row = historyRowSchema.parse(raw);
    return {
      channel: row.channel,
      bootId: row.boot_id,
      sequence: row.sequence,
      messageId: row.message_id,
      receivedAtMs: row.received_at_ms,
      deviceTimeMs: row.device_time_ms,
      occurredAtMs: row.occurred_at_ms,
      payload: row.payload,
    };
  });
}

/** A message identity (boot and sequence, or boot and transport message id) found on several rows. */
export interface RepeatedMessage {
  readonly bootId: string | null;
  /** The sequence, or the transport's message id, as text. */
  readonly key: string;
  readonly rows: number;
}

const repeatedRowSchema = z.object({ boot_id: z.string().nullable(), key: z.string(), rows: z.number() });

/** Messages of a device recorded more than once; empty when every message has one row. */
export async function repeatedMessages(database: Queryable, deviceId: string): Promise<RepeatedMessage[]> {
  const { rows } = await database.query(
    `select boot_id, coalesce(sequence::text, message_id) as key, count(*)::int as rows
       from telemetry
      where device_id = $1 and (sequence is not null or message_id is not null)
      group by boot_id, coalesce(sequence::text, message_id)
     having count(*) > 1
      order by boot_id, key`,
    [deviceId],
  );
  return rows.map((raw) => {
    const row = repeatedRowSchema.parse(raw);
    return { bootId: row.boot_id, key: row.key, rows: row.rows };
  });
}
