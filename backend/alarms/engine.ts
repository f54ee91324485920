/**
 * The engine that feeds the detectors: every message ingest accepted (after the state applied it, never
 * a duplicate), every login the auth guard judged, and a sweep over the whole fleet every few seconds for
 * what only time reveals (silence, clocks, a stuck energy register, quiet again). The detectors decide;
 * the sink (the alarm service) turns that into alarms.
 *
 * Cheap by design, since it sits on the ingest path: one map lookup per message and a few comparisons,
 * nothing allocated unless something changes. Late messages (not the device's current state) change no
 * current-state condition; they still prove the device is there (offline).
 */
import type { Logger } from 'pino';
import type { AuthGuard } from '../gateways/auth-guard.js';
import type { Ingest } from '../ingest/index.js';
import type { DeviceMessage } from '../ingest/message.js';
import type { Applied, DeviceReading, StateCache } from '../state/index.js';
import { AuthFailuresDetector } from './detectors/auth-failures.js';
import { ClockOffsetDetector } from './detectors/clock-offset.js';
import { DeviceFaultDetector } from './detectors/device-fault.js';
import { DeviceMemory } from './detectors/device-memory.js';
import { FirmwareFailedDetector } from './detectors/firmware-failed.js';
import { FlappingDetector } from './detectors/flapping.js';
import { ImpossibleCombinationDetector } from './detectors/impossible-combination.js';
import { LowBatteryDetector } from './detectors/low-battery.js';
import { OfflineDetector } from './detectors/offline.js';
import { StaleSensorDetector } from './detectors/stale-sensor.js';
import { DEFAULT_ALARM_THRESHOLDS } from './thresholds.js';
import type { AlarmThresholds } from './thresholds.js';
import type { AlarmSink } from './types.js';

export interface AlarmEngineOptions {
  readonly ingest: Pick<Ingest, 'onAccepted'>;
  readonly state: Pick<StateCache, 'indexOf' | 'forEachDevice' | 'onDevicesChanged'>;
  /** Where failed logins are counted; without it, no authFailures alarm. */
  readonly authGuard?: Pick<AuthGuard, 'onAttempt'>;
  readonly sink: AlarmSink;
  readonly logger: Logger;
  readonly thresholds?: AlarmThresholds;
  /** How often the fleet is swept (offline, clock offset, stale energy, flapping and logins quiet again). */
  readonly sweepIntervalMs?: number;
  /** The backend's clock; tests set it. */
  readonly now?: () => number;
}

export interface AlarmEngine {
  /** Starts listening and sweeping; silence is counted from now at the earliest (no storm at start). */
  start(): void;
  /** Sweeps the fleet now, when started (the timer does it every `sweepIntervalMs`). */
  sweep(): void;
  /** Stops listening and sweeping. */
  stop(): void;
}

export const DEFAULT_SWEEP_INTERVAL_MS = 2000;

export function createAlarmEngine(options: AlarmEngineOptions): AlarmEngine {
  const { ingest, state, authGuard, sink } = options;
  const logger = options.logger.child({ module: 'alarm-engine' });
  const thresholds = options.thresholds ?? DEFAULT_ALARM_THRESHOLDS;
  const now = options.now ?? Date.now;
  const memories = new Map<string, DeviceMemory>();

  const offline = new OfflineDetector(sink, thresholds.offline);
  const flapping = new FlappingDetector(sink, thresholds.flapping);
  const combinations = new ImpossibleCombinationDetector(sink, thresholds.impossibleCombination);
  const faults = new DeviceFaultDetector(sink);
  const battery = new LowBatteryDetector(sink, thresholds.lowBattery);
  const clock = new ClockOffsetDetector(sink, thresholds.clockOffset);
  const stale = new StaleSensorDetector(sink, thresholds.staleSensor);
  const logins = new AuthFailuresDetector(sink, thresholds.authFailures);
  const firmware = new FirmwareFailedDetector(sink);
  const isFlapping = flapping.isFlapping.bind(flapping);

  let stops: (() => void)[] = [];
  let timer: NodeJS.Timeout | null = null;
  let lastErrorLogMs = 0;

  function memoryOf(deviceId: string): DeviceMemory {
    let memory = memories.get(deviceId);
    if (!memory) {
      memory = new DeviceMemory(deviceId);
      memories.set(deviceId, memory);
      // The only alarm no message could clear once its cause is gone: watch it until quiet.
      flapping.inherit(memory, now());
    }
    return memory;
  }

  /** A detector's bug must not stop ingest (or the sweep): logged, at most once a second. */
  function failed(error: unknown, where: string): void {
    const time = now();
    if (time - lastErrorLogMs < 1000) return;
    lastErrorLogMs = time;
    logger.error({ err: error, where }, 'An alarm detector failed');
  }

  function judge(message: DeviceMessage, applied: Applied): void {
    const memory = memoryOf(message.deviceId);
    offline.heard(memory, message);
    if (!applied.isCurrent) return;
    const atMs = applied.occurredAtMs;
    switch (message.channel) {
      case 'mqtt:state': {
        const car = message.payload;
        if (applied.transitions.length > 0) flapping.carTransitions(memory, applied.transitions);
        combinations.carState(memory, car, atMs, isFlapping);
        faults.carState(memory, car, atMs);
        battery.carState(memory, car, atMs);
        stale.carState(memory, car, atMs);
        break;
      }
      case 'ocpp:StatusNotification':
        flapping.connectorStatus(memory, message.payload.connectorId, message.payload.status, atMs);
        faults.connectorStatus(memory, message.payload, atMs);
        break;
      case 'ocpp:MeterValues':
        stale.meterReported(memory, message.receivedAtMs);
        break;
      case 'ocpp:BootNotification':
        firmware.booted(memory, message.payload.firmwareVersion, atMs);
        break;
      case 'ocpp:FirmwareStatusNotification':
        firmware.firmwareStatus(memory, message.payload, atMs);
        break;
      default:
        break;
    }
  }

  function onAccepted(message: DeviceMessage, applied: Applied | undefined): void {
    // A device the state does not know has no alarms.
    if (!applied) return;
    try {
      judge(message, applied);
    } catch (error) {
      failed(error, message.channel);
    }
  }

  function onAttempt(deviceId: string, isSuccess: boolean): void {
    // Failures in the name of an id no one provisioned are an attack on nothing: the guard throttles them.
    if (state.indexOf(deviceId) === undefined) return;
    const memory = memoryOf(deviceId);
    if (isSuccess) logins.success(memory, now());
    else logins.failure(memory, now());
  }

  let sweepNowMs = 0;
  function sweepDevice(device: DeviceReading): void {
    let memory = memories.get(device.id);
    if (offline.isOverdue(device, sweepNowMs)) offline.overdue((memory ??= memoryOf(device.id)), device, sweepNowMs);
    if (clock.isBeyond(device)) clock.check((memory ??= memoryOf(device.id)), device, sweepNowMs);
    else if (memory) clock.check(memory, device, sweepNowMs);
    if (device.energyWh !== null) stale.energy(memory ?? memoryOf(device.id), device, sweepNowMs);
  }

  function sweep(): void {
    if (!timer) return;
    sweepNowMs = now();
    try {
      state.forEachDevice(sweepDevice);
      flapping.sweep(sweepNowMs);
      logins.sweep(sweepNowMs);
    } catch (error) {
      failed(error, 'sweep');
    }
  }

  /** Devices removed from the inventory leave the engine's memory. */
  function forgetRemoved(): void {
    for (const [deviceId, memory] of memories) {
      if (state.indexOf(deviceId) !== undefined) continue;
      memories.delete(deviceId);
      flapping.forget(memory);
      logins.forget(memory);
    }
  }

  return {
    start() {
      if (timer) return;
      offline.start(now());
      stops = [ingest.onAccepted(onAccepted), state.onDevicesChanged(forgetRemoved)];
      if (authGuard) stops.push(authGuard.onAttempt(onAttempt));
      timer = setInterval(sweep, options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
      timer.unref();
      logger.info({ thresholds }, 'Alarm detectors started');
    },
    sweep,
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      for (const stop of stops.splice(0)) stop();
    },
  };
}
