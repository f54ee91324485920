/**
 * What the detectors remember of one device, in one object per device (created on the device's first
 * message, or when a sweep first needs it), and the latch through which they raise and clear its alarms.
 *
 * Detectors are edge-triggered: they raise when a condition appears and clear when it ends, never on
 * every message while it lasts, because the service counts each raise of an open alarm as another
 * occurrence. So each device carries, per alarm type, whether its alarm is raised; the first time a
 * detector asks, the answer comes from the service (an alarm still open from before a restart).
 */
import { ALARM_TYPES } from '../../../shared/alarms.js';
import type { AlarmDetails, AlarmSeverity, AlarmType } from '../../../shared/alarms.js';
import type { AlarmSink } from '../types.js';
import type { AuthMemory } from './auth-failures.js';
import type { CombinationMemory } from './impossible-combination.js';
import type { FaultMemory } from './device-fault.js';
import type { FlappingMemory } from './flapping.js';
import type { StaleMemory } from './stale-sensor.js';

export class DeviceMemory {
  /** Bit n: the alarm of type ALARM_TYPES[n] is raised (active) as far as the detectors know. */
  raised = 0;
  /** Bit n: bit n of `raised` has been read from the sink. */
  synced = 0;
  /** Bit n: the alarm was found active in the sink (open from before a restart), not raised here. */
  inherited = 0;
  flapping: FlappingMemory | null = null;
  combination: CombinationMemory | null = null;
  faults: FaultMemory | null = null;
  stale: StaleMemory | null = null;
  auth: AuthMemory | null = null;

  constructor(readonly deviceId: string) {}
}

/** One alarm type's raise and clear, for every device. */
export class AlarmLatch {
  readonly #sink: AlarmSink;
  readonly #bit: number;
  readonly type: AlarmType;

  constructor(sink: AlarmSink, type: AlarmType) {
    this.#sink = sink;
    this.type = type;
    this.#bit = 1 << ALARM_TYPES.indexOf(type);
  }

  isRaised(memory: DeviceMemory): boolean {
    if ((memory.synced & this.#bit) === 0) {
      memory.synced |= this.#bit;
      if (this.#sink.isActive(memory.deviceId, this.type)) {
        memory.raised |= this.#bit;
        memory.inherited |= this.#bit;
      }
    }
    return (memory.raised & this.#bit) !== 0;
  }

  /** Raises the alarm, or counts another occurrence of it when it is raised already. */
  raise(memory: DeviceMemory, atMs: number, message: string, details?: AlarmDetails, severity?: AlarmSeverity): void {
    memory.synced |= this.#bit;
    memory.raised |= this.#bit;
    memory.inherited &= ~this.#bit;
    this.#sink.raise({ deviceId: memory.deviceId, type: this.type, atMs, message, details, severity });
  }

  /**
   * Raises the alarm, or counts another occurrence, as a condition appears. When the device had no
   * condition of this type (`hadNone`) and its alarm was found open from before a restart, that alarm is
   * taken over instead: the condition is the one it was raised for, not a new occurrence.
   */
  appear(memory: DeviceMemory, hadNone: boolean, atMs: number, message: string, details?: AlarmDetails, severity?: AlarmSeverity): void {
    if (hadNone && this.isRaised(memory) && (memory.inherited & this.#bit) !== 0) {
      memory.inherited &= ~this.#bit;
      return;
    }
    this.raise(memory, atMs, message, details, severity);
  }

  /** Clears the alarm if it is raised. */
  clear(memory: DeviceMemory, atMs: number, message?: string): void {
    if (!this.isRaised(memory)) return;
    memory.raised &= ~this.#bit;
    memory.inherited &= ~this.#bit;
    this.#sink.clear({ deviceId: memory.deviceId, type: this.type, atMs, message });
  }
}
