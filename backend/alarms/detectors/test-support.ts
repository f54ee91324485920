/**
 * For the detectors' tests: a sink that records what the detectors call, and a rig that runs the real
 * engine over the state's own per-device logic (state/entry.ts, without a database), fed real messages
 * on a clock the test moves. Test-only.
 */
import type { AlarmType } from '../../../shared/alarms.js';
import type { DeviceKind } from '../../../shared/fleet.js';
import { createAuthGuard } from '../../gateways/auth-guard.js';
import type { AuthGuard } from '../../gateways/auth-guard.js';
import type { AcceptedListener } from '../../ingest/index.js';
import type { DeviceMessage, MessageBody, StatusNotification } from '../../ingest/message.js';
import { applyMessage, newEntry } from '../../state/entry.js';
import type { DeviceEntry } from '../../state/entry.js';
import type { DeviceReading } from '../../state/index.js';
import { carStateMessage, testCarState, testDevice } from '../../state/test-support.js';
import type { TestCarChanges } from '../../state/test-support.js';
import { silentLogger } from '../../store/testing.js';
import { createAlarmEngine } from '../engine.js';
import type { AlarmEngine } from '../engine.js';
import { parseAlarmThresholds } from '../thresholds.js';
import type { AlarmClearance, AlarmCondition, AlarmSink } from '../types.js';

export type RaiseCall = { readonly call: 'raise' } & AlarmCondition;
export type ClearCall = { readonly call: 'clear' } & AlarmClearance;
export type SinkCall = RaiseCall | ClearCall;

/** Records every call; `isActive` answers as a service would (raised and not cleared since). */
export class RecordingSink implements AlarmSink {
  readonly calls: SinkCall[] = [];
  readonly #active = new Set<string>();

  raise(condition: AlarmCondition): void {
    this.calls.push({ call: 'raise', ...condition });
    this.#active.add(`${condition.deviceId}/${condition.type}`);
  }

  clear(clearance: AlarmClearance): void {
    this.calls.push({ call: 'clear', ...clearance });
    this.#active.delete(`${clearance.deviceId}/${clearance.type}`);
  }

  isActive(deviceId: string, type: AlarmType): boolean {
    return this.#active.has(`${deviceId}/${type}`);
  }

  /** An alarm open from before a restart, as the service would have loaded it. */
  preload(deviceId: string, type: AlarmType): void {
    this.#active.add(`${deviceId}/${type}`);
  }

  raises(type?: AlarmType): RaiseCall[] {
    return this.calls.filter((call): call is RaiseCall => call.call === 'raise' && (type === undefined || call.type === type));
  }

  clears(type?: AlarmType): ClearCall[] {
    return this.calls.filter((call): call is ClearCall => call.call === 'clear' && (type === undefined || call.type === type));
  }

  /** The calls (of one type, or all) as short strings, e.g. `raise car-1 flapping`, for exact expectations. */
  summary(type?: AlarmType): string[] {
    return this.calls.filter((call) => type === undefined || call.type === type).map((call) => `${call.call} ${call.deviceId} ${call.type}`);
  }
}

/** 2026-01-01 12:00 UTC: the rig's clock starts here. */
export const RIG_START_MS = Date.UTC(2026, 0, 1, 12);

export interface DetectorRig {
  readonly sink: RecordingSink;
  readonly engine: AlarmEngine;
  readonly authGuard: AuthGuard;
  /** The rig's clock. */
  now(): number;
  /** Moves the clock forward. */
  advance(ms: number): void;
  /** Applies the message to the device's state, then hands it to the engine as ingest would. */
  accept(message: DeviceMessage): void;
  /** A car's full state, made and received now (the car's clock `clockOffsetMs` off). */
  car(deviceId: string, changes?: TestCarChanges & { readonly clockOffsetMs?: number; readonly isBacklog?: boolean }): void;
  /** A charge point's StatusNotification for one connector, received now. */
  status(deviceId: string, notification: Partial<StatusNotification> & { readonly connectorId: number; readonly status: string }, connection?: string): void;
  /** Another OCPP message from a charge point, received now. */
  ocpp(deviceId: string, body: MessageBody, connection?: string): void;
  /** Moves the clock forward and sweeps. */
  sweepAfter(ms: number): void;
  /** The engine stops. */
  stop(): void;
}

/**
 * The engine over `devices` (id → kind), started at RIG_START_MS with `thresholds` (a partial JSON
 * config, as the file would give). Devices' states may be seeded with `accept` before `engine.start()`
 * by passing `isStarted: false`.
 */
export function createDetectorRig(devices: Readonly<Record<string, DeviceKind>>, thresholds: unknown = {}, isStarted = true): DetectorRig {
  let nowMs = RIG_START_MS;
  const sink = new RecordingSink();
  const entries = new Map<string, DeviceEntry>(Object.entries(devices).map(([id, kind]) => [id, newEntry(testDevice(id, kind), undefined)]));
  const listeners = new Set<AcceptedListener>();
  const sequences = new Map<string, number>();
  const messageIds = { next: 1 };
  const authGuard = createAuthGuard({ now: () => nowMs });
  const state = {
    indexOf: (deviceId: string) => (entries.has(deviceId) ? 0 : undefined),
    onDevicesChanged: () => () => undefined,
    forEachDevice(visit: (device: DeviceReading) => void) {
      for (const entry of entries.values()) {
        visit({
          id: entry.record.id,
          kind: entry.record.kind,
          status: entry.status,
          isOnline: entry.isOnline,
          lastSeenMs: entry.lastSeenMs,
          clockOffsetMs: entry.clockOffsetMs,
          energyWh: entry.chargePoint?.energyWh ?? null,
          powerW: entry.chargePoint?.powerW ?? null,
        });
      }
    },
  };
  const ingest = {
    onAccepted(listener: AcceptedListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const engine = createAlarmEngine({
    ingest,
    state,
    authGuard,
    sink,
    logger: silentLogger,
    thresholds: parseAlarmThresholds(thresholds),
    sweepIntervalMs: 3_600_000,
    now: () => nowMs,
  });
  if (isStarted) engine.start();

  function accept(message: DeviceMessage): void {
    const entry = entries.get(message.deviceId);
    const applied = entry ? applyMessage(entry, message) : undefined;
    if (applied?.isDuplicate) return;
    for (const listener of listeners) listener(message, applied);
  }

  function ocppEnvelope(deviceId: string, connection: string) {
    return { deviceId, kind: 'chargePoint' as const, receivedAtMs: nowMs, deviceTime: null, bootId: connection, sequence: null, messageId: `m-${messageIds.next++}` };
  }

  return {
    sink,
    engine,
    authGuard,
    now: () => nowMs,
    advance(ms) {
      nowMs += ms;
    },
    accept,
    car(deviceId, changes = {}) {
      const sequence = (sequences.get(deviceId) ?? 0) + 1;
      sequences.set(deviceId, sequence);
      const state = testCarState(deviceId, sequence, { deviceTimeMs: nowMs + (changes.clockOffsetMs ?? 0), ...changes });
      accept({ ...carStateMessage(state, nowMs), isBacklog: changes.isBacklog });
    },
    status(deviceId, notification, connection = 'connection-1') {
      const payload: StatusNotification = { errorCode: 'NoError', timestamp: new Date(nowMs).toISOString(), ...notification };
      accept({ ...ocppEnvelope(deviceId, connection), channel: 'ocpp:StatusNotification', payload });
    },
    ocpp(deviceId, body, connection = 'connection-1') {
      const message: DeviceMessage = { ...ocppEnvelope(deviceId, connection), ...body };
      accept(message);
    },
    sweepAfter(ms) {
      nowMs += ms;
      engine.sweep();
    },
    stop: () => engine.stop(),
  };
}
