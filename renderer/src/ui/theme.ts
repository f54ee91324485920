/** Applies a theme to the page: a data attribute for the stylesheet, and the state colours as CSS variables. */
import type { Theme } from '../../../shared/bridge.js';
import { ALARM_SEVERITIES } from '../../../shared/alarms.js';
import { DEVICE_STATUSES } from '../../../shared/fleet.js';
import { SEVERITY_COLOURS, STALE_AGE_COLOUR, STATUS_COLOURS } from './status-colours.js';

export function applyTheme(root: HTMLElement, theme: Theme): void {
  root.dataset.theme = theme;
  for (const status of DEVICE_STATUSES) root.style.setProperty(`--status-${status}`, STATUS_COLOURS[theme][status]);
  root.style.setProperty('--status-stale', STALE_AGE_COLOUR);
  for (const severity of ALARM_SEVERITIES) root.style.setProperty(`--severity-${severity}`, SEVERITY_COLOURS[theme][severity]);
}
