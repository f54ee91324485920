import type { AlarmSeverity } from '../../../shared/alarms.js';
import type { DeviceKind, DeviceStatus } from '../../../shared/fleet.js';
import type { StoreSlice } from './types.js';

/** `stale`: only devices not heard from within their interval; `fresh`: only the others. */
export type Staleness = 'any' | 'stale' | 'fresh';

/**
 * By the device's worst open, unsuppressed alarm: `all` (no filter), `any` alarm, a severity (that one
 * or worse), or `none` (only devices without one).
 */
export type AlarmFilter = 'all' | 'any' | AlarmSeverity | 'none';

/** What the map and the list show. An empty list means "any": no filter on that field. */
export interface FleetFilters {
  readonly kinds: readonly DeviceKind[];
  readonly statuses: readonly DeviceStatus[];
  readonly staleness: Staleness;
  readonly stationIds: readonly string[];
  /** Firmware versions as reported; '' stands for "unknown". */
  readonly firmware: readonly string[];
  readonly alarm: AlarmFilter;
}

export const NO_FILTERS: FleetFilters = { kinds: [], statuses: [], staleness: 'any', stationIds: [], firmware: [], alarm: 'all' };

export function isFiltering(filters: FleetFilters): boolean {
  return filters.kinds.length > 0 || filters.statuses.length > 0 || filters.staleness !== 'any' || filters.stationIds.length > 0 || filters.firmware.length > 0 || filters.alarm !== 'all';
}

export interface FilterSlice {
  readonly filters: FleetFilters;
  setFilters(change: Partial<FleetFilters>): void;
  clearFilters(): void;
}

export const createFilterSlice: StoreSlice<FilterSlice> = (set) => ({
  filters: NO_FILTERS,
  setFilters: (change) => set((state) => ({ filters: { ...state.filters, ...change } })),
  clearFilters: () => set({ filters: NO_FILTERS }),
});
