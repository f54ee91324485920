/**
 * Flapping: a car's binary sensor, or a charge point connector's status, changing more than
 * `maxTransitions` times within `windowSeconds`, which no cable, door or connector does physically.
 * Cleared once every flapping sensor of the device has stayed at or below the threshold for
 * `quietSeconds` (the engine's sweep checks).
 *
 * A car's transitions are the state's (Applied.transitions, each reported once, at the time it
 * happened); one counts when it changes the sensor's value. A charge point's are its connectors'
 * StatusNotifications that change the connector's status; the first status after a (re)connection is the
 * baseline, so a fleet that reconnects and restates everything counts nothing.
 *
 * The impossible-combination detector asks `isFlapping` so that a flapping sensor, whose readings are not
 * trusted, yields this one alarm and not a second one for the combinations it appears in.
 */
import { SENSOR_NAMES } from '../../state/index.js';
import type { SensorName, SensorTransition } from '../../state/index.js';
import type { AlarmThresholds } from '../thresholds.js';
import type { AlarmSink } from '../types.js';
import { AlarmLatch } from './device-memory.js';
import type { DeviceMemory } from './device-memory.js';

/** Connectors past this id are not watched (OCPP charge points have a handful). */
const MAX_CONNECTOR_ID = 32;

interface Channel {
  /** Times of the last maxTransitions + 1 changes, a ring. */
  readonly times: Float64Array;
  next: number;
  filled: number;
  /** The sensor's value or the connector's status last counted; null before the first. */
  lastValue: boolean | string | null;
  isFlapping: boolean;
  /** When the count within the window falls back to the threshold, given the changes so far. */
  quietFromMs: number;
}

export interface FlappingMemory {
  /** By sensor index in SENSOR_NAMES for a car, by connector id for a charge point. */
  readonly channels: (Channel | undefined)[];
  flappingChannels: number;
  /** When an alarm open from before a restart was taken over; -Infinity when none was. */
  inheritedAtMs: number;
}

function newFlappingMemory(): FlappingMemory {
  return { channels: [], flappingChannels: 0, inheritedAtMs: Number.NEGATIVE_INFINITY };
}

function windowText(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

export class FlappingDetector {
  readonly #latch: AlarmLatch;
  readonly #windowMs: number;
  readonly #maxTransitions: number;
  readonly #quietMs: number;
  readonly #windowSeconds: number;
  /** Devices with a flapping channel, for the sweep. */
  readonly #watched = new Set<DeviceMemory>();

  constructor(sink: AlarmSink, thresholds: AlarmThresholds['flapping']) {
    this.#latch = new AlarmLatch(sink, 'flapping');
    this.#windowSeconds = thresholds.windowSeconds;
    this.#windowMs = thresholds.windowSeconds * 1000;
    this.#maxTransitions = thresholds.maxTransitions;
    this.#quietMs = thresholds.quietSeconds * 1000;
  }

  /** A car's current state showed these transitions. */
  carTransitions(memory: DeviceMemory, transitions: readonly SensorTransition[]): void {
    for (const transition of transitions) {
      const index = SENSOR_NAMES.indexOf(transition.sensor);
      const channel = this.#channel(memory, index);
      if (channel.lastValue === transition.value) continue;
      channel.lastValue = transition.value;
      if (this.#count(memory, channel, transition.changedAtMs)) {
        this.#raise(memory, transition.changedAtMs, `${transition.sensor} changed`, { sensor: transition.sensor });
      }
    }
  }

  /** A charge point's current StatusNotification. */
  connectorStatus(memory: DeviceMemory, connectorId: number, status: string, atMs: number): void {
    if (connectorId > MAX_CONNECTOR_ID) return;
    const channel = this.#channel(memory, connectorId);
    const previous = channel.lastValue;
    channel.lastValue = status;
    if (previous === null || previous === status) return;
    if (this.#count(memory, channel, atMs)) {
      this.#raise(memory, atMs, `Connector ${connectorId} changed status`, { connectorId, status });
    }
  }

  /** Whether the car's sensor is flapping now (its readings are not to be trusted). */
  isFlapping(memory: DeviceMemory, sensor: SensorName): boolean {
    const flapping = memory.flapping;
    if (flapping === null || flapping.flappingChannels === 0) return false;
    return flapping.channels[SENSOR_NAMES.indexOf(sensor)]?.isFlapping ?? false;
  }

  /**
   * A device the engine meets for the first time since start: an alarm open from before is watched like
   * a flapping sensor's, and cleared if nothing flaps for a window and the quiet period.
   */
  inherit(memory: DeviceMemory, nowMs: number): void {
    if (!this.#latch.isRaised(memory)) return;
    (memory.flapping ??= newFlappingMemory()).inheritedAtMs = nowMs;
    this.#watched.add(memory);
  }

  /** Ends flapping on channels quiet for long enough; clears a device's alarm when none is left. */
  sweep(nowMs: number): void {
    for (const memory of this.#watched) {
      const flapping = memory.flapping;
      if (!flapping) continue;
      for (const channel of flapping.channels) {
        if (!channel?.isFlapping || nowMs < channel.quietFromMs + this.#quietMs) continue;
        channel.isFlapping = false;
        flapping.flappingChannels--;
      }
      if (flapping.flappingChannels > 0 || nowMs < flapping.inheritedAtMs + this.#windowMs + this.#quietMs) continue;
      this.#watched.delete(memory);
      this.#latch.clear(memory, nowMs, 'Quiet again');
    }
  }

  /** Forgets a device (removed from the inventory). */
  forget(memory: DeviceMemory): void {
    this.#watched.delete(memory);
  }

  #channel(memory: DeviceMemory, index: number): Channel {
    const flapping = (memory.flapping ??= newFlappingMemory());
    let channel = flapping.channels[index];
    if (!channel) {
      channel = { times: new Float64Array(this.#maxTransitions + 1), next: 0, filled: 0, lastValue: null, isFlapping: false, quietFromMs: 0 };
      flapping.channels[index] = channel;
    }
    return channel;
  }

  /** Counts one change; true when it made the channel start flapping. */
  #count(memory: DeviceMemory, channel: Channel, atMs: number): boolean {
    const { times } = channel;
    times[channel.next] = atMs;
    channel.next = (channel.next + 1) % times.length;
    channel.filled = Math.min(channel.filled + 1, times.length);
    if (channel.filled < times.length) return false;
    let oldest = Number.POSITIVE_INFINITY;
    let newest = Number.NEGATIVE_INFINITY;
    for (const time of times) {
      oldest = Math.min(oldest, time);
      newest = Math.max(newest, time);
    }
    // More than maxTransitions within the window: the last maxTransitions + 1 all fit in it.
    if (newest - oldest > this.#windowMs) return false;
    channel.quietFromMs = oldest + this.#windowMs;
    if (channel.isFlapping) return false;
    channel.isFlapping = true;
    const flapping = memory.flapping;
    if (flapping) flapping.flappingChannels++;
    this.#watched.add(memory);
    return true;
  }

  #raise(memory: DeviceMemory, atMs: number, what: string, details: Readonly<Record<string, string | number>>): void {
    const hadNone = memory.flapping?.flappingChannels === 1;
    const transitions = this.#maxTransitions + 1;
    this.#latch.appear(memory, hadNone, atMs, `${what} ${transitions} times within ${windowText(this.#windowSeconds)}`, {
      ...details,
      transitions,
      windowSeconds: this.#windowSeconds,
    });
  }
}
