/**
 * Which alarms the alarms view shows and in what order: pure functions over the book's alarms, so that
 * every rule (suppressed hidden by default, unassigned as a choice, ties broken the same way every time)
 * is tested without a browser.
 */
import { ALARM_TYPE_INFO, alarmState, severityRank } from '../../../shared/alarms.js';
import type { Alarm, AlarmSeverity, AlarmState, AlarmType } from '../../../shared/alarms.js';

/** An empty list means "any": no filter on that field. */
export interface AlarmFilters {
  readonly severities: readonly AlarmSeverity[];
  readonly types: readonly AlarmType[];
  readonly states: readonly AlarmState[];
  readonly stationIds: readonly string[];
  /** Usernames; '' stands for "nobody" (unassigned). */
  readonly assignees: readonly string[];
  /** Alarms raised during a maintenance window are hidden unless asked for. */
  readonly showSuppressed: boolean;
}

export const NO_ALARM_FILTERS: AlarmFilters = { severities: [], types: [], states: [], stationIds: [], assignees: [], showSuppressed: false };

export function isFilteringAlarms(filters: AlarmFilters): boolean {
  return filters.severities.length + filters.types.length + filters.states.length + filters.stationIds.length + filters.assignees.length > 0;
}

export const ALARM_SORT_KEYS = ['severity', 'type', 'device', 'station', 'state', 'occurrences', 'raised', 'last', 'assignee'] as const;
export type AlarmSortKey = (typeof ALARM_SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

export interface AlarmSort {
  readonly key: AlarmSortKey;
  readonly direction: SortDirection;
}

/** Most severe first, and within a severity the most recently active first. */
export const DEFAULT_ALARM_SORT: AlarmSort = { key: 'severity', direction: 'asc' };

/** The direction a column sorts in when first chosen: newest, most frequent first; names A to Z. */
export function naturalDirection(key: AlarmSortKey): SortDirection {
  return key === 'occurrences' || key === 'raised' || key === 'last' ? 'desc' : 'asc';
}

/** Clicking a column: sorts by it, or turns its direction round when it already sorts. */
export function nextSort(current: AlarmSort, key: AlarmSortKey): AlarmSort {
  if (current.key !== key) return { key, direction: naturalDirection(key) };
  return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
}

/** Names the view sorts and shows by, from the fleet model (an alarm holds only ids). */
export interface AlarmNames {
  /** The plate or serial number people recognise the device by; the id when unknown. */
  deviceLabel(deviceId: string): string;
  stationName(stationId: string | null): string;
}

/** The order of states in a sort: what needs a look first. */
const STATE_ORDER: Readonly<Record<AlarmState, number>> = { active: 0, cleared: 1, acknowledged: 2, closed: 3 };

export function matchesAlarm(alarm: Alarm, filters: AlarmFilters): boolean {
  if (alarm.isSuppressed && !filters.showSuppressed) return false;
  if (filters.severities.length > 0 && !filters.severities.includes(alarm.severity)) return false;
  if (filters.types.length > 0 && !filters.types.includes(alarm.type)) return false;
  if (filters.states.length > 0 && !filters.states.includes(alarmState(alarm))) return false;
  if (filters.stationIds.length > 0 && (alarm.stationId === null || !filters.stationIds.includes(alarm.stationId))) return false;
  if (filters.assignees.length > 0 && !filters.assignees.includes(alarm.assignee ?? '')) return false;
  return true;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareBy(key: AlarmSortKey, names: AlarmNames): (left: Alarm, right: Alarm) => number {
  switch (key) {
    case 'severity':
      // Ascending rank is most severe first; then the most recently active, so fresh trouble is on top.
      return (left, right) => severityRank(left.severity) - severityRank(right.severity) || right.lastOccurredAtMs - left.lastOccurredAtMs;
    case 'type':
      return (left, right) => collator.compare(ALARM_TYPE_INFO[left.type].label, ALARM_TYPE_INFO[right.type].label);
    case 'device':
      return (left, right) => collator.compare(names.deviceLabel(left.deviceId), names.deviceLabel(right.deviceId));
    case 'station':
      return (left, right) => collator.compare(names.stationName(left.stationId), names.stationName(right.stationId));
    case 'state':
      return (left, right) => STATE_ORDER[alarmState(left)] - STATE_ORDER[alarmState(right)];
    case 'occurrences':
      return (left, right) => left.occurrences - right.occurrences;
    case 'raised':
      return (left, right) => left.raisedAtMs - right.raisedAtMs;
    case 'last':
      return (left, right) => left.lastOccurredAtMs - right.lastOccurredAtMs;
    case 'assignee':
      return (left, right) => collator.compare(left.assignee ?? '', right.assignee ?? '');
  }
}

/**
 * The alarms in the asked order. Ties fall back to severity, then the newest id first, so that rows do
 * not swap places between two refreshes; unassigned and station-less alarms sort last either way.
 */
export function sortAlarms(alarms: readonly Alarm[], sort: AlarmSort, names: AlarmNames): Alarm[] {
  const primary = compareBy(sort.key, names);
  const sign = sort.direction === 'asc' ? 1 : -1;
  const bySeverity = compareBy('severity', names);
  const isBlank = (alarm: Alarm) => (sort.key === 'assignee' ? alarm.assignee === null : sort.key === 'station' ? alarm.stationId === null : false);
  return [...alarms].sort((left, right) => {
    const blanks = Number(isBlank(left)) - Number(isBlank(right));
    if (blanks !== 0) return blanks;
    return sign * primary(left, right) || bySeverity(left, right) || right.id - left.id;
  });
}

export function selectAlarms(alarms: readonly Alarm[], filters: AlarmFilters, sort: AlarmSort, names: AlarmNames): Alarm[] {
  return sortAlarms(
    alarms.filter((alarm) => matchesAlarm(alarm, filters)),
    sort,
    names,
  );
}

/** Values present among the alarms, for the filter menus: stations and assignees people can pick from. */
export function presentValues(alarms: readonly Alarm[]): { readonly stationIds: string[]; readonly assignees: string[] } {
  const stationIds = new Set<string>();
  const assignees = new Set<string>();
  for (const alarm of alarms) {
    if (alarm.stationId !== null) stationIds.add(alarm.stationId);
    if (alarm.assignee !== null) assignees.add(alarm.assignee);
  }
  return { stationIds: [...stationIds], assignees: [...assignees].sort(collator.compare) };
}
