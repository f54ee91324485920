import type { DeviceKind, DeviceStatus } from '../../../shared/fleet.js';
import type { StoreSlice } from './types.js';

/** `stale`: only devices not heard from within their interval; `fresh`: only the others. */
export type Staleness = 'any' | 'stale' | 'fresh';

/** What the map and the list show. An empty list means "any": no filter on that field. */
export interface FleetFilters {
  readonly kinds: readonly DeviceKind[];
  readonly statuses: readonly DeviceStatus[];
  readonly staleness: Staleness;
  readonly stationIds: readonly string[];
  /** Firmware versions as reported; '' stands for "unknown". */
  readonly firmware: readonly string[];
}

export const NO_FILTERS: FleetFilters = { kinds: [], statuses: [], staleness: 'any', stationIds: [], firmware: [] };

export function isFiltering(filters: FleetFilters): boolean {
  return filters.kinds.length > 0 || filters.statuses.length > 0 || filters.staleness !== 'any' || filters.stationIds.length > 0 || filters.firmware.length > 0;
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
