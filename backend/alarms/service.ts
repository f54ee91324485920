/**
 * The alarm service: turns what detectors say into exactly one open alarm per device and type, stores
 * it with its history, lets operators act on it, and tells consoles.
 *
 * Detectors call raise()/clear()/isActive(), which answer at once from an in-memory map of the open
 * alarms keyed (device, type). The database is written behind them, through one queue per key, so that
 * an alarm's changes are stored in the order they happened and a burst in one tick becomes one write.
 *
 * How an alarm gets its id before it is pushed: a queued batch is written as
 * `insert … on conflict (device_id, type) where closed_at is null do update … returning` (store.ts),
 * and the alarm is pushed only with the row that statement returns. The partial unique index decides
 * between "new alarm" and "another occurrence" inside the database, so a second backend node racing to
 * raise the same alarm turns into an occurrence of it rather than a duplicate, and the per-key queue
 * means this node never has two statements about one key in flight. The runs of many keys waiting at
 * once share one transaction (detector-writes.ts), so a fleet-wide storm is a few round trips.
 */
import type { Logger } from 'pino';
import { ALARM_TYPE_INFO } from '../../shared/alarms.js';
import type { Alarm, AlarmType, MaintenanceWindow } from '../../shared/alarms.js';
import type { Inventory } from '../inventory/types.js';
import type { Database } from '../store/database.js';
import type { ActedOutcome, ActionOutcome } from './actions.js';
import { escalateAlarm, unsuppressAlarm } from './actions.js';
import { createDetectorWriter, segmentsOf } from './detector-writes.js';
import type { DetectorChange } from './detector-writes.js';
import { createMaintenanceBook } from './maintenance.js';
import type { MaintenanceBook } from './maintenance.js';
import { createOperatorActions } from './operator-actions.js';
import type { OperatorActions, OperatorDirectory } from './operator-actions.js';
import { alarmFromRow, openAlarmRows } from './store.js';
import type { AlarmRow } from './store.js';
import { realTimers } from './timers.js';
import type { AlarmTimer, AlarmTimers } from './timers.js';
import type { AlarmReader, AlarmSink } from './types.js';

/** A critical alarm left unacknowledged this long is escalated. */
export const DEFAULT_ESCALATE_AFTER_MS = 15 * 60_000;
const DEFAULT_RETRY_DELAY_MS = 250;
const MAX_RETRY_DELAY_MS = 30_000;
/** Once closing, a write that keeps failing is tried this many more times, then logged as lost. */
const ATTEMPTS_WHILE_CLOSING = 3;

export interface AlarmServiceOptions {
  readonly db: Database;
  /** Where a device's kind and station are read when one of its alarms is raised. */
  readonly inventory: Pick<Inventory, 'device' | 'station'>;
  /** Who alarms can be assigned to. */
  readonly operators: OperatorDirectory;
  readonly logger: Logger;
  /** The backend's clock; Date.now by default. */
  readonly now?: () => number;
  readonly timers?: AlarmTimers;
  readonly escalateAfterMs?: number;
  /** The first wait before a failed write is tried again; it doubles up to 30 s. */
  readonly retryDelayMs?: number;
}

export interface AlarmService extends AlarmSink, AlarmReader, OperatorActions {
  /** Reads the open alarms and the current maintenance windows: after a restart a condition seen again is an occurrence. */
  load(): Promise<void>;
  /** Current and future maintenance windows, soonest first. */
  maintenance(): readonly MaintenanceWindow[];
  /** Called with every current and future window whenever one is created, ended, or runs out. */
  onMaintenanceChange(listener: (windows: readonly MaintenanceWindow[]) => void): () => void;
  /** Resolves once every change made so far is stored. */
  flush(): Promise<void>;
  /** Stores what is queued, then stops (raises after this are ignored). */
  close(): Promise<void>;
}

/** The alarm of one device and type while it is open, and the writes queued for it. */
interface Entry {
  readonly key: string;
  readonly deviceId: string;
  readonly type: AlarmType;
  /** As last stored; null before the first write returns, and once it closed. */
  alarm: Alarm | null;
  /** As detectors last said, ahead of the store: what isActive() answers. */
  isCleared: boolean;
  /** The batch of the queued write that has not started yet: new changes join it. */
  openBatch: DetectorChange[] | null;
  /** Changes queued or being written. */
  unwritten: number;
  /** Tasks queued or running. */
  tasks: number;
  tail: Promise<void>;
}

function keyOf(deviceId: string, type: AlarmType): string {
  return `${type}\u0000${deviceId}`;
}

export function createAlarmService(options: AlarmServiceOptions): AlarmService {
  const { db, inventory } = options;
  const logger = options.logger.child({ module: 'alarms' });
  const now = options.now ?? Date.now;
  const timers = options.timers ?? realTimers;
  const escalateAfterMs = options.escalateAfterMs ?? DEFAULT_ESCALATE_AFTER_MS;
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const maintenanceBook: MaintenanceBook = createMaintenanceBook(db);
  const entries = new Map<string, Entry>();
  const byId = new Map<number, Entry>();
  const listeners = new Set<(alarm: Alarm) => void>();
  const maintenanceListeners = new Set<(windows: readonly MaintenanceWindow[]) => void>();
  const writer = createDetectorWriter(db, (deviceId, stationId) => maintenanceBook.covering(deviceId, stationId, now()));
  const escalating = new Set<number>();
  const unsuppressing = new Set<number>();
  const unknownDevices = new Set<string>();
  let timer: AlarmTimer | null = null;
  let timerDueMs = Number.POSITIVE_INFINITY;
  let isClosing = false;
  let isClosed = false;

  function entryFor(deviceId: string, type: AlarmType): Entry {
    const key = keyOf(deviceId, type);
    let entry = entries.get(key);
    if (!entry) {
      entry = { key, deviceId, type, alarm: null, isCleared: true, openBatch: null, unwritten: 0, tasks: 0, tail: Promise.resolve() };
      entries.set(key, entry);
    }
    return entry;
  }

  function forgetIfIdle(entry: Entry): void {
    if (entry.alarm === null && entry.tasks === 0 && entry.unwritten === 0 && entries.get(entry.key) === entry) entries.delete(entry.key);
  }

  /** Runs `task` after everything queued for this alarm. */
  function enqueue<T>(entry: Entry, task: () => Promise<T>): Promise<T> {
    entry.tasks += 1;
    const run = entry.tail.then(task);
    entry.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => {
      entry.tasks -= 1;
      forgetIfIdle(entry);
    });
  }

  function notify(alarm: Alarm): void {
    for (const listener of listeners) {
      try {
        listener(alarm);
      } catch (error) {
        logger.error({ err: error }, 'an alarm listener failed');
      }
    }
  }

  function notifyMaintenance(): void {
    const windows = currentWindows();
    for (const listener of maintenanceListeners) listener(windows);
  }

  function currentWindows(): readonly MaintenanceWindow[] {
    const nowMs = now();
    return maintenanceBook.windows().filter((window) => Math.min(window.endsAtMs, window.endedAtMs ?? Number.POSITIVE_INFINITY) > nowMs);
  }

  /** Takes in the alarm as the store now holds it: the open set follows, listeners hear of it. */
  function absorb(row: AlarmRow): Alarm {
    const alarm = alarmFromRow(row);
    const isOpen = alarm.closedAtMs === null;
    const entry = isOpen ? entryFor(alarm.deviceId, alarm.type) : entries.get(keyOf(alarm.deviceId, alarm.type));
    const current = entry?.alarm ?? null;
    if (current?.id === alarm.id && alarm.revision < current.revision) return current;
    // An older alarm of the key (a comment on a closed one) leaves the open one alone.
    if (entry && (current === null || alarm.id >= current.id)) {
      if (current && current.id !== alarm.id) byId.delete(current.id);
      entry.alarm = isOpen ? alarm : null;
      if (isOpen) byId.set(alarm.id, entry);
      else byId.delete(alarm.id);
      // With nothing of the detectors' still unwritten, the store is the truth (another node may have written).
      if (entry.unwritten === 0) entry.isCleared = !isOpen || alarm.isCleared;
      forgetIfIdle(entry);
    }
    notify(alarm);
    if (isEscalationCandidate(alarm)) wakeAt(alarm.raisedAtMs + escalateAfterMs);
    return alarm;
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Writes a batch, segment by segment, retrying a failed segment until it is stored. */
  async function writeBatch(entry: Entry, batch: readonly DetectorChange[]): Promise<void> {
    for (const segment of segmentsOf(batch)) {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const row = await writer.write(entry, segment);
          entry.unwritten -= segment.length;
          if (row) absorb(row);
          else if (entry.unwritten === 0 && entry.alarm === null) entry.isCleared = true;
          break;
        } catch (error) {
          if (isClosing && attempt >= ATTEMPTS_WHILE_CLOSING) {
            entry.unwritten -= segment.length;
            logger.error({ err: error, deviceId: entry.deviceId, type: entry.type, changes: segment.length }, 'alarm changes could not be stored and are lost');
            break;
          }
          const waitMs = Math.min(MAX_RETRY_DELAY_MS, retryDelayMs * 2 ** attempt);
          logger.warn({ err: error, deviceId: entry.deviceId, type: entry.type, attempt: attempt + 1, retryInMs: waitMs }, 'storing an alarm change failed; trying again');
          await delay(waitMs);
        }
      }
    }
  }

  function record(entry: Entry, change: DetectorChange): void {
    entry.unwritten += 1;
    if (entry.openBatch) {
      entry.openBatch.push(change);
      return;
    }
    const batch: DetectorChange[] = [change];
    entry.openBatch = batch;
    void enqueue(entry, () => {
      if (entry.openBatch === batch) entry.openBatch = null;
      return writeBatch(entry, batch);
    });
  }

  /** Runs an operator's or the system's change of one alarm in that alarm's queue, when it is open here. */
  async function act(alarmId: number, work: () => Promise<ActionOutcome>): Promise<ActedOutcome> {
    const task = async (): Promise<ActedOutcome> => {
      const outcome = await work();
      return outcome.kind === 'done' ? { ...outcome, alarm: absorb(outcome.row) } : outcome;
    };
    const entry = byId.get(alarmId);
    if (!entry) return task();
    // Later detector changes go after this action, not into a batch queued before it.
    entry.openBatch = null;
    return enqueue(entry, task);
  }

  function isEscalationCandidate(alarm: Alarm): boolean {
    return alarm.severity === 'critical' && !alarm.isAcknowledged && alarm.escalatedAtMs === null && !alarm.isSuppressed && alarm.closedAtMs === null;
  }

  function escalate(alarm: Alarm, nowMs: number): void {
    if (escalating.has(alarm.id)) return;
    escalating.add(alarm.id);
    act(alarm.id, () => escalateAlarm(db, alarm.id, nowMs, { afterMs: escalateAfterMs }))
      .catch((error: unknown) => logger.error({ err: error, alarmId: alarm.id }, 'escalating an alarm failed'))
      .finally(() => escalating.delete(alarm.id));
  }

  /** Alarms raised under a window that no window covers any more come back into view. */
  function unsuppressUncovered(nowMs: number, endedWindowIds: readonly number[]): void {
    for (const entry of entries.values()) {
      const alarm = entry.alarm;
      if (!alarm?.isSuppressed || unsuppressing.has(alarm.id)) continue;
      if (maintenanceBook.covering(alarm.deviceId, alarm.stationId, nowMs)) continue;
      unsuppressing.add(alarm.id);
      act(alarm.id, () => unsuppressAlarm(db, alarm.id, nowMs, { windowIds: endedWindowIds.join(',') }))
        .catch((error: unknown) => logger.error({ err: error, alarmId: alarm.id }, 'unsuppressing an alarm failed'))
        .finally(() => unsuppressing.delete(alarm.id));
    }
  }

  /** Escalates what is due, retires windows that ran out, and sets the timer for what comes next. */
  function runDue(): void {
    if (isClosed) return;
    const nowMs = now();
    const over = maintenanceBook.expire(nowMs);
    if (over.length > 0) {
      notifyMaintenance();
      unsuppressUncovered(
        nowMs,
        over.map((window) => window.id),
      );
    }
    let nextMs = maintenanceBook.nextEndMs();
    for (const entry of entries.values()) {
      const alarm = entry.alarm;
      if (!alarm || !isEscalationCandidate(alarm)) continue;
      const dueMs = alarm.raisedAtMs + escalateAfterMs;
      if (dueMs <= nowMs) escalate(alarm, nowMs);
      else nextMs = Math.min(nextMs, dueMs);
    }
    if (Number.isFinite(nextMs)) wakeAt(nextMs);
  }

  function wakeAt(dueMs: number): void {
    if (isClosing || dueMs >= timerDueMs) return;
    timer?.cancel();
    timerDueMs = dueMs;
    timer = timers.start(
      () => {
        timer = null;
        timerDueMs = Number.POSITIVE_INFINITY;
        runDue();
      },
      Math.max(0, dueMs - now()),
    );
  }

  async function flush(): Promise<void> {
    for (;;) {
      const busy = [...entries.values()].filter((entry) => entry.tasks > 0);
      if (busy.length === 0) return;
      await Promise.all(busy.map((entry) => entry.tail));
    }
  }

  const operatorActions = createOperatorActions({
    db,
    inventory,
    operators: options.operators,
    now,
    maintenance: maintenanceBook,
    act,
    onMaintenanceChanged(endedWindowIds) {
      notifyMaintenance();
      if (endedWindowIds.length > 0) unsuppressUncovered(now(), endedWindowIds);
      runDue();
    },
  });

  return {
    ...operatorActions,

    raise(condition) {
      if (isClosed) return;
      const device = inventory.device(condition.deviceId);
      if (!device) {
        if (!unknownDevices.has(condition.deviceId)) logger.warn({ deviceId: condition.deviceId, type: condition.type }, 'an alarm was raised for a device the inventory does not know; ignored');
        // Only to log each id once; ids that nobody owns can be many (failed logins), so the memory is bounded.
        if (unknownDevices.size >= 10_000) unknownDevices.clear();
        unknownDevices.add(condition.deviceId);
        return;
      }
      const entry = entryFor(condition.deviceId, condition.type);
      entry.isCleared = false;
      record(entry, {
        kind: 'occurred',
        atMs: condition.atMs,
        severity: condition.severity ?? ALARM_TYPE_INFO[condition.type].severity,
        message: condition.message,
        details: condition.details ?? {},
        deviceKind: device.kind,
        stationId: device.stationId,
      });
    },

    clear(clearance) {
      if (isClosed) return;
      const entry = entries.get(keyOf(clearance.deviceId, clearance.type));
      if (!entry || entry.isCleared) return;
      entry.isCleared = true;
      record(entry, { kind: 'cleared', atMs: clearance.atMs, message: clearance.message ?? null });
    },

    isActive(deviceId, type) {
      const entry = entries.get(keyOf(deviceId, type));
      return entry !== undefined && !entry.isCleared;
    },

    open() {
      const alarms: Alarm[] = [];
      for (const entry of entries.values()) if (entry.alarm) alarms.push(entry.alarm);
      return alarms;
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async load() {
      for (const row of await openAlarmRows(db)) absorb(row);
      await maintenanceBook.load(now());
      runDue();
      logger.info({ open: byId.size, maintenanceWindows: maintenanceBook.windows().length }, 'alarms loaded');
    },

    maintenance: currentWindows,

    onMaintenanceChange(listener) {
      maintenanceListeners.add(listener);
      return () => maintenanceListeners.delete(listener);
    },

    flush,

    async close() {
      if (isClosed) return;
      isClosing = true;
      timer?.cancel();
      timer = null;
      await flush();
      isClosed = true;
      listeners.clear();
      maintenanceListeners.clear();
    },
  };
}
