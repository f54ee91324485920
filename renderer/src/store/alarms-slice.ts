import { DEFAULT_ALARM_SORT, NO_ALARM_FILTERS, type AlarmFilters, type AlarmSort } from '../alarms/alarm-filters.js';
import type { StoreSlice } from './types.js';

export interface AlarmsSlice {
  readonly alarmFilters: AlarmFilters;
  readonly alarmSort: AlarmSort;
  /** The alarm whose panel is open in the alarms view. */
  readonly selectedAlarmId: number | null;
  /** Rows ticked with x or a click, for bulk acknowledge and assign; independent of the panel. */
  readonly alarmSelection: readonly number[];
  setAlarmFilters(change: Partial<AlarmFilters>): void;
  clearAlarmFilters(): void;
  setAlarmSort(sort: AlarmSort): void;
  openAlarm(alarmId: number | null): void;
  setAlarmSelection(alarmIds: readonly number[]): void;
  toggleAlarmSelected(alarmId: number): void;
  /** The alarms view, filtered as asked (the header's counts), with its panel closed. */
  showAlarms(filters?: Partial<AlarmFilters>): void;
}

export const createAlarmsSlice: StoreSlice<AlarmsSlice> = (set) => ({
  alarmFilters: NO_ALARM_FILTERS,
  alarmSort: DEFAULT_ALARM_SORT,
  selectedAlarmId: null,
  alarmSelection: [],
  // A selection is kept across filter changes: what is ticked but hidden is still acted on, and the bar says so.
  setAlarmFilters: (change) => set((state) => ({ alarmFilters: { ...state.alarmFilters, ...change } })),
  clearAlarmFilters: () => set((state) => ({ alarmFilters: { ...NO_ALARM_FILTERS, showSuppressed: state.alarmFilters.showSuppressed } })),
  setAlarmSort: (alarmSort) => set({ alarmSort }),
  openAlarm: (selectedAlarmId) => set({ selectedAlarmId }),
  setAlarmSelection: (alarmSelection) => set({ alarmSelection }),
  toggleAlarmSelected: (alarmId) =>
    set((state) => ({
      alarmSelection: state.alarmSelection.includes(alarmId) ? state.alarmSelection.filter((id) => id !== alarmId) : [...state.alarmSelection, alarmId],
    })),
  showAlarms: (filters) => set({ view: 'alarms', overlay: 'none', alarmFilters: { ...NO_ALARM_FILTERS, ...filters }, selectedAlarmId: null, alarmSelection: [] }),
});
