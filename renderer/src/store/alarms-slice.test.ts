import { beforeEach, describe, expect, it } from 'vitest';
import { mergeAlarms } from '../alarms/use-closed-alarms.js';
import { testAlarm } from '../alarms/alarm-test-data.js';
import { useConsoleStore } from './store.js';

describe('the alarms slice', () => {
  beforeEach(() => {
    const state = useConsoleStore.getState();
    state.setView('map');
    state.setAlarmSelection([]);
    state.clearAlarmFilters();
    state.setAlarmFilters({ showSuppressed: false });
  });

  it('ticks and unticks rows, in the order they were ticked', () => {
    const state = useConsoleStore.getState();
    state.toggleAlarmSelected(3);
    state.toggleAlarmSelected(1);
    state.toggleAlarmSelected(3);
    state.toggleAlarmSelected(2);
    expect(useConsoleStore.getState().alarmSelection).toEqual([1, 2]);
  });

  it('clears the filters but keeps the suppressed toggle, which is a way of looking, not a filter', () => {
    const state = useConsoleStore.getState();
    state.setAlarmFilters({ severities: ['critical'], assignees: [''], showSuppressed: true });
    state.clearAlarmFilters();
    expect(useConsoleStore.getState().alarmFilters).toEqual({ severities: [], types: [], states: [], stationIds: [], assignees: [], showSuppressed: true });
  });

  it('switches view and closes whatever overlay covered the old one', () => {
    useConsoleStore.getState().setOverlay('help');
    useConsoleStore.getState().setView('alarms');
    expect(useConsoleStore.getState()).toMatchObject({ view: 'alarms', overlay: 'none' });
  });
});

describe('closed alarms joining the list', () => {
  it('keeps each alarm once, in its newest revision', () => {
    const merged = mergeAlarms([testAlarm(1, { revision: 3 }), testAlarm(2, { revision: 1 })], [testAlarm(1, { revision: 2 }), testAlarm(2, { revision: 4, closedAtMs: 9 }), testAlarm(5)]);
    expect(merged.map((alarm) => [alarm.id, alarm.revision])).toEqual([
      [1, 3],
      [2, 4],
      [5, 1],
    ]);
  });
});
