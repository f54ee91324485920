/**
 * The alarms view's part of the URL hash (#/alarms?severity=critical,major&type=flapping&state=active
 * &assignee=ana&panel=alarm:123): words a person can read and type, wire names accepted too, junk ignored.
 */
import { ALARM_SEVERITIES, ALARM_STATES, ALARM_TYPES } from '../../../shared/alarms.js';
import { ALARM_SORT_KEYS, DEFAULT_ALARM_SORT, NO_ALARM_FILTERS } from './alarm-filters.js';
import type { AlarmFilters, AlarmSort } from './alarm-filters.js';

export interface AlarmsLocation {
  readonly view: 'alarms';
  readonly alarmFilters: AlarmFilters;
  readonly alarmSort: AlarmSort;
  /** The alarm whose panel is open. */
  readonly openAlarmId: number | null;
}

export const DEFAULT_ALARMS_LOCATION: AlarmsLocation = { view: 'alarms', alarmFilters: NO_ALARM_FILTERS, alarmSort: DEFAULT_ALARM_SORT, openAlarmId: null };

/** "deviceFault" reads "device-fault" in a URL. */
function wordOf(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function fromWords<Value extends string>(all: readonly Value[], words: readonly string[]): Value[] {
  const found = words.flatMap((word) => all.find((value) => value === word || wordOf(value) === word) ?? []);
  return [...new Set(found)];
}

function listOf(params: URLSearchParams, name: string): string[] {
  return params.getAll(name).flatMap((value) => value.split(',')).filter((value) => value !== '');
}

/** Adds the alarms view's filters, order and panel to `params`, in a fixed order. */
export function writeAlarmParams(params: URLSearchParams, location: AlarmsLocation): void {
  const { alarmFilters: filters, alarmSort: sort } = location;
  if (filters.severities.length > 0) params.set('severity', filters.severities.join(','));
  if (filters.types.length > 0) params.set('type', filters.types.map(wordOf).join(','));
  if (filters.states.length > 0) params.set('state', filters.states.join(','));
  // Ids and usernames are free text: one parameter each; an empty assignee is "nobody".
  for (const stationId of filters.stationIds) params.append('station', stationId);
  for (const assignee of filters.assignees) params.append('assignee', assignee);
  if (filters.showSuppressed) params.set('suppressed', 'shown');
  if (sort.key !== DEFAULT_ALARM_SORT.key || sort.direction !== DEFAULT_ALARM_SORT.direction) params.set('sort', `${sort.key}:${sort.direction}`);
  if (location.openAlarmId !== null) params.set('panel', `alarm:${location.openAlarmId}`);
}

function parseSort(value: string | null): AlarmSort {
  const match = value === null ? null : /^([a-z]+)(?::(asc|desc))?$/.exec(value);
  const key = ALARM_SORT_KEYS.find((candidate) => candidate === match?.[1]);
  if (!key) return DEFAULT_ALARM_SORT;
  return { key, direction: match?.[2] === 'desc' ? 'desc' : 'asc' };
}

export function readAlarmParams(params: URLSearchParams): AlarmsLocation {
  const panel = /^alarm:(\d{1,15})$/.exec(params.get('panel') ?? '');
  const openAlarmId = panel?.[1] ? Number(panel[1]) : null;
  return {
    view: 'alarms',
    alarmFilters: {
      severities: fromWords(ALARM_SEVERITIES, listOf(params, 'severity')),
      types: fromWords(ALARM_TYPES, listOf(params, 'type')),
      states: fromWords(ALARM_STATES, listOf(params, 'state')),
      stationIds: [...new Set(params.getAll('station').filter((id) => id !== ''))],
      assignees: [...new Set(params.getAll('assignee'))],
      showSuppressed: params.get('suppressed') === 'shown',
    },
    alarmSort: parseSort(params.get('sort')),
    openAlarmId: openAlarmId !== null && openAlarmId > 0 ? openAlarmId : null,
  };
}
