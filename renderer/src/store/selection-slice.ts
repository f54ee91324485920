import type { StoreSlice } from './types.js';

export interface SelectionSlice {
  readonly selectedDeviceId: string | null;
  select(deviceId: string | null): void;
}

export const createSelectionSlice: StoreSlice<SelectionSlice> = (set) => ({
  selectedDeviceId: null,
  select: (selectedDeviceId) => set({ selectedDeviceId }),
});
