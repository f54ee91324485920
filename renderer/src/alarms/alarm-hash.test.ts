import { beforeEach, describe, expect, it } from 'vitest';
import { formatViewHash, parseViewHash, syncViewWithHash, type HashPort } from '../find/view-hash.js';
import { useConsoleStore } from '../store/store.js';
import { NO_ALARM_FILTERS } from './alarm-filters.js';
import { DEFAULT_ALARMS_LOCATION, type AlarmsLocation } from './alarm-hash.js';

describe('the alarms view in the URL hash', () => {
  it('writes only the view when nothing is filtered, sorted otherwise or open', () => {
    expect(formatViewHash(DEFAULT_ALARMS_LOCATION)).toBe('#/alarms');
    expect(parseViewHash('#/alarms')).toEqual(DEFAULT_ALARMS_LOCATION);
    expect(formatViewHash({ view: 'review' })).toBe('#/review');
    expect(parseViewHash('#/review?whatever=1')).toEqual({ view: 'review' });
  });

  it('writes filters, order and panel in readable words, and reads them back', () => {
    const location: AlarmsLocation = {
      view: 'alarms',
      alarmFilters: {
        severities: ['critical', 'major'],
        types: ['deviceFault', 'flapping'],
        states: ['active', 'cleared'],
        stationIds: ['st-0001', 'st 2'],
        assignees: ['ana', ''],
        showSuppressed: true,
      },
      alarmSort: { key: 'raised', direction: 'desc' },
      openAlarmId: 123,
    };
    const hash = formatViewHash(location);
    expect(hash).toBe(
      '#/alarms?severity=critical,major&type=device-fault,flapping&state=active,cleared&station=st-0001&station=st%202&assignee=ana&assignee=&suppressed=shown&sort=raised:desc&panel=alarm:123',
    );
    expect(parseViewHash(hash)).toEqual(location);
  });

  it('reads hand-written hashes: wire names, repeats, junk ignored', () => {
    const location = parseViewHash('#/alarms?severity=critical&severity=critical,loud&type=impossibleCombination,nonsense&state=closed&sort=bogus&panel=alarm:x');
    expect(location).toEqual({
      ...DEFAULT_ALARMS_LOCATION,
      alarmFilters: { ...NO_ALARM_FILTERS, severities: ['critical'], types: ['impossibleCombination'], states: ['closed'] },
    });
    expect(parseViewHash('#/alarms?sort=station')).toMatchObject({ alarmSort: { key: 'station', direction: 'asc' } });
    expect(parseViewHash('#/alarms?panel=alarm:0')).toMatchObject({ openAlarmId: null });
  });
});

describe('moving between views through the hash', () => {
  let hash = '';
  let onChange: (() => void) | null = null;
  const port: HashPort = {
    read: () => hash,
    write: (next) => {
      hash = next;
    },
    listen: (callback) => {
      onChange = callback;
      return () => {
        onChange = null;
      };
    },
  };

  beforeEach(() => {
    hash = '';
    const state = useConsoleStore.getState();
    state.setView('map');
    state.clearFilters();
    state.select(null);
    state.clearAlarmFilters();
    state.openAlarm(null);
  });

  it('opens the alarms view of a shared link, and keeps the map’s filters for the way back', () => {
    useConsoleStore.getState().setFilters({ statuses: ['faulted'] });
    useConsoleStore.getState().select('car-1');
    hash = '#/alarms?severity=critical&panel=alarm:7';
    const stop = syncViewWithHash(useConsoleStore, port);
    const state = useConsoleStore.getState();
    expect(state.view).toBe('alarms');
    expect(state.alarmFilters.severities).toEqual(['critical']);
    expect(state.selectedAlarmId).toBe(7);

    useConsoleStore.getState().setAlarmFilters({ states: ['active'] });
    expect(hash).toBe('#/alarms?severity=critical&state=active&panel=alarm:7');
    useConsoleStore.getState().setView('map');
    expect(hash).toBe('#/map?status=faulted&panel=device:car-1');
    hash = '#/alarms?type=offline';
    onChange?.();
    expect(useConsoleStore.getState().view).toBe('alarms');
    expect(useConsoleStore.getState().selectedAlarmId).toBeNull();
    expect(useConsoleStore.getState().filters.statuses).toEqual(['faulted']);
    stop();
  });

  it('opens the alarms view from the header filtered by a severity, with no panel and no selection', () => {
    const stop = syncViewWithHash(useConsoleStore, port);
    useConsoleStore.getState().openAlarm(3);
    useConsoleStore.getState().setAlarmSelection([1, 2]);
    useConsoleStore.getState().showAlarms({ severities: ['major'], states: ['active', 'cleared'] });
    const state = useConsoleStore.getState();
    expect(state.selectedAlarmId).toBeNull();
    expect(state.alarmSelection).toEqual([]);
    expect(hash).toBe('#/alarms?severity=major&state=active,cleared');
    stop();
  });
});
