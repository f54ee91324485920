/**
 * Authentication failures: at least `failures` failed logins in the name of a known device within
 * `windowSeconds` (someone holds a wrong or stolen identity, or the device lost its secret). Cleared by a
 * successful login of the device, or after `quietSeconds` without a failure (the sweep checks). An id
 * the inventory does not know raises nothing: the engine never calls this for one.
 */
import type { AlarmThresholds } from '../thresholds.js';
import type { AlarmSink } from '../types.js';
import { AlarmLatch } from './device-memory.js';
import type { DeviceMemory } from './device-memory.js';

export interface AuthMemory {
  /** Times of the last `failures` failures, a ring. */
  readonly times: Float64Array;
  next: number;
  filled: number;
  lastFailureMs: number;
}

export class AuthFailuresDetector {
  readonly #latch: AlarmLatch;
  readonly #failures: number;
  readonly #windowMs: number;
  readonly #windowSeconds: number;
  readonly #quietMs: number;
  /** Devices with recent failures, for the sweep. */
  readonly #watched = new Set<DeviceMemory>();

  constructor(sink: AlarmSink, thresholds: AlarmThresholds['authFailures']) {
    this.#latch = new AlarmLatch(sink, 'authFailures');
    this.#failures = thresholds.failures;
    this.#windowSeconds = thresholds.windowSeconds;
    this.#windowMs = thresholds.windowSeconds * 1000;
    this.#quietMs = thresholds.quietSeconds * 1000;
  }

  failure(memory: DeviceMemory, nowMs: number): void {
    const auth = (memory.auth ??= { times: new Float64Array(this.#failures), next: 0, filled: 0, lastFailureMs: 0 });
    auth.times[auth.next] = nowMs;
    auth.next = (auth.next + 1) % auth.times.length;
    auth.filled = Math.min(auth.filled + 1, auth.times.length);
    auth.lastFailureMs = nowMs;
    this.#watched.add(memory);
    // The ring is full and its oldest (the next to be overwritten) is within the window.
    if (auth.filled < auth.times.length || nowMs - (auth.times[auth.next] ?? 0) > this.#windowMs) return;
    if (this.#latch.isRaised(memory)) return;
    this.#latch.raise(memory, nowMs, `${this.#failures} failed logins within ${Math.round(this.#windowSeconds / 60)} min`, {
      failures: this.#failures,
      windowSeconds: this.#windowSeconds,
    });
  }

  success(memory: DeviceMemory, nowMs: number): void {
    if (memory.auth) {
      memory.auth.filled = 0;
      this.#watched.delete(memory);
    }
    this.#latch.clear(memory, nowMs, 'Logged in successfully');
  }

  /** Forgets failures older than the quiet period, clearing their alarms. */
  sweep(nowMs: number): void {
    for (const memory of this.#watched) {
      const auth = memory.auth;
      if (auth && nowMs - auth.lastFailureMs < this.#quietMs) continue;
      this.#watched.delete(memory);
      if (auth) auth.filled = 0;
      this.#latch.clear(memory, nowMs, 'No failed login for a while');
    }
  }

  forget(memory: DeviceMemory): void {
    this.#watched.delete(memory);
  }
}
