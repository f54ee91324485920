/**
 * Times on the customer timeline, in the operator's time zone: a clock time to the second for each entry
 * (support reads "at 14:02:13 the unlock failed" to the customer), a heading per day, and windows.
 */
import { formatDuration, operatorTimeZone } from '../ui/format.js';

const formats = new Map<string, Intl.DateTimeFormat>();

/** Building a DateTimeFormat costs far more than using one; a timeline formats hundreds of times. */
function format(name: string, timeZone: string, options: Intl.DateTimeFormatOptions, locale = 'en-GB'): Intl.DateTimeFormat {
  const key = `${name} ${timeZone}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    formats.set(key, found);
  }
  return found;
}

/** "14:02:13". */
export function clockTime(timeMs: number, timeZone: string = operatorTimeZone()): string {
  return format('clock', timeZone, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(timeMs);
}

/** "14:02". */
export function shortClock(timeMs: number, timeZone: string = operatorTimeZone()): string {
  return format('short', timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(timeMs);
}

/** "2025-11-27": the operator's calendar day of a moment, to group and compare by. */
export function dayKey(timeMs: number, timeZone: string = operatorTimeZone()): string {
  return format('day', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA').format(timeMs);
}

const DAY_MS = 86_400_000;

/** "Today", "Yesterday", "Tomorrow", else "Mon 24 Nov" (with the year when not this one's). */
export function dayLabel(timeMs: number, nowMs: number, timeZone: string = operatorTimeZone()): string {
  const day = dayKey(timeMs, timeZone);
  if (day === dayKey(nowMs, timeZone)) return 'Today';
  if (day === dayKey(nowMs - DAY_MS, timeZone)) return 'Yesterday';
  if (day === dayKey(nowMs + DAY_MS, timeZone)) return 'Tomorrow';
  const isThisYear = day.slice(0, 4) === dayKey(nowMs, timeZone).slice(0, 4);
  // From parts: Intl puts a comma after the weekday with a year and none without.
  const parts = format('dated', timeZone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).formatToParts(timeMs);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return [part('weekday'), part('day'), part('month'), isThisYear ? '' : part('year')].filter((text) => text !== '').join(' ');
}

/** "14:00–15:00 (1 h)"; a window over midnight names its second day: "22:00 – Fri 28 Nov 02:00 (4 h)". */
export function windowText(startsAtMs: number, endsAtMs: number, nowMs: number, timeZone: string = operatorTimeZone()): string {
  const length = formatDuration(endsAtMs - startsAtMs);
  const start = shortClock(startsAtMs, timeZone);
  // The end is exclusive: a window to midnight ends on its own day.
  if (dayKey(startsAtMs, timeZone) === dayKey(endsAtMs - 1, timeZone)) return `${start}–${shortClock(endsAtMs, timeZone)} (${length})`;
  return `${start} – ${dayLabel(endsAtMs, nowMs, timeZone)} ${shortClock(endsAtMs, timeZone)} (${length})`;
}

/** "3 min ago", or "in 2 h" for what is still to come (a window that has not started). */
export function relativeAge(thenMs: number, nowMs: number): string {
  if (thenMs - nowMs >= 1000) return `in ${formatDuration(thenMs - nowMs)}`;
  if (nowMs - thenMs < 1000) return 'just now';
  return `${formatDuration(nowMs - thenMs)} ago`;
}

/** "4 Nov", "4 Nov 2024" when not this year: the ends of the range asked for. */
export function shortDate(timeMs: number, nowMs: number, timeZone: string = operatorTimeZone()): string {
  const isThisYear = dayKey(timeMs, timeZone).slice(0, 4) === dayKey(nowMs, timeZone).slice(0, 4);
  return isThisYear ? format('date', timeZone, { day: 'numeric', month: 'short' }).format(timeMs) : format('dated-short', timeZone, { day: 'numeric', month: 'short', year: 'numeric' }).format(timeMs);
}
