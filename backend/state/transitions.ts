/**
 * Binary sensors' transitions, rebuilt from what each message says: "value v, held for s seconds" means
 * the sensor took value v at deviceTime − s. Every message that says so names the same transition, so a
 * transition is recorded once, by the first message that shows it, even when the message sent right
 * after the change was lost and the next one shows the new value with a larger sinceSeconds.
 */
import type { CarState } from '../../shared/car-protocol.js';

export const SENSOR_NAMES = ['doorsOpen', 'locked', 'plugged', 'charging', 'ignition', 'chargeHatchOpen'] as const satisfies readonly (keyof CarState['sensors'])[];
export type SensorName = (typeof SENSOR_NAMES)[number];

/**
 * Two reports of one transition differ by the rounding of sinceSeconds (whole seconds, rounded down by
 * the simulator) and the device clock's resolution. A sensor can only return to a value after leaving
 * it, so two transitions to the same value this close together are one, unless a change to the other
 * value lies between them: a sensor flapping faster than this (a loose door switch) shows every change.
 */
export const SAME_TRANSITION_MS = 1500;
/** Strictly between two times, in either order. */
function isBetween(timeMs: number, oneMs: number, otherMs: number): boolean {
  return timeMs > Math.min(oneMs, otherMs) && timeMs < Math.max(oneMs, otherMs);
}

/** Transitions remembered per sensor: enough for a late message or a backlog within the last few changes. */
const REMEMBERED = 8;

export interface SensorTransition {
  readonly deviceId: string;
  readonly sensor: SensorName;
  readonly value: boolean;
  /** On the device's clock: the message's deviceTime − sinceSeconds. */
  readonly deviceChangedAtMs: number;
  /** The same, corrected by the device's clock offset: where the change belongs on the backend's timeline. */
  readonly changedAtMs: number;
  /** The message that first showed it. */
  readonly bootId: string | null;
  readonly sequence: number | null;
}

interface Known {
  readonly value: boolean;
  readonly deviceChangedAtMs: number;
}

export class SensorMemory {
  readonly #known = new Map<SensorName, Known[]>();

  /** Remembers the transitions a state shows without reporting them (a state restored at start). */
  seed(state: CarState): void {
    const deviceMs = Date.parse(state.deviceTime);
    if (Number.isNaN(deviceMs)) return;
    for (const sensor of SENSOR_NAMES) {
      const reading = state.sensors[sensor];
      // Not every car has every sensor.
      if (reading) this.#isNew(sensor, reading.value, Math.round(deviceMs - reading.sinceSeconds * 1000));
    }
  }

  /** The transitions this state shows that were not known yet. */
  transitions(state: CarState, clockOffsetMs: number | null): SensorTransition[] {
    const deviceMs = Date.parse(state.deviceTime);
    if (Number.isNaN(deviceMs)) return [];
    const found: SensorTransition[] = [];
    for (const sensor of SENSOR_NAMES) {
      const reading = state.sensors[sensor];
      if (!reading) continue;
      const { value, sinceSeconds } = reading;
      const deviceChangedAtMs = Math.round(deviceMs - sinceSeconds * 1000);
      if (!this.#isNew(sensor, value, deviceChangedAtMs)) continue;
      found.push({
        deviceId: state.deviceId,
        sensor,
        value,
        deviceChangedAtMs,
        changedAtMs: deviceChangedAtMs - (clockOffsetMs ?? 0),
        bootId: state.bootId,
        sequence: state.sequence,
      });
    }
    return found;
  }

  #isNew(sensor: SensorName, value: boolean, deviceChangedAtMs: number): boolean {
    const known = this.#known.get(sensor) ?? [];
    const isKnown = known.some(
      (transition) =>
        transition.value === value &&
        Math.abs(transition.deviceChangedAtMs - deviceChangedAtMs) <= SAME_TRANSITION_MS &&
        !known.some((other) => other.value !== value && isBetween(other.deviceChangedAtMs, transition.deviceChangedAtMs, deviceChangedAtMs)),
    );
    if (isKnown) return false;
    known.push({ value, deviceChangedAtMs });
    // The newest are the ones the next messages will name again.
    known.sort((left, right) => left.deviceChangedAtMs - right.deviceChangedAtMs);
    if (known.length > REMEMBERED) known.shift();
    this.#known.set(sensor, known);
    return true;
  }
}
