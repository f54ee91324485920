/** The pieces of the ingest rules that need no database: duplicate windows, the clock estimate, boot changes. */
import { describe, expect, it } from 'vitest';
import { ClockEstimator, CLOCK_WINDOW_MS } from './clock.js';
import { applyMessage, newEntry } from './entry.js';
import { RecentKeys } from './recent-keys.js';
import { carStateMessage, testCarState, testDevice } from './test-support.js';

const T = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('recent keys', () => {
  it('knows the sequences of a window per boot, and forgets what falls out of it', () => {
    const keys = new RecentKeys();
    const seen = (sequence: number, bootId = 'a') => keys.isRepeat({ bootId, sequence });
    expect([seen(10), seen(10), seen(12), seen(11), seen(11)]).toEqual([false, true, false, false, true]);
    // Far ahead: everything between is unseen, the old ones are out of the window (the table decides).
    expect([seen(1000), seen(999), seen(12)]).toEqual([false, false, false]);
    expect([seen(1, 'b'), seen(1, 'b'), seen(1000)]).toEqual([false, true, true]);
    expect(keys.isRepeat({ bootId: null, sequence: null })).toBe(false);
  });

  it('knows OCPP message ids within a connection', () => {
    const keys = new RecentKeys();
    const seen = (messageId: string, bootId: string) => keys.isRepeat({ bootId, sequence: null, messageId });
    expect([seen('1', 'c1'), seen('1', 'c1'), seen('1', 'c2'), seen('2', 'c1')]).toEqual([false, true, false, false]);
  });
});

describe('clock estimate', () => {
  it('takes the least delayed message of the last ten minutes, whatever a burst of late ones says', () => {
    const clock = new ClockEstimator();
    expect(clock.estimate()).toBeNull();
    clock.add(5000 - 300, T);
    clock.add(5000 - 40, T + 5000);
    clock.add(5000 - 900, T + 10_000);
    expect(clock.estimate()).toBe(4960);
    for (let index = 0; index < 5000; index++) clock.add(-3_600_000 + index, T + 60_000);
    expect(clock.estimate()).toBe(4960);
    // A clock set back is followed once the window has moved past the old samples.
    clock.add(-100, T + CLOCK_WINDOW_MS + 60_000);
    expect(clock.estimate()).toBe(-100);
  });
});

describe('boots', () => {
  it('adopts a boot whose clock was reset far back once its own samples fill the clock window', () => {
    const entry = newEntry(testDevice('car-1', 'car'), undefined);
    expect(applyMessage(entry, carStateMessage(testCarState('car-1', 50, { deviceTimeMs: T }), T + 30)).isCurrent).toBe(true);
    const reset = Date.UTC(2000, 0, 1);
    const fromReset = (index: number) => carStateMessage(testCarState('car-1', index, { bootId: 'boot-2', deviceTimeMs: reset + index * 5000 }), T + (index + 1) * 5000 + 30);
    expect(applyMessage(entry, fromReset(0))).toMatchObject({ isCurrent: false, isDuplicate: false });
    let index = 1;
    while (!applyMessage(entry, fromReset(index)).isCurrent) index++;
    // Adopted as soon as the old clock's samples left the window, and its clock flagged by its offset.
    expect(index * 5000).toBeGreaterThanOrEqual(CLOCK_WINDOW_MS - 30_000);
    expect(index * 5000).toBeLessThanOrEqual(CLOCK_WINDOW_MS + 30_000);
    expect(entry.bootId).toBe('boot-2');
    expect(entry.clockOffsetMs).toBe(reset - T - 5030);
    // The boot it left is history only from now on.
    expect(applyMessage(entry, carStateMessage(testCarState('car-1', 51, { deviceTimeMs: T + 1000 }), T + 1_000_000)).isCurrent).toBe(false);
  });
});
