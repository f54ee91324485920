/**
 * The console's live alarms: every alarm that is not closed, kept from the hub's `alarms:snapshot` and
 * `alarms:changes` outside React (like the fleet model), so the map, the header, the alarms view and
 * the notifier read one copy. A push may arrive after a newer copy of the same alarm (a call's answer
 * can overtake it), so each alarm is kept at its highest revision.
 */
import { severityRank } from '../../../shared/alarms.js';
import type { Alarm, AlarmChanges, AlarmSeverity, AlarmSnapshot, MaintenanceWindow } from '../../../shared/alarms.js';

export interface AlarmBookChange {
  /** Alarms seen for the first time (a snapshot's are all `added` when the book was empty). */
  readonly added: readonly Alarm[];
  readonly updated: readonly Alarm[];
  /** Alarms that closed (or vanished from a new snapshot). */
  readonly removed: readonly Alarm[];
  /** True for a whole snapshot: listeners that notify should not treat it as news. */
  readonly isSnapshot: boolean;
}

export type SeverityCounts = Record<AlarmSeverity, number>;

function zeroCounts(): SeverityCounts {
  return { critical: 0, major: 0, minor: 0, warning: 0 };
}

/** Counted in the header and drawn on the map: open, not hidden by a maintenance window. */
function isShown(alarm: Alarm): boolean {
  return alarm.closedAtMs === null && !alarm.isSuppressed;
}

export class AlarmBook {
  #alarms = new Map<number, Alarm>();
  #byDevice = new Map<string, Alarm[]>();
  #maintenance: readonly MaintenanceWindow[] = [];
  #listeners = new Set<(change: AlarmBookChange) => void>();
  #revision = 0;
  #isLoaded = false;
  /** The backend's clock minus ours at the last push, to age alarms on the backend's timeline. */
  serverOffsetMs = 0;

  /** Bumped by every change; cheap to compare for views that redraw. */
  get revision(): number {
    return this.#revision;
  }

  /** False until the first snapshot: "no alarms" is not known before it. */
  get isLoaded(): boolean {
    return this.#isLoaded;
  }

  applySnapshot(snapshot: AlarmSnapshot, nowMs = Date.now()): void {
    const previous = this.#alarms;
    const next = new Map<number, Alarm>();
    const added: Alarm[] = [];
    const updated: Alarm[] = [];
    for (const alarm of snapshot.alarms) {
      if (alarm.closedAtMs !== null) continue;
      next.set(alarm.id, alarm);
      const before = previous.get(alarm.id);
      if (!before) added.push(alarm);
      else if (before.revision !== alarm.revision) updated.push(alarm);
    }
    const removed = [...previous.values()].filter((alarm) => !next.has(alarm.id));
    this.#alarms = next;
    this.#maintenance = snapshot.maintenance;
    this.serverOffsetMs = snapshot.serverTimeMs - nowMs;
    this.#isLoaded = true;
    this.#reindex();
    this.#emit({ added, updated, removed, isSnapshot: true });
  }

  applyChanges(changes: AlarmChanges, nowMs = Date.now()): void {
    const added: Alarm[] = [];
    const updated: Alarm[] = [];
    const removed: Alarm[] = [];
    for (const alarm of changes.alarms) this.#put(alarm, added, updated, removed);
    if (changes.maintenance) this.#maintenance = changes.maintenance;
    this.serverOffsetMs = changes.serverTimeMs - nowMs;
    if (added.length + updated.length + removed.length === 0 && !changes.maintenance) return;
    this.#reindex();
    this.#emit({ added, updated, removed, isSnapshot: false });
  }

  /** An alarm from a call's answer (acknowledge, assign): newer than what a push brought, or ignored. */
  upsert(alarms: readonly Alarm[]): void {
    this.applyChanges({ alarms, serverTimeMs: Date.now() + this.serverOffsetMs });
  }

  /** Forgets everything (logged out). */
  clear(): void {
    const removed = [...this.#alarms.values()];
    this.#alarms = new Map();
    this.#maintenance = [];
    this.#isLoaded = false;
    this.#reindex();
    this.#emit({ added: [], updated: [], removed, isSnapshot: true });
  }

  all(): readonly Alarm[] {
    return [...this.#alarms.values()];
  }

  get(alarmId: number): Alarm | undefined {
    return this.#alarms.get(alarmId);
  }

  forDevice(deviceId: string): readonly Alarm[] {
    return this.#byDevice.get(deviceId) ?? [];
  }

  /** The most severe shown alarm of the device, or null: what the map draws around it. */
  worstSeverity(deviceId: string): AlarmSeverity | null {
    let worst: AlarmSeverity | null = null;
    for (const alarm of this.forDevice(deviceId)) {
      if (!isShown(alarm)) continue;
      if (worst === null || severityRank(alarm.severity) < severityRank(worst)) worst = alarm.severity;
    }
    return worst;
  }

  /** Devices with at least one shown alarm, each with its worst severity. */
  devicesWithAlarms(): ReadonlyMap<string, AlarmSeverity> {
    const devices = new Map<string, AlarmSeverity>();
    for (const deviceId of this.#byDevice.keys()) {
      const worst = this.worstSeverity(deviceId);
      if (worst !== null) devices.set(deviceId, worst);
    }
    return devices;
  }

  /** Shown alarms that nobody has acknowledged yet, by severity: the header's counts. */
  unacknowledgedCounts(): SeverityCounts {
    const counts = zeroCounts();
    for (const alarm of this.#alarms.values()) if (isShown(alarm) && !alarm.isAcknowledged) counts[alarm.severity] += 1;
    return counts;
  }

  maintenance(): readonly MaintenanceWindow[] {
    return this.#maintenance;
  }

  subscribe(listener: (change: AlarmBookChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #put(alarm: Alarm, added: Alarm[], updated: Alarm[], removed: Alarm[]): void {
    const before = this.#alarms.get(alarm.id);
    if (before && before.revision >= alarm.revision) return;
    if (alarm.closedAtMs !== null) {
      if (before) {
        this.#alarms.delete(alarm.id);
        removed.push(alarm);
      }
      return;
    }
    this.#alarms.set(alarm.id, alarm);
    (before ? updated : added).push(alarm);
  }

  #reindex(): void {
    const byDevice = new Map<string, Alarm[]>();
    for (const alarm of this.#alarms.values()) {
      const list = byDevice.get(alarm.deviceId);
      if (list) list.push(alarm);
      else byDevice.set(alarm.deviceId, [alarm]);
    }
    for (const list of byDevice.values()) list.sort((left, right) => severityRank(left.severity) - severityRank(right.severity) || right.lastOccurredAtMs - left.lastOccurredAtMs);
    this.#byDevice = byDevice;
    this.#revision += 1;
  }

  #emit(change: AlarmBookChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

/** The console's one book, filled by the fleet controller's socket. */
export const alarmBook = new AlarmBook();
