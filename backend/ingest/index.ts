/**
 * Ingest: every device message updates the last-known state at once and is queued for history, which
 * is written in batches (one multi-row statement per batch, never a round trip per message). The queue
 * is bounded; gateways can wait on `backPressure()` before reading more from a device.
 */
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import type { StateCache } from '../state/index.js';
import type { DeviceMessage } from './message.js';

export type { DeviceMessage } from './message.js';

export interface IngestStats {
  readonly accepted: number;
  readonly written: number;
  /** Messages that reached the state but not history: the queue was full, or a batch kept failing. */
  readonly dropped: number;
  readonly queued: number;
}

export interface Ingest {
  /** Applies the message to the state and queues it for history; false when history had to drop it. */
  accept(message: DeviceMessage): boolean;
  /** Null while the queue has room; otherwise resolves once it has drained below half. */
  backPressure(): Promise<void> | null;
  /** Writes everything queued so far. */
  flush(): Promise<void>;
  stats(): IngestStats;
  /** Stops accepting, then writes everything queued. */
  close(): Promise<void>;
}

export interface IngestOptions {
  readonly db: Database;
  readonly state: StateCache;
  readonly logger: Logger;
  readonly batchSize?: number;
  readonly flushIntervalMs?: number;
  readonly queueLimit?: number;
}

const INSERT_HISTORY = `
insert into telemetry (device_id, received_at, device_time, boot_id, sequence, channel, payload)
select r.device_id, to_timestamp(r.received_at_ms / 1000.0), r.device_time::timestamptz, r.boot_id, r.sequence, r.channel, r.payload
  from json_to_recordset($1::json) as r(device_id text, received_at_ms double precision, device_time text, boot_id text,
                                        sequence bigint, channel text, payload jsonb)`;

/** A device clock that does not parse must not fail a whole batch: it is kept in the payload anyway. */
function validTime(time: string | null): string | null {
  return time !== null && !Number.isNaN(Date.parse(time)) ? time : null;
}

function historyRow(message: DeviceMessage): Record<string, unknown> {
  return {
    device_id: message.deviceId,
    received_at_ms: message.receivedAtMs,
    device_time: validTime(message.deviceTime),
    boot_id: message.bootId,
    sequence: message.sequence,
    channel: message.channel,
    payload: message.payload ?? null,
  };
}

const ATTEMPTS_PER_BATCH = 2;

export function createIngest(options: IngestOptions): Ingest {
  const { db, state } = options;
  const logger = options.logger.child({ module: 'ingest' });
  const batchSize = options.batchSize ?? 2000;
  const queueLimit = options.queueLimit ?? 100_000;
  const drainedBelow = Math.floor(queueLimit / 2);
  const queue: DeviceMessage[] = [];
  let retry: { readonly messages: readonly DeviceMessage[]; attempts: number } | null = null;
  let accepted = 0;
  let written = 0;
  let dropped = 0;
  let isClosed = false;
  let writing: Promise<void> | null = null;
  let drained: { promise: Promise<void>; resolve: () => void } | null = null;
  let lastDropLogMs = 0;

  function queuedCount(): number {
    return queue.length + (retry?.messages.length ?? 0);
  }

  function drop(count: number, reason: string): void {
    dropped += count;
    const now = Date.now();
    // A full queue drops many messages a second; one line a second says enough.
    if (now - lastDropLogMs > 1000) {
      lastDropLogMs = now;
      logger.warn({ dropped, reason }, 'History dropped messages');
    }
  }

  async function writeBatch(messages: readonly DeviceMessage[]): Promise<void> {
    await db.query(INSERT_HISTORY, [JSON.stringify(messages.map(historyRow))]);
    written += messages.length;
  }

  /** Writes batches until the queue is empty; only one runs at a time. */
  async function drain(): Promise<void> {
    while (retry || queue.length > 0) {
      const batch = retry ?? { messages: queue.splice(0, batchSize), attempts: 0 };
      retry = null;
      try {
        await writeBatch(batch.messages);
      } catch (error) {
        batch.attempts += 1;
        if (batch.attempts < ATTEMPTS_PER_BATCH) {
          retry = batch;
          logger.error({ err: error, messages: batch.messages.length }, 'Could not write history; retrying the batch');
          await new Promise((resolve) => setTimeout(resolve, 100));
        } else {
          logger.error({ err: error, messages: batch.messages.length }, 'Could not write history; batch dropped');
          drop(batch.messages.length, 'write failed');
        }
      }
      if (drained && queuedCount() < drainedBelow) {
        drained.resolve();
        drained = null;
      }
    }
  }

  function startWriting(): Promise<void> {
    writing ??= drain().finally(() => {
      writing = null;
    });
    return writing;
  }

  const timer = setInterval(() => {
    if (queue.length > 0) void startWriting();
  }, options.flushIntervalMs ?? 250);
  timer.unref();

  return {
    accept(message) {
      accepted += 1;
      state.apply(message);
      if (isClosed || queuedCount() >= queueLimit) {
        drop(1, isClosed ? 'closed' : 'queue full');
        return false;
      }
      queue.push(message);
      if (queue.length >= batchSize) void startWriting();
      return true;
    },
    backPressure() {
      if (queuedCount() < queueLimit - batchSize) return null;
      if (!drained) {
        let resolve = () => {};
        const promise = new Promise<void>((done) => {
          resolve = done;
        });
        drained = { promise, resolve };
      }
      void startWriting();
      return drained.promise;
    },
    async flush() {
      // A write in progress may have started before the latest messages were queued.
      while (writing || queue.length > 0 || retry) await startWriting();
    },
    stats: () => ({ accepted, written, dropped, queued: queuedCount() }),
    async close() {
      isClosed = true;
      clearInterval(timer);
      while (writing || queue.length > 0 || retry) await startWriting();
      drained?.resolve();
      drained = null;
      logger.info({ accepted, written, dropped }, 'Ingest closed');
    },
  };
}
