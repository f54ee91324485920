/**
 * The state colours, one table for the map, the legend and the panels, so that a state looks the same
 * everywhere (CONSOLE.md). Light-theme colours are darker so they keep their contrast on white.
 */
import type { Theme } from '../../../shared/bridge.js';
import type { AlarmSeverity } from '../../../shared/alarms.js';
import { DEVICE_STATUSES, type DeviceStatus } from '../../../shared/fleet.js';

export const STATUS_COLOURS: Readonly<Record<Theme, Readonly<Record<DeviceStatus, string>>>> = {
  dark: {
    offline: '#7d8590',
    available: '#3fb950',
    inUse: '#4c8dff',
    charging: '#22c3d6',
    reserved: '#a371f7',
    faulted: '#f0524f',
  },
  light: {
    offline: '#6e7781',
    available: '#1a7f37',
    inUse: '#0969da',
    charging: '#0e8a9e',
    reserved: '#8250df',
    faulted: '#cf222e',
  },
};

/** Stale devices keep their state's hue at this opacity: still recognisable, clearly not current. */
export const STALE_OPACITY = 0.55;

/** The colour of an age that is too old to trust (amber in both themes). */
export const STALE_AGE_COLOUR = '#d29922';

export function statusColour(status: DeviceStatus, theme: Theme): string {
  return STATUS_COLOURS[theme][status];
}

/** Colours indexed by wire status code, for the draw loop (no lookups by name per device). */
export function statusColoursByCode(theme: Theme): readonly string[] {
  return DEVICE_STATUSES.map((status) => STATUS_COLOURS[theme][status]);
}

/**
 * The segments of a cluster's ring, in the order they go round it (clockwise from the top): what can
 * be used first, what is busy, what needs someone, what cannot be vouched for.
 */
export const CLUSTER_SEGMENTS = ['available', 'inUse', 'charging', 'reserved', 'faulted', 'offline', 'stale'] as const satisfies readonly (DeviceStatus | 'stale')[];
export type ClusterSegment = (typeof CLUSTER_SEGMENTS)[number];

/** A ring segment's colour: the state's, and for stale devices the amber that marks every old age. */
export function segmentColour(segment: ClusterSegment, theme: Theme): string {
  return segment === 'stale' ? STALE_AGE_COLOUR : STATUS_COLOURS[theme][segment];
}

/** `#rrggbb` with an alpha channel, for the dimmed colour of a stale device. */
export function withOpacity(hexColour: string, opacity: number): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hexColour);
  if (!match) throw new RangeError(`Not a #rrggbb colour: ${hexColour}`);
  const [red, green, blue] = [match[1], match[2], match[3]].map((part) => Number.parseInt(part ?? '0', 16));
  return `rgba(${red}, ${green}, ${blue}, ${Math.max(0, Math.min(1, opacity))})`;
}

/**
 * Alarm severities (CONSOLE.md): critical red, major orange, minor yellow, warning blue-grey; the same on
 * the map's rings, in the header, the alarms view and the review's charts.
 */
export const SEVERITY_COLOURS: Readonly<Record<Theme, Readonly<Record<AlarmSeverity, string>>>> = {
  dark: { critical: '#ff4d4f', major: '#f0883e', minor: '#e3b341', warning: '#8b9bb8' },
  light: { critical: '#cf222e', major: '#bc4c00', minor: '#9a6700', warning: '#57708f' },
};

export function severityColour(severity: AlarmSeverity, theme: Theme): string {
  return SEVERITY_COLOURS[theme][severity];
}
