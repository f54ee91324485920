import { describe, expect, it } from 'vitest';
import { Scheduler, phaseMs } from './scheduler.js';

describe('Scheduler', () => {
  it('runs work in order of due time, first in first out on ties, and only once due', () => {
    const scheduler = new Scheduler();
    const ran: string[] = [];
    for (const [due, name] of [[30, 'c'], [10, 'a'], [20, 'b1'], [20, 'b2'], [50, 'e']] as const) scheduler.schedule(due, () => ran.push(name));
    expect(scheduler.runDue(5)).toBe(0);
    expect(scheduler.runDue(30)).toBe(4);
    expect(ran).toEqual(['a', 'b1', 'b2', 'c']);
    expect(scheduler.size).toBe(1);
  });

  it('repeats on a fixed cadence and stops when told to', () => {
    const scheduler = new Scheduler();
    const times: number[] = [];
    let now = 0;
    scheduler.every(100, () => 1_000, () => {
      times.push(now);
      return times.length < 4;
    });
    // A loop that wakes late does not shift the cadence.
    for (now = 0; now <= 6_000; now += 70) scheduler.runDue(now);
    expect(times).toEqual([140, 1_120, 2_100, 3_150]);
    expect(scheduler.size).toBe(0);
  });

  it('starts a fresh cadence after a stall instead of catching up in a burst', () => {
    const scheduler = new Scheduler();
    let runs = 0;
    scheduler.every(0, () => 1_000, () => ++runs > 0);
    scheduler.runDue(0);
    scheduler.runDue(10_000);
    expect(runs).toBe(2);
    scheduler.runDue(10_999);
    expect(runs).toBe(2);
    scheduler.runDue(11_000);
    expect(runs).toBe(3);
  });

  it('spreads phases evenly over a period', () => {
    const buckets = new Array<number>(10).fill(0);
    for (let index = 0; index < 1_000; index++) {
      const phase = phaseMs(index, 5_000);
      expect(phase).toBeGreaterThanOrEqual(0);
      expect(phase).toBeLessThan(5_000);
      const bucket = Math.floor(phase / 500);
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    }
    for (const count of buckets) expect(Math.abs(count - 100)).toBeLessThanOrEqual(5);
  });
});
