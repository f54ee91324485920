import { describe, expect, it } from 'vitest';
import { formatAbsolute, formatAge, formatClock, formatClockOffset, formatCount, formatDuration, parseTime } from './format.js';

describe('formatting', () => {
  const now = Date.UTC(2025, 10, 27, 14, 2, 13);

  it('says how old a time is in the largest sensible unit', () => {
    expect(formatAge(now - 400, now)).toBe('just now');
    expect(formatAge(now - 12_400, now)).toBe('12 s ago');
    expect(formatAge(now - 59_999, now)).toBe('59 s ago');
    expect(formatAge(now - 3 * 60_000 - 5000, now)).toBe('3 min ago');
    expect(formatAge(now - (2 * 60 + 5) * 60_000, now)).toBe('2 h 5 min ago');
    expect(formatAge(now - 12 * 3_600_000, now)).toBe('12 h ago');
    expect(formatAge(now - 4 * 86_400_000, now)).toBe('4 d ago');
    expect(formatAge(null, now)).toBe('never');
    expect(formatAge(0, now)).toBe('never');
  });

  it('never shows a negative duration when clocks disagree', () => {
    expect(formatDuration(-5000)).toBe('0 s');
    expect(formatAge(now + 3000, now)).toBe('just now');
  });

  it('writes absolute times in the given time zone', () => {
    expect(formatAbsolute(now, 'UTC')).toBe('2025-11-27 14:02:13 UTC');
    expect(formatAbsolute(now, 'Europe/Paris')).toBe('2025-11-27 15:02:13 Europe/Paris');
    // Asked again, within the same second, in another zone, or a second later: each still right.
    expect(formatAbsolute(now, 'UTC')).toBe('2025-11-27 14:02:13 UTC');
    expect(formatAbsolute(now - (now % 1000) + 999, 'UTC')).toBe('2025-11-27 14:02:13 UTC');
    expect(formatAbsolute(now - (now % 1000) + 1000, 'UTC')).toBe('2025-11-27 14:02:14 UTC');
    expect(formatAbsolute(now, 'America/New_York')).toBe('2025-11-27 09:02:13 America/New_York');
    expect(formatClock(now, 'Europe/Paris')).toBe('15:02');
  });

  it('describes a device clock offset', () => {
    expect(formatClockOffset(300)).toBe('in sync');
    expect(formatClockOffset(2400)).toBe('2.4 s ahead');
    expect(formatClockOffset(-12 * 60_000)).toBe('12 min behind');
  });

  it('groups thousands and parses ISO times', () => {
    expect(formatCount(7412)).toBe('7,412');
    expect(parseTime('2025-11-27T14:02:13Z')).toBe(now);
    expect(parseTime('garbage')).toBeNull();
    expect(parseTime(null)).toBeNull();
  });
});
