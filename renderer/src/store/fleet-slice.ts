import { EMPTY_COUNTS, type FleetCounts } from '../sync/fleet-model.js';
import type { StoreSlice } from './types.js';

/** Summary counts only: the fleet itself lives in the FleetModel, outside React. */
export interface FleetSlice {
  readonly counts: FleetCounts;
  readonly fleetVersion: number;
  setCounts(counts: FleetCounts, version: number): void;
}

export const createFleetSlice: StoreSlice<FleetSlice> = (set) => ({
  counts: EMPTY_COUNTS,
  fleetVersion: -1,
  setCounts: (counts, fleetVersion) => set({ counts, fleetVersion }),
});
