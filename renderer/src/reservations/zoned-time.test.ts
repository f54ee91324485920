import { describe, expect, it } from 'vitest';
import { clockText, dayLabel, fromLocalInput, startOfDayMs, startOfNextDayMs, toLocalInput } from './zoned-time.js';

const PARIS = 'Europe/Paris';
const HOUR = 3_600_000;

describe('wall-clock times in the operator’s zone', () => {
  it('reads and writes datetime-local texts as the zone’s time, not UTC', () => {
    // 14 March 2026, 09:30 in Paris is 08:30 UTC (winter time, one hour ahead).
    const instant = Date.UTC(2026, 2, 14, 8, 30);
    expect(toLocalInput(instant, PARIS)).toBe('2026-03-14T09:30');
    expect(fromLocalInput('2026-03-14T09:30', PARIS)).toBe(instant);
    expect(fromLocalInput('2026-03-14T09:30', 'UTC')).toBe(Date.UTC(2026, 2, 14, 9, 30));
    expect(fromLocalInput('2026-03-14T09:30:00', PARIS)).toBe(instant);
  });

  it('refuses texts that name no time', () => {
    for (const text of ['', 'tomorrow', '2026-02-30T10:00', '2026-13-01T10:00', '2026-03-14T24:00', '2026-03-14 09:30']) expect(fromLocalInput(text, PARIS)).toBeNull();
  });

  it('finds midnight on days that lose or gain an hour', () => {
    // Paris goes to summer time on 29 March 2026 at 02:00: that day is 23 hours long.
    const noon = Date.UTC(2026, 2, 29, 10);
    expect(startOfDayMs(noon, PARIS)).toBe(Date.UTC(2026, 2, 28, 23));
    expect(startOfNextDayMs(noon, PARIS) - startOfDayMs(noon, PARIS)).toBe(23 * HOUR);
    // And back on 25 October 2026: 25 hours.
    const autumn = Date.UTC(2026, 9, 25, 10);
    expect(startOfNextDayMs(autumn, PARIS) - startOfDayMs(autumn, PARIS)).toBe(25 * HOUR);
    // 02:30 does not exist that March day: it lands after the jump, never before.
    expect(toLocalInput(fromLocalInput('2026-03-29T02:30', PARIS) ?? 0, PARIS)).toBe('2026-03-29T03:30');
  });

  it('names days as people say them, with the year only when it is not this one', () => {
    const now = Date.UTC(2026, 2, 14, 11); // Saturday
    expect(dayLabel(now + HOUR, now, PARIS)).toBe('Today');
    expect(dayLabel(now + 24 * HOUR, now, PARIS)).toBe('Tomorrow');
    expect(dayLabel(now - 24 * HOUR, now, PARIS)).toBe('Yesterday');
    expect(dayLabel(now + 3 * 24 * HOUR, now, PARIS)).toBe('Tue 17 Mar');
    expect(dayLabel(Date.UTC(2025, 11, 31, 12), now, PARIS)).toBe('Wed 31 Dec 2025');
    expect(clockText(Date.UTC(2026, 2, 14, 23, 5), PARIS)).toBe('00:05');
  });
});
