/**
 * Low battery: a car below `belowPercent` while not charging. Cleared at `clearAtPercent` or above, or as
 * soon as it charges; between the two thresholds nothing changes, so a battery hovering around the
 * threshold does not raise and clear at every message.
 */
import type { CarState } from '../../../shared/car-protocol.js';
import type { AlarmThresholds } from '../thresholds.js';
import type { AlarmSink } from '../types.js';
import { AlarmLatch } from './device-memory.js';
import type { DeviceMemory } from './device-memory.js';

export class LowBatteryDetector {
  readonly #latch: AlarmLatch;
  readonly #belowPercent: number;
  readonly #clearAtPercent: number;

  constructor(sink: AlarmSink, thresholds: AlarmThresholds['lowBattery']) {
    this.#latch = new AlarmLatch(sink, 'lowBattery');
    this.#belowPercent = thresholds.belowPercent;
    this.#clearAtPercent = thresholds.clearAtPercent;
  }

  carState(memory: DeviceMemory, car: CarState, atMs: number): void {
    const battery = car.batteryPercent;
    const isCharging = car.sensors.charging.value;
    if (this.#latch.isRaised(memory)) {
      if (isCharging) this.#latch.clear(memory, atMs, 'Charging');
      else if (battery >= this.#clearAtPercent) this.#latch.clear(memory, atMs, `Battery at ${battery}%`);
    } else if (!isCharging && battery < this.#belowPercent) {
      this.#latch.raise(memory, atMs, `Battery at ${battery}% and not charging`, { batteryPercent: battery, rangeKm: car.rangeKm });
    }
  }
}
