/**
 * Writing what detectors said. Changes to one device and type that arrive together are written
 * together (a burst of occurrences is one row), and the runs of every key waiting at the same moment are
 * written in one transaction of multi-row statements (group commit): when the whole fleet goes silent at
 * once, thousands of alarms are a few round trips, not thousands.
 *
 * A clear ends a run, because what follows it may belong to a new alarm (an acknowledged alarm closes
 * when it clears, and the condition coming back after that is a new alarm, not an occurrence of the
 * closed one).
 */
import type { AlarmDetails, AlarmSeverity, AlarmType, MaintenanceWindow } from '../../shared/alarms.js';
import type { DeviceKind } from '../../shared/fleet.js';
import type { Database, Queryable } from '../store/database.js';
import { clearOpenAlarms, insertEvents, upsertOccurrences } from './store.js';
import type { AlarmRow, DetectorWrite, NewAlarmEventOf } from './store.js';

export interface Occurrence {
  readonly kind: 'occurred';
  readonly atMs: number;
  readonly severity: AlarmSeverity;
  readonly message: string;
  readonly details: AlarmDetails;
  /** The device as the inventory had it when the condition was seen. */
  readonly deviceKind: DeviceKind;
  readonly stationId: string | null;
}

export interface Clearance {
  readonly kind: 'cleared';
  readonly atMs: number;
  readonly message: string | null;
}

export type DetectorChange = Occurrence | Clearance;

export interface AlarmKey {
  readonly deviceId: string;
  readonly type: AlarmType;
}

/** Occurrences, each run ended by the clear that follows it. */
export function segmentsOf(changes: readonly DetectorChange[]): DetectorChange[][] {
  const segments: DetectorChange[][] = [];
  let current: DetectorChange[] = [];
  for (const change of changes) {
    current.push(change);
    if (change.kind === 'cleared') {
      segments.push(current);
      current = [];
    }
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

function keyString(deviceId: string, type: string): string {
  return `${type}\u0000${deviceId}`;
}

interface Job {
  readonly key: AlarmKey;
  readonly segment: readonly DetectorChange[];
  readonly resolve: (row: AlarmRow | undefined) => void;
  readonly reject: (error: unknown) => void;
}

interface Upsert {
  readonly job: Job;
  readonly occurrences: readonly Occurrence[];
  readonly window: MaintenanceWindow | undefined;
  readonly write: DetectorWrite;
}

function planUpsert(job: Job, occurrences: readonly Occurrence[], window: MaintenanceWindow | undefined): Upsert {
  const [first] = occurrences;
  const latest = occurrences.at(-1);
  if (!first || !latest) throw new Error('an upsert needs an occurrence');
  const last = job.segment.at(-1);
  return {
    job,
    occurrences,
    window,
    write: {
      deviceId: job.key.deviceId,
      deviceKind: first.deviceKind,
      stationId: first.stationId,
      type: job.key.type,
      severity: latest.severity,
      message: latest.message,
      details: latest.details,
      firstOccurredAtMs: first.atMs,
      lastOccurredAtMs: occurrences.reduce((latestMs, occurrence) => Math.max(latestMs, occurrence.atMs), first.atMs),
      occurrences: occurrences.length,
      clearedAtMs: last?.kind === 'cleared' ? last.atMs : null,
      isSuppressed: window !== undefined,
    },
  };
}

function upsertEvents(upsert: Upsert, row: AlarmRow & { is_new: boolean }): NewAlarmEventOf[] {
  const events: NewAlarmEventOf[] = upsert.job.segment.map((change, index) =>
    change.kind === 'cleared'
      ? { alarmId: row.id, kind: 'cleared', atMs: change.atMs, by: null, text: change.message }
      : { alarmId: row.id, kind: row.is_new && index === 0 ? 'raised' : 'occurred', atMs: change.atMs, by: null, text: change.message, details: change.details },
  );
  const [first] = upsert.occurrences;
  if (row.is_new && row.is_suppressed && upsert.window && first) {
    events.splice(1, 0, { alarmId: row.id, kind: 'suppressed', atMs: first.atMs, by: null, text: `Raised during maintenance: ${upsert.window.reason}`, details: { windowId: upsert.window.id } });
  }
  if (row.closed_at !== null) events.push({ alarmId: row.id, kind: 'closed', atMs: upsert.write.clearedAtMs ?? upsert.write.lastOccurredAtMs, by: null, text: null });
  return events;
}

/** Writes one group in one transaction; returns each job's alarm as stored (undefined: a clear that found nothing to clear). */
async function writeGroup(transaction: Queryable, jobs: readonly Job[], suppressingWindow: SuppressingWindow): Promise<Map<Job, AlarmRow | undefined>> {
  const upserts: Upsert[] = [];
  const clears: { job: Job; clear: Clearance }[] = [];
  for (const job of jobs) {
    const occurrences = job.segment.filter((change): change is Occurrence => change.kind === 'occurred');
    const last = job.segment.at(-1);
    if (occurrences[0]) upserts.push(planUpsert(job, occurrences, suppressingWindow(job.key.deviceId, occurrences[0].stationId)));
    else if (last?.kind === 'cleared') clears.push({ job, clear: last });
  }
  const results = new Map<Job, AlarmRow | undefined>(jobs.map((job) => [job, undefined]));
  const events: NewAlarmEventOf[] = [];

  const upsertByKey = new Map(upserts.map((upsert) => [keyString(upsert.write.deviceId, upsert.write.type), upsert]));
  for (const row of await upsertOccurrences(
    transaction,
    upserts.map((upsert) => upsert.write),
  )) {
    const upsert = upsertByKey.get(keyString(row.device_id, row.type));
    if (!upsert) continue;
    results.set(upsert.job, row);
    events.push(...upsertEvents(upsert, row));
  }

  const clearByKey = new Map(clears.map((entry) => [keyString(entry.job.key.deviceId, entry.job.key.type), entry]));
  const cleared = await clearOpenAlarms(
    transaction,
    clears.map(({ job, clear }) => ({ deviceId: job.key.deviceId, type: job.key.type, atMs: clear.atMs })),
  );
  for (const row of cleared) {
    const entry = clearByKey.get(keyString(row.device_id, row.type));
    if (!entry) continue;
    results.set(entry.job, row);
    events.push({ alarmId: row.id, kind: 'cleared', atMs: entry.clear.atMs, by: null, text: entry.clear.message });
    if (row.closed_at !== null) events.push({ alarmId: row.id, kind: 'closed', atMs: entry.clear.atMs, by: null, text: null });
  }
  await insertEvents(transaction, events);
  return results;
}

/** The maintenance window, if any, that covers the device (by itself or its station) now. */
export type SuppressingWindow = (deviceId: string, stationId: string | null) => MaintenanceWindow | undefined;

export interface DetectorWriter {
  /**
   * Writes one run of one key (occurrences, then at most one clear) with the runs of other keys waiting
   * at the same moment. The caller sends at most one run per key at a time (service.ts queues per key).
   */
  write(key: AlarmKey, segment: readonly DetectorChange[]): Promise<AlarmRow | undefined>;
}

/** Most keys in one transaction: bounds its statements' size and how long it holds locks. */
const MAX_GROUP = 2000;

export function createDetectorWriter(db: Database, suppressingWindow: SuppressingWindow): DetectorWriter {
  let waiting: Job[] = [];
  let isRunning = false;

  async function settle(jobs: readonly Job[]): Promise<void> {
    try {
      const results = await db.transaction((transaction) => writeGroup(transaction, jobs, suppressingWindow));
      for (const job of jobs) job.resolve(results.get(job));
    } catch (error) {
      if (jobs.length === 1) {
        jobs[0]?.reject(error);
        return;
      }
      // One bad run must not hold back the others: each is tried on its own before failing.
      for (const job of jobs) await settle([job]);
    }
  }

  async function run(): Promise<void> {
    isRunning = true;
    try {
      while (waiting.length > 0) {
        const jobs = waiting.slice(0, MAX_GROUP);
        waiting = waiting.slice(MAX_GROUP);
        await settle(jobs);
      }
    } finally {
      isRunning = false;
    }
  }

  return {
    write(key, segment) {
      return new Promise((resolve, reject) => {
        waiting.push({ key, segment, resolve, reject });
        // Started after the current tick's writes joined: a burst from one loop is one group.
        if (!isRunning) {
          isRunning = true;
          setImmediate(() => void run());
        }
      });
    },
  };
}
