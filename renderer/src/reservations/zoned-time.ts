/**
 * Wall-clock times in the operator's time zone, without a date library: the start of a day there, and
 * the "2026-03-14T09:30" text of a datetime-local field read and written as that zone's time. The
 * offset is asked of Intl at the instant concerned, so days that gain or lose an hour come out right.
 */

export interface WallClock {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 (Sunday) to 6. */
  readonly weekday: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  return format;
}

export function wallClock(timeMs: number, timeZone: string): WallClock {
  const parts = formatFor(timeZone).formatToParts(new Date(timeMs));
  const number = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const weekdayName = parts.find((part) => part.type === 'weekday')?.value ?? 'Sun';
  return {
    year: number('year'),
    month: number('month'),
    day: number('day'),
    hour: number('hour'),
    minute: number('minute'),
    weekday: Math.max(0, WEEKDAYS.findIndex((name) => name === weekdayName)),
  };
}

/** How far the zone's clock is ahead of UTC at an instant, to the minute. */
function offsetAt(timeMs: number, timeZone: string): number {
  const clock = wallClock(timeMs, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute);
  return asUtc - Math.floor(timeMs / MINUTE_MS) * MINUTE_MS;
}

/** The instant a wall-clock time names in a zone; a time skipped by a clock change lands just after it. */
export function zonedToMs(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const first = asUtc - offsetAt(asUtc, timeZone);
  // The offset at the first guess may be the other side of a clock change from the answer.
  return asUtc - offsetAt(first, timeZone);
}

/** Midnight, in the zone, of the day an instant falls on. */
export function startOfDayMs(timeMs: number, timeZone: string): number {
  const clock = wallClock(timeMs, timeZone);
  return zonedToMs(clock.year, clock.month, clock.day, 0, 0, timeZone);
}

/** Midnight of the next day: a day is 23 to 25 hours long where clocks change. */
export function startOfNextDayMs(timeMs: number, timeZone: string): number {
  return startOfDayMs(startOfDayMs(timeMs, timeZone) + DAY_MS + 3 * 3_600_000, timeZone);
}

const pad = (value: number) => String(value).padStart(2, '0');

/** "2026-03-14T09:30", as a datetime-local field holds it. */
export function toLocalInput(timeMs: number, timeZone: string): string {
  const clock = wallClock(timeMs, timeZone);
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)}T${pad(clock.hour)}:${pad(clock.minute)}`;
}

/** The instant a datetime-local text names in the zone, or null when it is not one. */
export function fromLocalInput(text: string, timeZone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  // Date.UTC rolls 31 February over into March: such a day is not one.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  return zonedToMs(year, month, day, hour, minute, timeZone);
}

/** "Today", "Tomorrow", "Yesterday", else "Tue 14 Oct" (with the year when it is not this one). */
export function dayLabel(timeMs: number, nowMs: number, timeZone: string): string {
  const today = startOfDayMs(nowMs, timeZone);
  const day = startOfDayMs(timeMs, timeZone);
  if (day === today) return 'Today';
  if (day === startOfNextDayMs(nowMs, timeZone)) return 'Tomorrow';
  if (day === startOfDayMs(today - 3_600_000, timeZone)) return 'Yesterday';
  const clock = wallClock(timeMs, timeZone);
  const year = clock.year === wallClock(nowMs, timeZone).year ? '' : ` ${clock.year}`;
  return `${WEEKDAYS[clock.weekday] ?? ''} ${clock.day} ${MONTHS[clock.month - 1] ?? ''}${year}`;
}

/** "09:30" in the zone. */
export function clockText(timeMs: number, timeZone: string): string {
  const clock = wallClock(timeMs, timeZone);
  return `${pad(clock.hour)}:${pad(clock.minute)}`;
}
