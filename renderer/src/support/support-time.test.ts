import { describe, expect, it } from 'vitest';
import { clockTime, dayKey, dayLabel, relativeAge, shortDate, windowText } from './support-time.js';

const ZONE = 'UTC';
const NOW = Date.UTC(2025, 10, 27, 14, 0, 0);
const HOUR = 3_600_000;

describe('times on the customer timeline', () => {
  it('gives clock times to the second and days by the operator’s calendar', () => {
    expect(clockTime(Date.UTC(2025, 10, 27, 9, 5, 7), ZONE)).toBe('09:05:07');
    expect(dayKey(Date.UTC(2025, 10, 27, 23, 59), ZONE)).toBe('2025-11-27');
    expect(dayKey(Date.UTC(2025, 10, 27, 23, 59), 'Europe/Paris')).toBe('2025-11-28');
  });

  it('names the days near today, and the others by date', () => {
    expect(dayLabel(NOW - HOUR, NOW, ZONE)).toBe('Today');
    expect(dayLabel(NOW - 20 * HOUR, NOW, ZONE)).toBe('Yesterday');
    expect(dayLabel(NOW + 12 * HOUR, NOW, ZONE)).toBe('Tomorrow');
    expect(dayLabel(Date.UTC(2025, 10, 24, 8), NOW, ZONE)).toBe('Mon 24 Nov');
    expect(dayLabel(Date.UTC(2024, 10, 24, 8), NOW, ZONE)).toBe('Sun 24 Nov 2024');
    expect(shortDate(Date.UTC(2025, 9, 28), NOW, ZONE)).toBe('28 Oct');
  });

  it('writes a window with its length, naming the end’s day when it is another', () => {
    expect(windowText(NOW, NOW + HOUR, NOW, ZONE)).toBe('14:00–15:00 (1 h)');
    expect(windowText(NOW + 8 * HOUR, NOW + 10 * HOUR, NOW, ZONE)).toBe('22:00–00:00 (2 h)');
    expect(windowText(NOW + 8 * HOUR, NOW + 12 * HOUR, NOW, ZONE)).toBe('22:00 – Tomorrow 02:00 (4 h)');
  });

  it('says how long ago, or how soon', () => {
    expect(relativeAge(NOW - 3 * 60_000, NOW)).toBe('3 min ago');
    expect(relativeAge(NOW + 2 * HOUR, NOW)).toBe('in 2 h');
    expect(relativeAge(NOW, NOW)).toBe('just now');
  });
});
