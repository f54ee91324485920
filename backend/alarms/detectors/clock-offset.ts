/**
 * Clock offset: the state's estimate of a device's clock offset (state/clock.ts, built from live
 * messages only, so a backlog never moves it) beyond `limitSeconds` either way. Checked by the sweep;
 * cleared once the estimate is back within the limit.
 */
import type { DeviceReading } from '../../state/index.js';
import type { AlarmThresholds } from '../thresholds.js';
import type { AlarmSink } from '../types.js';
import { AlarmLatch } from './device-memory.js';
import type { DeviceMemory } from './device-memory.js';

function offsetText(offsetMs: number): string {
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  const amount = seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`;
  return `${amount} ${offsetMs > 0 ? 'ahead' : 'behind'}`;
}

export class ClockOffsetDetector {
  readonly #latch: AlarmLatch;
  readonly #limitMs: number;

  constructor(sink: AlarmSink, thresholds: AlarmThresholds['clockOffset']) {
    this.#latch = new AlarmLatch(sink, 'clockOffset');
    this.#limitMs = thresholds.limitSeconds * 1000;
  }

  /** Whether the device's clock is beyond the limit (cheap: no memory needed to say no). */
  isBeyond(device: DeviceReading): boolean {
    return device.clockOffsetMs !== null && Math.abs(device.clockOffsetMs) > this.#limitMs;
  }

  /** The sweep's reading of a device: `isBeyond(device)` tells which memory it needs. */
  check(memory: DeviceMemory, device: DeviceReading, nowMs: number): void {
    const offsetMs = device.clockOffsetMs;
    if (offsetMs === null || Math.abs(offsetMs) <= this.#limitMs) {
      this.#latch.clear(memory, nowMs, 'Clock back within the limit');
    } else if (!this.#latch.isRaised(memory)) {
      this.#latch.raise(memory, nowMs, `Clock ${offsetText(offsetMs)}`, { clockOffsetMs: offsetMs, limitMs: this.#limitMs });
    }
  }
}
