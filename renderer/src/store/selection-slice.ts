import type { StoreSlice } from './types.js';

export interface SelectionSlice {
  /** The device whose panel is open. */
  readonly selectedDeviceId: string | null;
  /** The station whose panel is open (when no device is selected). */
  readonly selectedStationId: string | null;
  /** Devices picked with box-select on the map, for bulk actions; independent of the panel. */
  readonly boxSelection: readonly string[];
  /** The map keeps the selected device in view as it moves. */
  readonly isFollowing: boolean;
  select(deviceId: string | null): void;
  selectStation(stationId: string | null): void;
  setBoxSelection(deviceIds: readonly string[]): void;
  setFollowing(isFollowing: boolean): void;
}

export const createSelectionSlice: StoreSlice<SelectionSlice> = (set) => ({
  selectedDeviceId: null,
  selectedStationId: null,
  boxSelection: [],
  isFollowing: false,
  // Following belongs to one device: a new selection stops it.
  select: (selectedDeviceId) => set((state) => ({ selectedDeviceId, isFollowing: selectedDeviceId !== null && selectedDeviceId === state.selectedDeviceId && state.isFollowing })),
  selectStation: (selectedStationId) => set({ selectedStationId, selectedDeviceId: null, isFollowing: false }),
  setBoxSelection: (boxSelection) => set({ boxSelection }),
  setFollowing: (isFollowing) => set((state) => ({ isFollowing: isFollowing && state.selectedDeviceId !== null })),
});
