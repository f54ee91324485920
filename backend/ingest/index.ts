/**
 * Ingest: every device message updates the last-known state at once and is queued for history, which
 * is written in batches (one multi-row statement per batch, never a round trip per message). The queue
 * is bounded; gateways can wait on `backPressure()` before reading more from a device.
 *
 * The state decides what a message is (state/ordering.ts): a duplicate is recorded nowhere; a message
 * older than the current state goes to history only; each history row carries the message's time
 * corrected by the device's clock offset; sensor transitions it shows first are recorded beside it.
 */
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import type { Applied, SensorTransition, StateCache } from '../state/index.js';
import { SAME_TRANSITION_MS } from '../state/transitions.js';
import { insertHistory, insertTransitions } from './history-rows.js';
import type { HistoryEntry } from './history-rows.js';
import type { DeviceMessage } from './message.js';
import { startHistoryMaintenance } from './partitions.js';
import type { HistoryMaintenance } from './partitions.js';

export type { DeviceMessage } from './message.js';
export { maintainHistory, listPartitions, partitionName } from './partitions.js';
export type { MaintenanceSummary } from './partitions.js';
export { sensorTransitions, sequenceGaps } from './queries.js';
export type { RecordedTransition, SequenceGap, TimeRange } from './queries.js';

export interface IngestStats {
  readonly accepted: number;
  /** History rows written (a duplicate the database recognised is not written). */
  readonly written: number;
  /** Messages recorded already: by the in-memory window at once, or by the database's unique keys. */
  readonly duplicates: number;
  readonly transitions: number;
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
  /**
   * Called with every message right after the state applied it (`applied` undefined: a device the state
   * does not know), whether or not history had room for it; never with a duplicate. Listeners run on
   * the hot path: they must be cheap and must not throw.
   */
  onAccepted(listener: AcceptedListener): () => void;
}

export type AcceptedListener = (message: DeviceMessage, applied: Applied | undefined) => void;

export interface IngestOptions {
  readonly db: Database;
  readonly state: StateCache;
  readonly logger: Logger;
  readonly batchSize?: number;
  readonly flushIntervalMs?: number;
  readonly queueLimit?: number;
  /** Days of history kept (partitions dropped past it); 0 keeps everything. Default 90. */
  readonly retentionDays?: number;
}

const ATTEMPTS_PER_BATCH = 2;

interface Batch {
  readonly entries: readonly HistoryEntry[];
  readonly transitions: readonly SensorTransition[];
  attempts: number;
}

/** A device the state does not know (removed, or not provisioned yet): its own clock, uncorrected. */
function unknownDeviceTime(message: DeviceMessage): number {
  const deviceMs = message.deviceTime === null ? Number.NaN : Date.parse(message.deviceTime);
  return Number.isNaN(deviceMs) ? message.receivedAtMs : deviceMs;
}

export function createIngest(options: IngestOptions): Ingest {
  const { db, state } = options;
  const logger = options.logger.child({ module: 'ingest' });
  const batchSize = options.batchSize ?? 2000;
  const queueLimit = options.queueLimit ?? 100_000;
  const drainedBelow = Math.floor(queueLimit / 2);
  const queue: HistoryEntry[] = [];
  const transitions: SensorTransition[] = [];
  let retry: Batch | null = null;
  let accepted = 0;
  let written = 0;
  let duplicates = 0;
  let transitionsWritten = 0;
  let dropped = 0;
  let isClosed = false;
  let writing: Promise<void> | null = null;
  let drained: { promise: Promise<void>; resolve: () => void } | null = null;
  let lastDropLogMs = 0;
  const acceptedListeners = new Set<AcceptedListener>();
  // Today's partition exists before the first batch, so rows do not pile up in the default one.
  const maintenance: HistoryMaintenance = startHistoryMaintenance(db, logger, { retentionDays: options.retentionDays ?? 90 });

  function queuedCount(): number {
    return queue.length + (retry?.entries.length ?? 0);
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

  async function writeBatch(batch: Batch): Promise<void> {
    // Both in one transaction, so that a retried batch does not record anything twice; most batches
    // have no transition and are one statement.
    const counts =
      batch.transitions.length === 0
        ? { rows: await insertHistory(db, batch.entries), transitions: 0 }
        : await db.transaction(async (transaction) => ({
            rows: await insertHistory(transaction, batch.entries),
            transitions: await insertTransitions(transaction, batch.transitions, SAME_TRANSITION_MS),
          }));
    written += counts.rows;
    duplicates += batch.entries.length - counts.rows;
    transitionsWritten += counts.transitions;
  }

  /** Writes batches until the queue is empty; only one runs at a time. */
  async function drain(): Promise<void> {
    await maintenance.ready;
    while (retry || queue.length > 0 || transitions.length > 0) {
      const batch = retry ?? { entries: queue.splice(0, batchSize), transitions: transitions.splice(0, batchSize), attempts: 0 };
      retry = null;
      try {
        await writeBatch(batch);
      } catch (error) {
        batch.attempts += 1;
        if (batch.attempts < ATTEMPTS_PER_BATCH) {
          retry = batch;
          logger.error({ err: error, messages: batch.entries.length }, 'Could not write history; retrying the batch');
          await new Promise((resolve) => setTimeout(resolve, 100));
        } else {
          logger.error({ err: error, messages: batch.entries.length }, 'Could not write history; batch dropped');
          drop(batch.entries.length, 'write failed');
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
    if (queue.length > 0 || transitions.length > 0) void startWriting();
  }, options.flushIntervalMs ?? 250);
  timer.unref();

  return {
    accept(message) {
      accepted += 1;
      const applied = state.apply(message);
      if (applied?.isDuplicate) {
        duplicates += 1;
        return true;
      }
      for (const listener of acceptedListeners) listener(message, applied);
      if (isClosed || queuedCount() >= queueLimit) {
        drop(1, isClosed ? 'closed' : 'queue full');
        return false;
      }
      queue.push({ message, occurredAtMs: applied?.occurredAtMs ?? unknownDeviceTime(message) });
      // Transitions are rare (a few a day per sensor), so they ride along with the history batches.
      if (applied && applied.transitions.length > 0) transitions.push(...applied.transitions);
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
      while (writing || queue.length > 0 || transitions.length > 0 || retry) await startWriting();
    },
    onAccepted(listener) {
      acceptedListeners.add(listener);
      return () => acceptedListeners.delete(listener);
    },
    stats: () => ({ accepted, written, duplicates, transitions: transitionsWritten, dropped, queued: queuedCount() }),
    async close() {
      isClosed = true;
      clearInterval(timer);
      await maintenance.stop();
      while (writing || queue.length > 0 || transitions.length > 0 || retry) await startWriting();
      drained?.resolve();
      drained = null;
      logger.info({ accepted, written, dropped }, 'Ingest closed');
    },
  };
}
