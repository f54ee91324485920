/** How times, ages and numbers read in the console: every value says how old it is. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration as a person says it: "12 s", "3 min", "2 h 5 min", "4 d". */
export function formatDuration(milliseconds: number): string {
  const duration = Math.max(0, milliseconds);
  if (duration < MINUTE) return `${Math.floor(duration / SECOND)} s`;
  if (duration < HOUR) return `${Math.floor(duration / MINUTE)} min`;
  if (duration < DAY) {
    const hours = Math.floor(duration / HOUR);
    const minutes = Math.floor((duration % HOUR) / MINUTE);
    return minutes > 0 && hours < 10 ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  return `${Math.floor(duration / DAY)} d`;
}

/** "12 s ago"; "never" when there is no time; "just now" for the current second. */
export function formatAge(thenMs: number | null, nowMs: number): string {
  if (thenMs === null || thenMs <= 0) return 'never';
  const age = nowMs - thenMs;
  if (age < SECOND) return 'just now';
  return `${formatDuration(age)} ago`;
}

let cachedTimeZone: string | null = null;

/** The operator's own time zone, used for every absolute time on screen (read once: it is costly to ask). */
export function operatorTimeZone(): string {
  cachedTimeZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  return cachedTimeZone;
}

/** Building a DateTimeFormat costs far more than using one, and lists format thousands of times a second. */
const absoluteFormats = new Map<string, Intl.DateTimeFormat>();

function absoluteFormat(timeZone: string): Intl.DateTimeFormat {
  let format = absoluteFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    absoluteFormats.set(timeZone, format);
  }
  return format;
}

/**
 * Recent answers of formatAbsolute, by second and time zone. A list redraws every row's tooltip every
 * second for the ages it shows, and the same "last heard" times come back each time: formatting them
 * anew (formatToParts) took up to 47 ms of a frame at 100,000 devices.
 */
const absoluteTexts = new Map<string, string>();
const ABSOLUTE_TEXTS_KEPT = 4096;

/** "2025-11-27 14:02:13 Europe/Paris": for tooltips, unambiguous. */
export function formatAbsolute(timeMs: number, timeZone: string = operatorTimeZone()): string {
  const key = `${Math.floor(timeMs / 1000)} ${timeZone}`;
  const known = absoluteTexts.get(key);
  if (known !== undefined) return known;
  const parts = absoluteFormat(timeZone).formatToParts(new Date(timeMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  const text = `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${timeZone}`;
  if (absoluteTexts.size >= ABSOLUTE_TEXTS_KEPT) absoluteTexts.clear();
  absoluteTexts.set(key, text);
  return text;
}

/** "14:02": the clock time of a moment today, in the operator's time zone. */
export function formatClock(timeMs: number, timeZone: string = operatorTimeZone()): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(timeMs));
}

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "7,412". */
export function formatCount(value: number): string {
  return integerFormat.format(value);
}

/** "+2.4 s ahead", "-12 min behind", "in sync" within a second. */
export function formatClockOffset(offsetMs: number): string {
  if (Math.abs(offsetMs) < SECOND) return 'in sync';
  const size = Math.abs(offsetMs) < MINUTE ? `${(Math.abs(offsetMs) / SECOND).toFixed(1)} s` : formatDuration(Math.abs(offsetMs));
  return offsetMs > 0 ? `${size} ahead` : `${size} behind`;
}

/** Parses an ISO time to epoch milliseconds, or null when absent or unreadable. */
export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
}
