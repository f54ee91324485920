/**
 * Maintenance windows as the console reasons about them, without React: which window covers a device or
 * a station now and which is planned, how a window reads ("until 16:00, 2 h 10 min left"), and the
 * `maintenance:create` request built from the dialog's form, with what is wrong with it said in words.
 */
import { MAX_COMMENT_LENGTH } from '../../../shared/alarms.js';
import type { MaintenanceWindow } from '../../../shared/alarms.js';
import type { ConsoleRequest } from '../../../shared/console-api.js';
import { formatDuration } from '../ui/format.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DURATION_PRESETS = [
  { id: '1h', label: '1 h', durationMs: HOUR },
  { id: '4h', label: '4 h', durationMs: 4 * HOUR },
  { id: '8h', label: '8 h', durationMs: 8 * HOUR },
  { id: '1d', label: '1 day', durationMs: 24 * HOUR },
] as const;
export type DurationPresetId = (typeof DURATION_PRESETS)[number]['id'];

/** A start typed a little in the past (the minute it was typed in) still means "from then", not an error. */
const START_GRACE_MS = 2 * MINUTE;

/** What a window is looked up for: a device (and the station it belongs to), or a whole station. */
export interface MaintenanceTarget {
  readonly deviceId: string | null;
  readonly stationId: string | null;
}

/** When the window stops covering: its planned end, or when someone ended it. */
export function windowEndMs(window: MaintenanceWindow): number {
  return Math.min(window.endsAtMs, window.endedAtMs ?? Number.POSITIVE_INFINITY);
}

/** A device's panel counts its own windows and its station's; a station's panel, the station's own. */
function concerns(window: MaintenanceWindow, target: MaintenanceTarget): boolean {
  if (target.deviceId !== null && window.deviceId === target.deviceId) return true;
  return target.stationId !== null && window.stationId === target.stationId;
}

export interface TargetWindows {
  /** Covering the target now, the one lasting longest first. */
  readonly current: readonly MaintenanceWindow[];
  /** Starting later, soonest first. */
  readonly upcoming: readonly MaintenanceWindow[];
}

export function windowsFor(windows: readonly MaintenanceWindow[], target: MaintenanceTarget, nowMs: number): TargetWindows {
  const mine = windows.filter((window) => concerns(window, target) && windowEndMs(window) > nowMs);
  return {
    current: mine.filter((window) => window.startsAtMs <= nowMs).sort((left, right) => windowEndMs(right) - windowEndMs(left) || left.id - right.id),
    upcoming: mine.filter((window) => window.startsAtMs > nowMs).sort((left, right) => left.startsAtMs - right.startsAtMs || left.id - right.id),
  };
}

/** The window covering the target now (the one lasting longest), if any. */
export function coveringWindow(windows: readonly MaintenanceWindow[], target: MaintenanceTarget, nowMs: number): MaintenanceWindow | undefined {
  return windowsFor(windows, target, nowMs).current[0];
}

/**
 * The book's list with a call's answer in it, before the hub's push brings the same: a new window is
 * added, an ended one replaced, and windows that are over dropped.
 */
export function withWindow(windows: readonly MaintenanceWindow[], window: MaintenanceWindow, nowMs: number): MaintenanceWindow[] {
  return [...windows.filter((candidate) => candidate.id !== window.id), window]
    .filter((candidate) => windowEndMs(candidate) > nowMs)
    .sort((left, right) => left.startsAtMs - right.startsAtMs || left.id - right.id);
}

const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string, withDay: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDay}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(withDay ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

function dayKey(timeMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(timeMs));
}

/** "16:00" today, "Tue 14 Jan, 09:30" on another day, in the operator's time zone. */
export function formatWhen(timeMs: number, nowMs: number, timeZone: string): string {
  if (dayKey(timeMs, timeZone) === dayKey(nowMs, timeZone)) return dateFormat(timeZone, false).format(new Date(timeMs));
  return dateFormat(timeZone, true).format(new Date(timeMs));
}

/** "2 h 10 min": minutes rounded up, so a window never reads "0 min left" while it still runs. */
export function formatLeft(durationMs: number): string {
  if (durationMs <= 0) return '0 min';
  if (durationMs < MINUTE) return 'under 1 min';
  return formatDuration(Math.ceil(durationMs / MINUTE) * MINUTE);
}

/** On a device's panel, a window of its whole station says so. */
export function isStationWide(window: MaintenanceWindow, target: MaintenanceTarget): boolean {
  return target.deviceId !== null && window.deviceId === null;
}

/** The banner's first words: "Under maintenance until 16:00 (2 h 10 min left)" or "Scheduled from Tue 14 Jan, 09:00 until 13:00". */
export function describeWindow(window: MaintenanceWindow, nowMs: number, timeZone: string): string {
  const endMs = windowEndMs(window);
  if (window.startsAtMs > nowMs) {
    return `Scheduled from ${formatWhen(window.startsAtMs, nowMs, timeZone)} until ${formatWhen(endMs, window.startsAtMs, timeZone)} (${formatLeft(endMs - window.startsAtMs)})`;
  }
  return `Under maintenance until ${formatWhen(endMs, nowMs, timeZone)} (${formatLeft(endMs - nowMs)} left)`;
}

/** What the dialog holds while the operator fills it in. Times are `<input type="datetime-local">` values. */
export interface MaintenanceForm {
  readonly scope: 'device' | 'station';
  readonly startsNow: boolean;
  readonly startsAt: string;
  /** A preset duration, or null for "until" a chosen end. */
  readonly durationId: DurationPresetId | null;
  readonly endsAt: string;
  readonly reason: string;
}

export function initialForm(target: MaintenanceTarget): MaintenanceForm {
  return { scope: target.deviceId === null ? 'station' : 'device', startsNow: true, startsAt: '', durationId: '1h', endsAt: '', reason: '' };
}

/** A datetime-local value ("2025-01-14T09:30") is a wall time in the browser's zone, the operator's. */
export function parseLocalTime(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const timeMs = new Date(value).getTime();
  return Number.isNaN(timeMs) ? null : timeMs;
}

/** The other way: a time as a datetime-local value, to the minute. */
export function toLocalTimeValue(timeMs: number): string {
  const date = new Date(timeMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}`;
}

export type MaintenanceField = 'scope' | 'startsAt' | 'endsAt' | 'reason';
export interface FormProblem {
  readonly field: MaintenanceField;
  readonly text: string;
}

export type PlannedWindow =
  | { readonly ok: true; readonly request: ConsoleRequest<'maintenance:create'>; readonly durationMs: number }
  | { readonly ok: false; readonly problems: readonly FormProblem[] };

/** The request the form asks for at `nowMs` (the backend's clock), or every reason it cannot be sent. */
export function planWindow(form: MaintenanceForm, target: MaintenanceTarget, nowMs: number): PlannedWindow {
  const problems: FormProblem[] = [];
  const subject = form.scope === 'device' ? target.deviceId : target.stationId;
  if (subject === null) problems.push({ field: 'scope', text: form.scope === 'device' ? 'Choose the station: no single device is selected.' : 'This device belongs to no station.' });

  let startsAtMs: number | null = nowMs;
  if (!form.startsNow) {
    startsAtMs = parseLocalTime(form.startsAt);
    if (startsAtMs === null) problems.push({ field: 'startsAt', text: 'Give the date and time the maintenance starts, or start it now.' });
    else if (startsAtMs < nowMs - START_GRACE_MS) problems.push({ field: 'startsAt', text: 'That start is in the past: start now, or choose a later time.' });
  }

  let endsAtMs: number | null;
  if (form.durationId !== null) {
    const preset = DURATION_PRESETS.find((candidate) => candidate.id === form.durationId);
    endsAtMs = startsAtMs === null || !preset ? null : startsAtMs + preset.durationMs;
  } else {
    endsAtMs = parseLocalTime(form.endsAt);
    if (endsAtMs === null) problems.push({ field: 'endsAt', text: 'Give the date and time the maintenance ends, or choose a duration.' });
    else if (endsAtMs <= nowMs) problems.push({ field: 'endsAt', text: 'That end is already past: the window would suppress nothing.' });
    else if (startsAtMs !== null && endsAtMs <= startsAtMs) problems.push({ field: 'endsAt', text: 'The end must come after the start.' });
  }

  const reason = form.reason.trim();
  if (reason === '') problems.push({ field: 'reason', text: 'Say why: a reason is required (what is being done, by whom).' });
  else if (reason.length > MAX_COMMENT_LENGTH) problems.push({ field: 'reason', text: `The reason is too long: at most ${MAX_COMMENT_LENGTH} characters.` });

  if (problems.length > 0 || subject === null || startsAtMs === null || endsAtMs === null) return { ok: false, problems };
  const where = form.scope === 'device' ? { deviceId: subject } : { stationId: subject };
  return { ok: true, request: { ...where, startsAtMs, endsAtMs, reason }, durationMs: endsAtMs - startsAtMs };
}

/** The first problem with a field, for the message under it. */
export function problemWith(problems: readonly FormProblem[], field: MaintenanceField): string | null {
  return problems.find((problem) => problem.field === field)?.text ?? null;
}
