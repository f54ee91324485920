/**
 * Faults the devices report themselves.
 * - Charge points: a connector whose StatusNotification says Faulted is critical (it cannot charge); an
 *   errorCode other than NoError on a connector that is not Faulted is major (it still works, with a
 *   problem: a weak signal, a high temperature). Connector 0 stands for the whole charge point. Cleared
 *   once every connector reports NoError and is not Faulted.
 * - Cars: a non-empty `faults` array (critical, the type's default); a code that was not there before is
 *   another occurrence. Cleared once the car reports no fault.
 */
import type { CarState } from '../../../shared/car-protocol.js';
import type { AlarmSeverity } from '../../../shared/alarms.js';
import type { StatusNotification } from '../../ingest/message.js';
import type { AlarmSink } from '../types.js';
import { AlarmLatch } from './device-memory.js';
import type { DeviceMemory } from './device-memory.js';

/** Connectors past this id are not watched (OCPP charge points have a handful). */
const MAX_CONNECTOR_ID = 32;

/** None, an error code on a working connector, Faulted. */
const LEVEL_SEVERITY: readonly (AlarmSeverity | undefined)[] = [undefined, 'major', 'critical'];

export interface FaultMemory {
  /** A car's latest `faults`; null before its first state. */
  carCodes: readonly string[] | null;
  /** A charge point's level per connector id (0 none, 1 error code, 2 Faulted). */
  readonly connectorLevels: number[];
}

function connectorLevel(notification: StatusNotification): number {
  if (notification.status === 'Faulted') return 2;
  return notification.errorCode === 'NoError' ? 0 : 1;
}

function hasNewCode(codes: readonly string[], previous: readonly string[]): boolean {
  for (const code of codes) if (!previous.includes(code)) return true;
  return false;
}

function highest(levels: readonly number[]): number {
  let level = 0;
  for (const each of levels) if (each !== undefined && each > level) level = each;
  return level;
}

export class DeviceFaultDetector {
  readonly #latch: AlarmLatch;

  constructor(sink: AlarmSink) {
    this.#latch = new AlarmLatch(sink, 'deviceFault');
  }

  carState(memory: DeviceMemory, car: CarState, atMs: number): void {
    const codes = car.faults;
    const previous = memory.faults?.carCodes ?? null;
    // Most cars report nothing, message after message.
    if (codes.length === 0 && previous !== null && previous.length === 0) return;
    (memory.faults ??= { carCodes: null, connectorLevels: [] }).carCodes = codes;
    // The first state after a start also clears an alarm left open from before it.
    if (codes.length === 0) return this.#latch.clear(memory, atMs, 'No fault reported');
    if (previous !== null && !hasNewCode(codes, previous)) return;
    const hadNone = previous === null || previous.length === 0;
    this.#latch.appear(memory, hadNone, atMs, `Reports ${codes.length === 1 ? 'fault' : 'faults'} ${codes.join(', ')}`, { codes: codes.join(',') });
  }

  connectorStatus(memory: DeviceMemory, notification: StatusNotification, atMs: number): void {
    if (notification.connectorId > MAX_CONNECTOR_ID) return;
    const levels = (memory.faults ??= { carCodes: null, connectorLevels: [] }).connectorLevels;
    const before = highest(levels);
    const previous = levels[notification.connectorId] ?? 0;
    const level = connectorLevel(notification);
    levels[notification.connectorId] = level;
    if (level === previous) {
      // A charge point restates its statuses on every boot: an alarm left from before a restart is
      // cleared by the first statement that all is well.
      if (level === 0 && before === 0) this.#latch.clear(memory, atMs, 'Every connector reports NoError');
      return;
    }
    const after = highest(levels);
    if (after === 0) return this.#latch.clear(memory, atMs, 'Every connector reports NoError');
    if (level < previous) return;
    const { connectorId, status, errorCode } = notification;
    const what = connectorId === 0 ? 'Charge point' : `Connector ${connectorId}`;
    const message = status === 'Faulted' ? `${what} Faulted (${errorCode})` : `${what} reports ${errorCode} while ${status}`;
    this.#latch.appear(memory, before === 0, atMs, message, {
      connectorId,
      status,
      errorCode,
      vendorErrorCode: notification.vendorErrorCode ?? null,
      info: notification.info ?? null,
    }, LEVEL_SEVERITY[after]);
  }
}
