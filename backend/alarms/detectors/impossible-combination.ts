/**
 * Impossible combinations of a car's readings:
 * - pluggedHatchClosed: a cable plugged in while the charge hatch over the socket is closed, and has been
 *   since before the cable went in (it never opened for it);
 * - movingWhilePlugged: faster than `movingSpeedKmh` with a cable plugged in;
 * - chargingWhileUnplugged: charging with no cable.
 *
 * A combination is raised once it has held for `holdSeconds` on consecutive current messages: a reading
 * that lasts less is a glitch, and a sensor flipping faster is flapping's to report. Combinations that
 * involve a flapping sensor are not judged at all (neither raised nor cleared) while it flaps, so one
 * flapping sensor is one alarm. Cleared once every combination is consistent again.
 */
import type { CarState } from '../../../shared/car-protocol.js';
import type { SensorName } from '../../state/index.js';
import type { AlarmThresholds } from '../thresholds.js';
import type { AlarmSink } from '../types.js';
import { AlarmLatch } from './device-memory.js';
import type { DeviceMemory } from './device-memory.js';

export const IMPOSSIBLE_COMBINATIONS = ['pluggedHatchClosed', 'movingWhilePlugged', 'chargingWhileUnplugged'] as const;
export type ImpossibleCombination = (typeof IMPOSSIBLE_COMBINATIONS)[number];

/** The sensors each combination reads: when one of them flaps, the combination is not judged. */
const SENSORS: Readonly<Record<ImpossibleCombination, readonly SensorName[]>> = {
  pluggedHatchClosed: ['plugged', 'chargeHatchOpen'],
  movingWhilePlugged: ['plugged'],
  chargingWhileUnplugged: ['charging', 'plugged'],
};

const MESSAGES: Readonly<Record<ImpossibleCombination, string>> = {
  pluggedHatchClosed: 'Cable plugged in while the charge hatch never opened',
  movingWhilePlugged: 'Moving with a cable plugged in',
  chargingWhileUnplugged: 'Charging with no cable plugged in',
};

export interface CombinationMemory {
  /** By combination: when it was first seen in the current run of messages showing it; NaN when not seen. */
  readonly seenSinceMs: Float64Array;
  /** Bit per combination: held long enough, raised. */
  held: number;
}

export class ImpossibleCombinationDetector {
  readonly #latch: AlarmLatch;
  readonly #holdMs: number;
  readonly #movingSpeedKmh: number;

  constructor(sink: AlarmSink, thresholds: AlarmThresholds['impossibleCombination']) {
    this.#latch = new AlarmLatch(sink, 'impossibleCombination');
    this.#holdMs = thresholds.holdSeconds * 1000;
    this.#movingSpeedKmh = thresholds.movingSpeedKmh;
  }

  /** A car's current state, at `atMs` on the backend's timeline; `isFlapping` says which sensors not to trust. */
  carState(memory: DeviceMemory, car: CarState, atMs: number, isFlapping: (memory: DeviceMemory, sensor: SensorName) => boolean): void {
    const combination = (memory.combination ??= { seenSinceMs: new Float64Array(IMPOSSIBLE_COMBINATIONS.length).fill(Number.NaN), held: 0 });
    let pending = 0;
    for (let index = 0; index < IMPOSSIBLE_COMBINATIONS.length; index++) {
      const name = IMPOSSIBLE_COMBINATIONS[index] ?? 'pluggedHatchClosed';
      const bit = 1 << index;
      if (this.#involvesFlapping(memory, name, isFlapping)) {
        // Untrusted readings: the hold starts again once the sensor is quiet.
        combination.seenSinceMs[index] = Number.NaN;
        continue;
      }
      if (!this.#holds(name, car)) {
        combination.seenSinceMs[index] = Number.NaN;
        combination.held &= ~bit;
        continue;
      }
      const since = combination.seenSinceMs[index] ?? Number.NaN;
      if (Number.isNaN(since)) combination.seenSinceMs[index] = atMs;
      if ((combination.held & bit) !== 0) continue;
      if (atMs - (Number.isNaN(since) ? atMs : since) < this.#holdMs) {
        pending |= bit;
        continue;
      }
      const hadNone = combination.held === 0;
      combination.held |= bit;
      this.#latch.appear(memory, hadNone, atMs, MESSAGES[name], { combination: name, ...this.#facts(name, car) });
    }
    if (combination.held === 0 && pending === 0) this.#latch.clear(memory, atMs, 'Readings consistent again');
  }

  #involvesFlapping(memory: DeviceMemory, name: ImpossibleCombination, isFlapping: (memory: DeviceMemory, sensor: SensorName) => boolean): boolean {
    for (const sensor of SENSORS[name]) if (isFlapping(memory, sensor)) return true;
    return false;
  }

  #holds(name: ImpossibleCombination, car: CarState): boolean {
    const { plugged, charging, chargeHatchOpen } = car.sensors;
    switch (name) {
      case 'pluggedHatchClosed':
        // Both readings come from one message: the hatch closed at or before the plug went in.
        return plugged.value && chargeHatchOpen !== undefined && !chargeHatchOpen.value && chargeHatchOpen.sinceSeconds >= plugged.sinceSeconds;
      case 'movingWhilePlugged':
        return plugged.value && car.position.speedKmh > this.#movingSpeedKmh;
      case 'chargingWhileUnplugged':
        return charging.value && !plugged.value;
    }
  }

  #facts(name: ImpossibleCombination, car: CarState): Readonly<Record<string, number | boolean>> {
    const { plugged, charging, chargeHatchOpen } = car.sensors;
    switch (name) {
      case 'pluggedHatchClosed':
        return { pluggedForSeconds: plugged.sinceSeconds, hatchClosedForSeconds: chargeHatchOpen?.sinceSeconds ?? 0 };
      case 'movingWhilePlugged':
        return { speedKmh: car.position.speedKmh, pluggedForSeconds: plugged.sinceSeconds };
      case 'chargingWhileUnplugged':
        return { chargingForSeconds: charging.sinceSeconds, unpluggedForSeconds: plugged.sinceSeconds };
    }
  }
}
