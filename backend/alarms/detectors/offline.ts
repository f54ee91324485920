/**
 * Offline: a device silent for longer than `afterIntervals` of its kind's expected interval. Found by the
 * engine's periodic sweep over the whole fleet; cleared by the next thing heard from the device.
 *
 * No storm after a restart: silence is counted from the engine's start at the earliest, so devices that
 * are still reconnecting have the whole threshold to come back, and a device that dropped and came back
 * within the threshold raises nothing. A device never heard from at all (lastSeenMs 0) is not offline:
 * it has not been commissioned yet.
 *
 * Offline is about reception, not about the device's state: a late message (a backlog) received now
 * proves the device is reachable now, so it clears the alarm like any other.
 */
import { EXPECTED_INTERVAL_SECONDS } from '../../../shared/fleet.js';
import type { DeviceKind } from '../../../shared/fleet.js';
import type { DeviceMessage } from '../../ingest/message.js';
import type { DeviceReading } from '../../state/index.js';
import type { AlarmThresholds } from '../thresholds.js';
import type { AlarmSink } from '../types.js';
import { AlarmLatch } from './device-memory.js';
import type { DeviceMemory } from './device-memory.js';

/** A connection going down (or a car's last will) is the broker speaking, not the device. */
function isFromDevice(message: DeviceMessage): boolean {
  switch (message.channel) {
    case 'mqtt:connection':
    case 'ocpp:connection':
    case 'mqtt:presence':
      return message.payload.online;
    default:
      return true;
  }
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

export class OfflineDetector {
  readonly #latch: AlarmLatch;
  readonly #afterMs: Readonly<Record<DeviceKind, number>>;
  #startedAtMs = 0;

  constructor(sink: AlarmSink, thresholds: AlarmThresholds['offline']) {
    this.#latch = new AlarmLatch(sink, 'offline');
    this.#afterMs = {
      car: thresholds.afterIntervals * EXPECTED_INTERVAL_SECONDS.car * 1000,
      chargePoint: thresholds.afterIntervals * EXPECTED_INTERVAL_SECONDS.chargePoint * 1000,
    };
  }

  /** Silence before this moment does not count (the backend was not listening). */
  start(nowMs: number): void {
    this.#startedAtMs = nowMs;
  }

  /** A message was received: the device is there. */
  heard(memory: DeviceMemory, message: DeviceMessage): void {
    if (!isFromDevice(message) || !this.#latch.isRaised(memory)) return;
    this.#latch.clear(memory, message.receivedAtMs, 'Heard from again');
  }

  /** Whether the sweep must raise for this device (cheap: no memory needed to say no). */
  isOverdue(device: DeviceReading, nowMs: number): boolean {
    return device.lastSeenMs > 0 && nowMs > this.#overdueAtMs(device);
  }

  /** The sweep found the device overdue. */
  overdue(memory: DeviceMemory, device: DeviceReading, nowMs: number): void {
    if (this.#latch.isRaised(memory)) return;
    const expectedSeconds = EXPECTED_INTERVAL_SECONDS[device.kind];
    const silentMs = nowMs - device.lastSeenMs;
    this.#latch.raise(memory, Math.min(nowMs, this.#overdueAtMs(device)), `Silent for ${duration(silentMs)} (expected every ${duration(expectedSeconds * 1000)})`, {
      silentSeconds: Math.round(silentMs / 1000),
      expectedIntervalSeconds: expectedSeconds,
      lastSeenAt: new Date(device.lastSeenMs).toISOString(),
    });
  }

  #overdueAtMs(device: DeviceReading): number {
    return Math.max(device.lastSeenMs, this.#startedAtMs) + this.#afterMs[device.kind];
  }
}
