/**
 * The seam between detectors (detectors/, which decide that something is wrong or right again) and the
 * alarm service (service.ts, which turns that into exactly one alarm per device and type, stores it,
 * and tells consoles). Detectors never see alarms; the service never looks at device messages.
 */
import type { Alarm, AlarmDetails, AlarmSeverity, AlarmType } from '../../shared/alarms.js';

/** A detector saw the condition of `type` on a device: raise an alarm, or count another occurrence. */
export interface AlarmCondition {
  readonly deviceId: string;
  readonly type: AlarmType;
  /** Defaults to ALARM_TYPE_INFO[type].severity. */
  readonly severity?: AlarmSeverity;
  readonly message: string;
  readonly details?: AlarmDetails;
  /** When it happened on the backend's timeline (a message's corrected time, or now). */
  readonly atMs: number;
}

/** A detector saw the condition end. Clearing an alarm that is not active does nothing. */
export interface AlarmClearance {
  readonly deviceId: string;
  readonly type: AlarmType;
  readonly message?: string;
  readonly atMs: number;
}

/** What detectors call. Calls return at once; storing happens behind them, in order, per alarm. */
export interface AlarmSink {
  raise(condition: AlarmCondition): void;
  clear(clearance: AlarmClearance): void;
  /** Whether the device has an alarm of this type that is active (raised and not cleared). */
  isActive(deviceId: string, type: AlarmType): boolean;
}

/** The alarms the service holds open, for consoles and tests. */
export interface AlarmReader {
  /** Every alarm that is not closed. */
  open(): readonly Alarm[];
  /** Called with each alarm after every change to it (closing included). */
  onChange(listener: (alarm: Alarm) => void): () => void;
}
