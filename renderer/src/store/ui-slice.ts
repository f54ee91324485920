import type { StoreSlice } from './types.js';

/** What covers the view: the search palette (Ctrl+K), the shortcut list (?), or nothing. */
export type Overlay = 'none' | 'search' | 'help';

export interface UiSlice {
  readonly overlay: Overlay;
  /** The list of filtered devices beside the map. */
  readonly isListOpen: boolean;
  setOverlay(overlay: Overlay): void;
  setListOpen(isListOpen: boolean): void;
}

export const createUiSlice: StoreSlice<UiSlice> = (set) => ({
  overlay: 'none',
  isListOpen: true,
  setOverlay: (overlay) => set({ overlay }),
  setListOpen: (isListOpen) => set({ isListOpen }),
});
