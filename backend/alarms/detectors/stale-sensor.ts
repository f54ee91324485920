/**
 * Stale sensor: a value that stays the same while everything around it changes.
 * - A car's odometer unchanged while its GPS position moved more than `odometerAfterKm` from where the
 *   odometer last changed; its battery unchanged over `batteryAfterKm` (driving always uses some).
 *   Judged on every current state; each clears when that value changes again.
 * - A charge point's energy register unchanged while it is charging with at least `minPowerW` reported,
 *   for more than `energyAfterMinutes` of charging, shown by a MeterValues received after that time
 *   (so a charge point that merely stopped reporting is offline's to find, not this). Judged by the
 *   sweep, which reads the register from the state; cleared when the register moves again.
 * One alarm per device, whichever values are stale.
 */
import type { CarState } from '../../../shared/car-protocol.js';
import type { DeviceReading } from '../../state/index.js';
import type { AlarmThresholds } from '../thresholds.js';
import type { AlarmSink } from '../types.js';
import { AlarmLatch } from './device-memory.js';
import type { DeviceMemory } from './device-memory.js';

const ODOMETER = 1;
const BATTERY = 2;
const ENERGY = 4;

const EARTH_RADIUS_KM = 6371;

/** Great-circle distance (haversine), in km. */
export function distanceKm(fromLatitude: number, fromLongitude: number, toLatitude: number, toLongitude: number): number {
  const radians = Math.PI / 180;
  const latitudeDelta = (toLatitude - fromLatitude) * radians;
  const longitudeDelta = (toLongitude - fromLongitude) * radians;
  const a = Math.sin(latitudeDelta / 2) ** 2 + Math.cos(fromLatitude * radians) * Math.cos(toLatitude * radians) * Math.sin(longitudeDelta / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export interface StaleMemory {
  /** Bits: ODOMETER, BATTERY, ENERGY found stale. */
  stale: number;
  odometerKm: number;
  odometerLatitude: number;
  odometerLongitude: number;
  batteryPercent: number;
  batteryLatitude: number;
  batteryLongitude: number;
  energyWh: number;
  energyChangedAtMs: number;
  /** When the charge point began charging with power, as the sweep saw it; NaN when it is not. */
  chargingSinceMs: number;
  /** When its latest MeterValues was received. */
  meterReportedAtMs: number;
}

function newStaleMemory(): StaleMemory {
  return {
    stale: 0,
    odometerKm: Number.NaN,
    odometerLatitude: 0,
    odometerLongitude: 0,
    batteryPercent: Number.NaN,
    batteryLatitude: 0,
    batteryLongitude: 0,
    energyWh: Number.NaN,
    energyChangedAtMs: 0,
    chargingSinceMs: Number.NaN,
    meterReportedAtMs: 0,
  };
}

function moved(fromLatitude: number, fromLongitude: number, toLatitude: number, toLongitude: number): number {
  return fromLatitude === toLatitude && fromLongitude === toLongitude ? 0 : distanceKm(fromLatitude, fromLongitude, toLatitude, toLongitude);
}

export class StaleSensorDetector {
  readonly #latch: AlarmLatch;
  readonly #odometerAfterKm: number;
  readonly #batteryAfterKm: number;
  readonly #energyAfterMs: number;
  readonly #energyAfterMinutes: number;
  readonly #minPowerW: number;

  constructor(sink: AlarmSink, thresholds: AlarmThresholds['staleSensor']) {
    this.#latch = new AlarmLatch(sink, 'staleSensor');
    this.#odometerAfterKm = thresholds.odometerAfterKm;
    this.#batteryAfterKm = thresholds.batteryAfterKm;
    this.#energyAfterMinutes = thresholds.energyAfterMinutes;
    this.#energyAfterMs = thresholds.energyAfterMinutes * 60_000;
    this.#minPowerW = thresholds.minPowerW;
  }

  carState(memory: DeviceMemory, car: CarState, atMs: number): void {
    const stale = (memory.stale ??= newStaleMemory());
    const { latitude, longitude } = car.position;
    // A value that changes (after the first one seen) ends its staleness, and may end the alarm, even
    // one left open from before a restart.
    let hasChanged = false;
    if (car.odometerKm !== stale.odometerKm) {
      hasChanged ||= !Number.isNaN(stale.odometerKm);
      stale.odometerKm = car.odometerKm;
      stale.odometerLatitude = latitude;
      stale.odometerLongitude = longitude;
      stale.stale &= ~ODOMETER;
    } else if ((stale.stale & ODOMETER) === 0) {
      const distance = moved(stale.odometerLatitude, stale.odometerLongitude, latitude, longitude);
      if (distance > this.#odometerAfterKm) {
        const hadNone = stale.stale === 0;
        stale.stale |= ODOMETER;
        this.#latch.appear(memory, hadNone, atMs, `Odometer stuck at ${car.odometerKm} km while the car moved ${distance.toFixed(1)} km`, {
          sensor: 'odometer',
          value: car.odometerKm,
          movedKm: Math.round(distance * 10) / 10,
        });
      }
    }
    if (car.batteryPercent !== stale.batteryPercent) {
      hasChanged ||= !Number.isNaN(stale.batteryPercent);
      stale.batteryPercent = car.batteryPercent;
      stale.batteryLatitude = latitude;
      stale.batteryLongitude = longitude;
      stale.stale &= ~BATTERY;
    } else if ((stale.stale & BATTERY) === 0) {
      const distance = moved(stale.batteryLatitude, stale.batteryLongitude, latitude, longitude);
      if (distance > this.#batteryAfterKm) {
        const hadNone = stale.stale === 0;
        stale.stale |= BATTERY;
        this.#latch.appear(memory, hadNone, atMs, `Battery stuck at ${car.batteryPercent}% while the car moved ${distance.toFixed(1)} km`, {
          sensor: 'battery',
          value: car.batteryPercent,
          movedKm: Math.round(distance * 10) / 10,
        });
      }
    }
    if (hasChanged) this.#clearIfNone(memory, atMs);
  }

  /** A charge point's MeterValues was received (the sweep reads what it said from the state). */
  meterReported(memory: DeviceMemory, receivedAtMs: number): void {
    (memory.stale ??= newStaleMemory()).meterReportedAtMs = receivedAtMs;
  }

  /** The sweep's reading of a charge point that has reported its energy register. */
  energy(memory: DeviceMemory, device: DeviceReading, nowMs: number): void {
    const stale = (memory.stale ??= newStaleMemory());
    const energyWh = device.energyWh;
    if (energyWh === null) return;
    if (energyWh !== stale.energyWh) {
      const hasChanged = !Number.isNaN(stale.energyWh);
      stale.energyWh = energyWh;
      stale.energyChangedAtMs = nowMs;
      stale.stale &= ~ENERGY;
      if (hasChanged) this.#clearIfNone(memory, nowMs);
      return;
    }
    const isCharging = device.isOnline && device.status === 'charging' && (device.powerW ?? 0) >= this.#minPowerW;
    if (!isCharging) {
      stale.chargingSinceMs = Number.NaN;
      return;
    }
    if (Number.isNaN(stale.chargingSinceMs)) stale.chargingSinceMs = nowMs;
    if ((stale.stale & ENERGY) !== 0) return;
    const stuckSinceMs = Math.max(stale.energyChangedAtMs, stale.chargingSinceMs);
    if (stale.meterReportedAtMs - stuckSinceMs <= this.#energyAfterMs) return;
    const hadNone = stale.stale === 0;
    stale.stale |= ENERGY;
    this.#latch.appear(memory, hadNone, nowMs, `Energy register stuck at ${energyWh} Wh while charging at ${device.powerW ?? 0} W for over ${this.#energyAfterMinutes} min`, {
      sensor: 'energy',
      value: energyWh,
      powerW: device.powerW ?? 0,
    });
  }

  #clearIfNone(memory: DeviceMemory, atMs: number): void {
    if (memory.stale?.stale === 0) this.#latch.clear(memory, atMs, 'Changing again');
  }
}
