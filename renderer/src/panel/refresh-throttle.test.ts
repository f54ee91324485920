import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from './refresh-throttle.js';

describe('the refresh throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function counted(durationMs = 0) {
    const runs: number[] = [];
    const run = () => {
      runs.push(Date.now());
      return new Promise<void>((done) => setTimeout(done, durationMs));
    };
    return { runs, run };
  }

  it('runs at most once per interval however often it is asked', async () => {
    const { runs, run } = counted();
    const throttle = createThrottle(run, 1000);
    const start = Date.now();
    throttle.runNow();
    for (let step = 0; step < 25; step++) {
      throttle.request();
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(2000);
    const offsets = runs.map((at) => at - start);
    // 2.5 s of asks every 100 ms: runs at 0, 1, 2 s, and one more at 3 s for the asks after the third run.
    expect(offsets).toHaveLength(4);
    offsets.slice(1).forEach((offset, position) => {
      expect(offset - (offsets[position] ?? 0)).toBeGreaterThanOrEqual(1000);
      expect(offset - (offsets[position] ?? 0)).toBeLessThan(1100);
    });
    throttle.dispose();
  });

  it('never runs two at a time, and serves a request made during a run after it', async () => {
    const { runs, run } = counted(1500);
    const throttle = createThrottle(run, 1000);
    const start = Date.now();
    throttle.runNow();
    await vi.advanceTimersByTimeAsync(200);
    throttle.request();
    throttle.runNow();
    await vi.advanceTimersByTimeAsync(5000);
    // The second run waits for the first to finish (1.5 s), not only for the interval.
    const offsets = runs.map((at) => at - start);
    expect(offsets).toHaveLength(2);
    expect(offsets[1]).toBeGreaterThanOrEqual(1500);
    expect(offsets[1]).toBeLessThan(1520);
    throttle.dispose();
  });

  it('does nothing when not asked, and nothing after it is disposed', async () => {
    const { runs, run } = counted();
    const throttle = createThrottle(run, 1000);
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toEqual([]);
    throttle.runNow();
    throttle.request();
    throttle.dispose();
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toHaveLength(1);
  });

  it('keeps going after a failed run', async () => {
    let calls = 0;
    const throttle = createThrottle(() => {
      calls++;
      return Promise.reject(new Error('backend away'));
    }, 500);
    throttle.runNow();
    await vi.advanceTimersByTimeAsync(10);
    throttle.request();
    await vi.advanceTimersByTimeAsync(600);
    expect(calls).toBe(2);
    throttle.dispose();
  });
});
