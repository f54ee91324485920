/**
 * From a device's history to what its charts draw: the windows an operator can choose, one row per
 * bucket with a break wherever the device said nothing for a while, and time ticks on the operator's
 * own clock. Pure, so the chart components only draw.
 */
import type { DeviceKind, DeviceStatus } from '../../../shared/fleet.js';
import type { DeviceSeries, SeriesPoint } from '../../../shared/device-history.js';
import { operatorTimeZone } from '../ui/format.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface ChartWindow {
  readonly id: '1h' | '6h' | '24h' | '7d';
  readonly label: string;
  readonly durationMs: number;
  /** Distance between two time ticks on the axis. */
  readonly tickStepMs: number;
}

export const CHART_WINDOWS: readonly ChartWindow[] = [
  { id: '1h', label: '1 h', durationMs: HOUR, tickStepMs: 15 * MINUTE },
  { id: '6h', label: '6 h', durationMs: 6 * HOUR, tickStepMs: HOUR },
  { id: '24h', label: '24 h', durationMs: DAY, tickStepMs: 6 * HOUR },
  // Every other midnight: seven day labels do not fit a panel-wide axis.
  { id: '7d', label: '7 d', durationMs: 7 * DAY, tickStepMs: 2 * DAY },
];
export type ChartWindowId = ChartWindow['id'];
export const DEFAULT_CHART_WINDOW: ChartWindowId = '1h';

/** Buckets asked of the backend: about one per pixel pair of a panel-wide chart. */
export const CHART_POINTS = 180;
/** Readings further apart than this many buckets are drawn with a break between them, not joined. */
export const GAP_BUCKETS = 3;

export function chartWindow(id: ChartWindowId): ChartWindow {
  return CHART_WINDOWS.find((candidate) => candidate.id === id) ?? CHART_WINDOWS[0] ?? { id: '1h', label: '1 h', durationMs: HOUR, tickStepMs: 15 * MINUTE };
}

/** The window ending now, on the backend's clock, with whole seconds so repeated asks look alike. */
export function chartRange(id: ChartWindowId, serverNowMs: number): { readonly fromMs: number; readonly toMs: number } {
  const toMs = Math.ceil(serverNowMs / 1000) * 1000;
  return { fromMs: toMs - chartWindow(id).durationMs, toMs };
}

export interface ChartSpec {
  readonly id: 'battery' | 'speed' | 'power' | 'energy';
  readonly title: string;
  readonly unit: string;
  readonly digits: number;
  /** The state colour the line borrows, so a chart reads like the map. */
  readonly tone: DeviceStatus;
  /** Fixed range, or null to fit the data (from zero when `fromZero`). */
  readonly domain: readonly [number, number] | null;
  readonly fromZero: boolean;
  readonly pick: (point: SeriesPoint) => number | null;
}

const kilo = (value: number | null) => (value === null ? null : value / 1000);

export const CHART_SPECS: Readonly<Record<DeviceKind, readonly ChartSpec[]>> = {
  car: [
    { id: 'battery', title: 'Battery', unit: '%', digits: 0, tone: 'available', domain: [0, 100], fromZero: true, pick: (point) => point.batteryPercent },
    { id: 'speed', title: 'Speed', unit: 'km/h', digits: 0, tone: 'inUse', domain: null, fromZero: true, pick: (point) => point.speedKmh },
  ],
  chargePoint: [
    { id: 'power', title: 'Power', unit: 'kW', digits: 1, tone: 'charging', domain: null, fromZero: true, pick: (point) => kilo(point.powerW) },
    { id: 'energy', title: 'Energy register', unit: 'kWh', digits: 1, tone: 'charging', domain: null, fromZero: false, pick: (point) => kilo(point.energyWh) },
  ],
};

export interface ChartRow {
  readonly atMs: number;
  /** null draws a break in the line. */
  readonly value: number | null;
}

/**
 * One row per bucket that has a reading of the quantity, oldest first; a null row wherever readings are
 * more than GAP_BUCKETS buckets apart, so silence shows as silence instead of a straight line.
 */
export function toChartRows(series: DeviceSeries, pick: (point: SeriesPoint) => number | null): ChartRow[] {
  const rows: ChartRow[] = [];
  const gapMs = GAP_BUCKETS * series.bucketMs;
  let previousAtMs: number | null = null;
  for (const point of series.points) {
    const value = pick(point);
    if (value === null || !Number.isFinite(value)) continue;
    if (previousAtMs !== null && point.atMs - previousAtMs > gapMs) rows.push({ atMs: previousAtMs + series.bucketMs, value: null });
    rows.push({ atMs: point.atMs, value });
    previousAtMs = point.atMs;
  }
  return rows;
}

export interface ChartSummary {
  readonly latest: ChartRow | null;
  readonly min: number | null;
  readonly max: number | null;
  /** Last reading minus first: the energy delivered over the window, for a register. */
  readonly change: number | null;
}

export function summarise(rows: readonly ChartRow[]): ChartSummary {
  let first: ChartRow | null = null;
  let latest: ChartRow | null = null;
  let min: number | null = null;
  let max: number | null = null;
  for (const row of rows) {
    if (row.value === null) continue;
    first ??= row;
    latest = row;
    min = min === null ? row.value : Math.min(min, row.value);
    max = max === null ? row.value : Math.max(max, row.value);
  }
  return { latest, min, max, change: first && latest ? (latest.value ?? 0) - (first.value ?? 0) : null };
}

/** The zone's offset from UTC at a moment, in milliseconds (Paris in winter: +3,600,000). */
export function zoneOffsetMs(timeMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(timeMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const wallMs = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return wallMs - Math.floor(timeMs / MINUTE) * MINUTE;
}

/** Ticks at whole steps of the operator's wall clock (every hour, every midnight) within the window. */
export function timeTicks(fromMs: number, toMs: number, stepMs: number, timeZone: string = operatorTimeZone()): number[] {
  const ticks: number[] = [];
  const startOffset = zoneOffsetMs(fromMs, timeZone);
  let wallMs = Math.ceil((fromMs + startOffset) / stepMs) * stepMs;
  for (let guard = 0; guard < 1000; guard++, wallMs += stepMs) {
    // Each tick's own offset, so midnight stays midnight across a daylight-saving change.
    const guess = wallMs - startOffset;
    const tick = wallMs - zoneOffsetMs(guess, timeZone);
    if (tick > toMs) break;
    if (tick >= fromMs) ticks.push(tick);
  }
  return ticks;
}

/** A tick's label: the clock time, or the weekday and date over a week. */
export function formatTick(timeMs: number, windowId: ChartWindowId, timeZone: string = operatorTimeZone()): string {
  const options: Intl.DateTimeFormatOptions =
    windowId === '7d' ? { timeZone, weekday: 'short', day: 'numeric' } : { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat('en-GB', options).format(new Date(timeMs));
}

/** "Thu 27 Nov, 14:02" for the value under the pointer. */
export function formatPointTime(timeMs: number, timeZone: string = operatorTimeZone()): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(timeMs),
  );
}

export function formatValue(value: number | null, spec: Pick<ChartSpec, 'unit' | 'digits'>): string {
  if (value === null) return '—';
  return `${value.toLocaleString('en-US', { minimumFractionDigits: spec.digits, maximumFractionDigits: spec.digits })} ${spec.unit}`;
}
