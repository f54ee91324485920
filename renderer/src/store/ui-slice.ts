import type { StoreSlice } from './types.js';

/** The views that exist; the others (reservations, support…) come with their issues. */
export const VIEWS = ['map', 'alarms', 'review'] as const;
export type View = (typeof VIEWS)[number];

/** What covers the view: the search palette (Ctrl+K), the shortcut list (?), or nothing. */
export type Overlay = 'none' | 'search' | 'help';

export interface UiSlice {
  /** What fills the space beside the rail: the map, the alarms, the review. */
  readonly view: View;
  readonly overlay: Overlay;
  /** The list of filtered devices beside the map. */
  readonly isListOpen: boolean;
  setView(view: View): void;
  setOverlay(overlay: Overlay): void;
  setListOpen(isListOpen: boolean): void;
}

export const createUiSlice: StoreSlice<UiSlice> = (set) => ({
  view: 'map',
  overlay: 'none',
  isListOpen: true,
  setView: (view) => set({ view, overlay: 'none' }),
  setOverlay: (overlay) => set({ overlay }),
  setListOpen: (isListOpen) => set({ isListOpen }),
});
