/** Applies a theme to the page: a data attribute for the stylesheet, and the state colours as CSS variables. */
import type { Theme } from '../../../shared/bridge.js';
import { DEVICE_STATUSES } from '../../../shared/fleet.js';
import { STALE_AGE_COLOUR, STATUS_COLOURS } from './status-colours.js';

export function applyTheme(root: HTMLElement, theme: Theme): void {
  root.dataset.theme = theme;
  for (const status of DEVICE_STATUSES) root.style.setProperty(`--status-${status}`, STATUS_COLOURS[theme][status]);
  root.style.setProperty('--status-stale', STALE_AGE_COLOUR);
}
