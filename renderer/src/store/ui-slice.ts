import type { StoreSlice } from './types.js';

/** The views of the left rail (CONSOLE.md); admin comes with its issue. */
export const VIEWS = ['map', 'alarms', 'reservations', 'support', 'review'] as const;
export type View = (typeof VIEWS)[number];

/** What covers the view: the search palette (Ctrl+K), the shortcut list (?), or nothing. */
export type Overlay = 'none' | 'search' | 'help';

export interface UiSlice {
  /** What fills the space beside the rail. */
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
