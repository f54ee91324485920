/**
 * Each device's worst shown alarm as one byte beside the FleetModel's arrays, so that the map's draw
 * loop and the alarm filter read a byte per device instead of asking the alarm book. Rebuilt from the
 * book when the book changes or the fleet is replaced (a snapshot renumbers devices): that costs one
 * pass over the alarmed devices and one clear of the array, never work per frame.
 */
import { ALARM_SEVERITIES, severityRank, type AlarmSeverity } from '../../../shared/alarms.js';

/** 0: no shown alarm. Otherwise higher is worse: warning 1, minor 2, major 3, critical 4. */
export type AlarmLevel = number;
export const NO_ALARM_LEVEL = 0;
export const ALARM_LEVEL_COUNT = ALARM_SEVERITIES.length;

export function levelOf(severity: AlarmSeverity): AlarmLevel {
  return ALARM_LEVEL_COUNT - severityRank(severity);
}

export function severityOfLevel(level: AlarmLevel): AlarmSeverity | null {
  return level <= NO_ALARM_LEVEL || level > ALARM_LEVEL_COUNT ? null : (ALARM_SEVERITIES[ALARM_LEVEL_COUNT - level] ?? null);
}

/** What of the alarm book the index reads. */
export interface AlarmSource {
  readonly revision: number;
  devicesWithAlarms(): ReadonlyMap<string, AlarmSeverity>;
  subscribe(listener: () => void): () => void;
}

/** What of the fleet model the index reads. */
export interface IndexedFleet {
  readonly count: number;
  indexOf(deviceId: string): number;
  subscribe(listener: (change: { readonly type: string }) => void): () => void;
}

/**
 * Writes each device's level into `levels` (cleared first) and returns the indices of the alarmed
 * devices, in device order. Alarms of devices the fleet does not know are left out.
 */
export function fillAlarmLevels(levels: Uint8Array, fleet: Pick<IndexedFleet, 'indexOf'>, alarmed: ReadonlyMap<string, AlarmSeverity>): Uint32Array {
  levels.fill(NO_ALARM_LEVEL);
  const indices: number[] = [];
  for (const [deviceId, severity] of alarmed) {
    const index = fleet.indexOf(deviceId);
    if (index < 0 || index >= levels.length) continue;
    levels[index] = levelOf(severity);
    indices.push(index);
  }
  return Uint32Array.from(indices).sort();
}

export class AlarmLevels {
  /** Index-aligned with the fleet model: the device's worst shown alarm level. */
  levels = new Uint8Array(0);
  /** Devices with a level above NO_ALARM_LEVEL. */
  alarmed: Uint32Array = new Uint32Array(0);
  /** How many alarmed devices there are at each level (index = level). */
  readonly countByLevel = new Uint32Array(ALARM_LEVEL_COUNT + 1);
  /** Bumped whenever `levels` changes. */
  revision = 0;
  private readonly listeners = new Set<() => void>();
  private readonly stops: (() => void)[];
  private bookRevision = -1;

  constructor(
    private readonly fleet: IndexedFleet,
    private readonly book: AlarmSource,
  ) {
    this.stops = [
      book.subscribe(() => this.rebuild()),
      fleet.subscribe((change) => {
        // A delta only moves devices; a snapshot may renumber them all.
        if (change.type === 'snapshot') this.rebuild(true);
      }),
    ];
    this.rebuild(true);
  }

  levelAt(index: number): AlarmLevel {
    return this.levels[index] ?? NO_ALARM_LEVEL;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const stop of this.stops) stop();
    this.listeners.clear();
  }

  private rebuild(isFleetChanged = false): void {
    if (!isFleetChanged && this.book.revision === this.bookRevision) return;
    this.bookRevision = this.book.revision;
    if (this.levels.length !== this.fleet.count) this.levels = new Uint8Array(this.fleet.count);
    this.alarmed = fillAlarmLevels(this.levels, this.fleet, this.book.devicesWithAlarms());
    this.countByLevel.fill(0);
    for (const index of this.alarmed) {
      const level = this.levels[index] ?? NO_ALARM_LEVEL;
      this.countByLevel[level] = (this.countByLevel[level] ?? 0) + 1;
    }
    this.revision++;
    for (const listener of this.listeners) listener();
  }
}

/** The levels an alarm filter lets through, lowest and highest (`all`: every level). */
export function alarmLevelBounds(filter: 'all' | 'any' | 'none' | AlarmSeverity): { readonly min: AlarmLevel; readonly max: AlarmLevel } {
  if (filter === 'all') return { min: NO_ALARM_LEVEL, max: ALARM_LEVEL_COUNT };
  if (filter === 'none') return { min: NO_ALARM_LEVEL, max: NO_ALARM_LEVEL };
  if (filter === 'any') return { min: 1, max: ALARM_LEVEL_COUNT };
  return { min: levelOf(filter), max: ALARM_LEVEL_COUNT };
}

/** Devices a choice keeps, from the counts by level (the filter's other fields aside). */
export function devicesPassing(filter: 'all' | 'any' | 'none' | AlarmSeverity, countByLevel: ArrayLike<number>, deviceCount: number): number {
  const { min, max } = alarmLevelBounds(filter);
  let alarmed = 0;
  let passing = 0;
  for (let level = NO_ALARM_LEVEL + 1; level <= ALARM_LEVEL_COUNT; level++) {
    const count = countByLevel[level] ?? 0;
    alarmed += count;
    if (level >= min && level <= max) passing += count;
  }
  return min === NO_ALARM_LEVEL ? passing + Math.max(0, deviceCount - alarmed) : passing;
}
