/**
 * Reading history back: the gaps in a device's numbering (messages that never arrived) and its sensors'
 * transitions. Gaps are computed, not stored: a message that arrives late fills its gap by itself.
 */
import { z } from 'zod';
import type { Queryable } from '../store/database.js';

export interface TimeRange {
  /** Epoch milliseconds, on the device's clock (history's partition key); inclusive. */
  readonly fromMs: number;
  /** Exclusive. */
  readonly toMs: number;
}

const ALL_TIME: TimeRange = { fromMs: 0, toMs: Date.UTC(9999, 0, 1) };

/** Sequence numbers missing within one boot: after `afterSequence` came `nextSequence`, `missing` never arrived. */
export interface SequenceGap {
  readonly bootId: string;
  readonly afterSequence: number;
  readonly nextSequence: number;
  readonly missing: number;
}

const gapRowSchema = z.object({ boot_id: z.string(), previous: z.number(), sequence: z.number() });

/**
 * The gaps in a device's numbered messages, per boot in sequence order: 12 then 15 is a gap of 2.
 * Only between messages that are in history: a boot's first messages, if lost, leave no gap here.
 */
export async function sequenceGaps(database: Queryable, deviceId: string, range: TimeRange = ALL_TIME): Promise<SequenceGap[]> {
  const { rows } = await database.query(
    `select boot_id, previous::float8 as previous, sequence::float8 as sequence from (
       select boot_id, sequence, lag(sequence) over (partition by boot_id order by sequence) as previous
         from telemetry
        where device_id = $1 and sequence is not null and boot_id is not null
          and sent_at >= to_timestamp($2 / 1000.0) and sent_at < to_timestamp($3 / 1000.0)
     ) numbered
     where sequence > previous + 1
     order by boot_id, sequence`,
    [deviceId, range.fromMs, range.toMs],
  );
  return rows.map((raw) => {
    const row = gapRowSchema.parse(raw);
    return { bootId: row.boot_id, afterSequence: row.previous, nextSequence: row.sequence, missing: row.sequence - row.previous - 1 };
  });
}

export interface RecordedTransition {
  readonly sensor: string;
  readonly value: boolean;
  /** ISO 8601, corrected by the device's clock offset. */
  readonly changedAt: string;
  /** ISO 8601, on the device's clock. */
  readonly deviceChangedAt: string;
  readonly bootId: string | null;
  readonly sequence: number | null;
}

const transitionRowSchema = z.object({
  sensor: z.string(),
  value: z.boolean(),
  changed_at_ms: z.number(),
  device_changed_at_ms: z.number(),
  boot_id: z.string().nullable(),
  sequence: z.number().nullable(),
});

/** A device's recorded sensor transitions in the order they happened. */
export async function sensorTransitions(database: Queryable, deviceId: string, sensor?: string): Promise<RecordedTransition[]> {
  const { rows } = await database.query(
    `select sensor, value, (extract(epoch from changed_at) * 1000)::float8 as changed_at_ms,
            (extract(epoch from device_changed_at) * 1000)::float8 as device_changed_at_ms, boot_id, sequence::float8 as sequence
       from sensor_transitions
      where device_id = $1 and ($2::text is null or sensor = $2)
      order by changed_at, sensor`,
    [deviceId, sensor ?? null],
  );
  return rows.map((raw) => {
    const row = transitionRowSchema.parse(raw);
    return {
      sensor: row.sensor,
      value: row.value,
      changedAt: new Date(row.changed_at_ms).toISOString(),
      deviceChangedAt: new Date(row.device_changed_at_ms).toISOString(),
      bootId: row.boot_id,
      sequence: row.sequence,
    };
  });
}
