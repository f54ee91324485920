import { beforeEach, describe, expect, it } from 'vitest';
import { useConsoleStore } from '../store/store.js';
import { FleetModel } from '../sync/fleet-model.js';
import { AlarmBook } from './alarm-book.js';
import { NO_ALARM_FILTERS } from './alarm-filters.js';
import { testAlarm } from './alarm-test-data.js';
import { fleetNames, openNotificationTarget } from './console-notifier.js';

let book: AlarmBook;

beforeEach(() => {
  book = new AlarmBook();
  book.applySnapshot({ alarms: [testAlarm(1, { severity: 'critical' }), testAlarm(2, { severity: 'critical', stationId: 'st-1' })], maintenance: [], serverTimeMs: 0 });
  useConsoleStore.setState({ view: 'map', overlay: 'search', alarmFilters: NO_ALARM_FILTERS, selectedAlarmId: null });
});

describe('opening a clicked notification', () => {
  it('shows the alarms view with that alarm’s panel, keeping filters that show it', () => {
    useConsoleStore.setState({ alarmFilters: { ...NO_ALARM_FILTERS, severities: ['critical'] } });
    openNotificationTarget(useConsoleStore.getState(), book, { kind: 'alarm', alarmId: 1 });
    const state = useConsoleStore.getState();
    expect(state.view).toBe('alarms');
    expect(state.overlay).toBe('none');
    expect(state.selectedAlarmId).toBe(1);
    expect(state.alarmFilters.severities).toEqual(['critical']);
  });

  it('clears filters that would hide the alarm', () => {
    useConsoleStore.setState({ view: 'alarms', alarmFilters: { ...NO_ALARM_FILTERS, stationIds: ['st-9'] } });
    openNotificationTarget(useConsoleStore.getState(), book, { kind: 'alarm', alarmId: 2 });
    expect(useConsoleStore.getState().alarmFilters).toEqual(NO_ALARM_FILTERS);
    expect(useConsoleStore.getState().selectedAlarmId).toBe(2);
  });

  it('opens an alarm the console no longer holds (closed since) by its id', () => {
    openNotificationTarget(useConsoleStore.getState(), book, { kind: 'alarm', alarmId: 99 });
    expect(useConsoleStore.getState().view).toBe('alarms');
    expect(useConsoleStore.getState().selectedAlarmId).toBe(99);
  });

  it('a burst opens the alarms view filtered to its severity, no panel open', () => {
    useConsoleStore.setState({ selectedAlarmId: 2 });
    openNotificationTarget(useConsoleStore.getState(), book, { kind: 'alarms', severity: 'critical' });
    const state = useConsoleStore.getState();
    expect(state.view).toBe('alarms');
    expect(state.alarmFilters).toEqual({ ...NO_ALARM_FILTERS, severities: ['critical'] });
    expect(state.selectedAlarmId).toBeNull();
  });
});

describe('fleetNames', () => {
  it('falls back to the ids before the fleet is loaded', () => {
    const names = fleetNames(new FleetModel());
    expect(names.deviceLabel('car-00001')).toBe('car-00001');
    expect(names.stationName('st-0001')).toBeNull();
  });
});
