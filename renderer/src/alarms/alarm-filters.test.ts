import { describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_SORT, NO_ALARM_FILTERS, isFilteringAlarms, matchesAlarm, nextSort, presentValues, selectAlarms, sortAlarms } from './alarm-filters.js';
import type { AlarmNames } from './alarm-filters.js';
import { testAlarm } from './alarm-test-data.js';

const names: AlarmNames = {
  deviceLabel: (deviceId) => ({ 'car-1': 'AB-123-CD', 'car-2': 'ZZ-999-ZZ', 'car-3': 'MM-500-MM' })[deviceId] ?? deviceId,
  stationName: (stationId) => (stationId === null ? '' : ({ 'st-1': 'Bastille', 'st-2': 'Alésia' })[stationId] ?? stationId),
};

const ids = (alarms: readonly { readonly id: number }[]) => alarms.map((alarm) => alarm.id);

describe('alarm filters', () => {
  const critical = testAlarm(1, { severity: 'critical', type: 'deviceFault', stationId: 'st-1', assignee: 'ana' });
  const cleared = testAlarm(2, { severity: 'minor', type: 'flapping', isCleared: true, clearedAtMs: 5 });
  const acknowledged = testAlarm(3, { severity: 'major', isAcknowledged: true, stationId: 'st-2' });
  const suppressed = testAlarm(4, { severity: 'warning', type: 'clockOffset', isSuppressed: true });
  const all = [critical, cleared, acknowledged, suppressed];

  it('hides alarms raised during maintenance unless asked, and shows everything else by default', () => {
    expect(all.filter((alarm) => matchesAlarm(alarm, NO_ALARM_FILTERS)).map((alarm) => alarm.id)).toEqual([1, 2, 3]);
    expect(all.filter((alarm) => matchesAlarm(alarm, { ...NO_ALARM_FILTERS, showSuppressed: true }))).toHaveLength(4);
    expect(isFilteringAlarms({ ...NO_ALARM_FILTERS, showSuppressed: true })).toBe(false);
  });

  it('filters by severity, type, state, station and assignee, "nobody" included', () => {
    const only = (patch: Partial<typeof NO_ALARM_FILTERS>) => ids(all.filter((alarm) => matchesAlarm(alarm, { ...NO_ALARM_FILTERS, ...patch })));
    expect(only({ severities: ['critical', 'minor'] })).toEqual([1, 2]);
    expect(only({ types: ['offline'] })).toEqual([3]);
    expect(only({ states: ['cleared'] })).toEqual([2]);
    expect(only({ states: ['active', 'acknowledged'] })).toEqual([1, 3]);
    expect(only({ stationIds: ['st-2'] })).toEqual([3]);
    expect(only({ assignees: ['ana'] })).toEqual([1]);
    expect(only({ assignees: [''] })).toEqual([2, 3]);
    expect(isFilteringAlarms({ ...NO_ALARM_FILTERS, assignees: [''] })).toBe(true);
  });
});

describe('alarm order', () => {
  const alarms = [
    testAlarm(1, { severity: 'minor', lastOccurredAtMs: 900, raisedAtMs: 100, occurrences: 7, assignee: 'zoe', stationId: 'st-1' }),
    testAlarm(2, { severity: 'critical', lastOccurredAtMs: 500, raisedAtMs: 300, occurrences: 2, type: 'deviceFault' }),
    testAlarm(3, { severity: 'critical', lastOccurredAtMs: 800, raisedAtMs: 200, occurrences: 2, assignee: 'ana', stationId: 'st-2' }),
    testAlarm(4, { severity: 'warning', lastOccurredAtMs: 999, raisedAtMs: 400, occurrences: 1, isAcknowledged: true, type: 'clockOffset' }),
  ];

  it('puts the most severe first, the most recently active first within a severity', () => {
    expect(ids(sortAlarms(alarms, DEFAULT_ALARM_SORT, names))).toEqual([3, 2, 1, 4]);
    expect(ids(sortAlarms(alarms, { key: 'severity', direction: 'desc' }, names))).toEqual([4, 1, 2, 3]);
  });

  it('sorts by times and counts, ties broken by severity then the newest alarm', () => {
    expect(ids(sortAlarms(alarms, { key: 'raised', direction: 'desc' }, names))).toEqual([4, 2, 3, 1]);
    expect(ids(sortAlarms(alarms, { key: 'last', direction: 'asc' }, names))).toEqual([2, 3, 1, 4]);
    expect(ids(sortAlarms(alarms, { key: 'occurrences', direction: 'desc' }, names))).toEqual([1, 3, 2, 4]);
  });

  it('sorts by names people read, with blanks last whichever the direction', () => {
    expect(ids(sortAlarms(alarms, { key: 'device', direction: 'asc' }, names))).toEqual([1, 4, 3, 2]);
    expect(ids(sortAlarms(alarms, { key: 'station', direction: 'asc' }, names))).toEqual([3, 1, 2, 4]);
    expect(ids(sortAlarms(alarms, { key: 'station', direction: 'desc' }, names))).toEqual([1, 3, 2, 4]);
    expect(ids(sortAlarms(alarms, { key: 'assignee', direction: 'desc' }, names))).toEqual([1, 3, 2, 4]);
    expect(ids(sortAlarms(alarms, { key: 'type', direction: 'asc' }, names))).toEqual([4, 2, 3, 1]);
    expect(ids(sortAlarms(alarms, { key: 'state', direction: 'asc' }, names))).toEqual([3, 2, 1, 4]);
  });

  it('turns a column round on the second click, and starts times newest first', () => {
    expect(nextSort(DEFAULT_ALARM_SORT, 'raised')).toEqual({ key: 'raised', direction: 'desc' });
    expect(nextSort({ key: 'raised', direction: 'desc' }, 'raised')).toEqual({ key: 'raised', direction: 'asc' });
    expect(nextSort(DEFAULT_ALARM_SORT, 'severity')).toEqual({ key: 'severity', direction: 'desc' });
  });

  it('filters then sorts in one go, and lists what can be picked', () => {
    expect(ids(selectAlarms(alarms, { ...NO_ALARM_FILTERS, severities: ['critical'] }, DEFAULT_ALARM_SORT, names))).toEqual([3, 2]);
    expect(presentValues(alarms)).toEqual({ stationIds: ['st-1', 'st-2'], assignees: ['ana', 'zoe'] });
  });
});
