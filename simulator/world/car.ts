/** A simulated car: what it knows about itself, and the full-state message it sends (shared/car-protocol.ts). */
import type { CarState } from '../../shared/car-protocol.js';

export const SENSOR_NAMES = ['doorsOpen', 'locked', 'plugged', 'charging', 'ignition', 'chargeHatchOpen'] as const;
export type SensorName = (typeof SENSOR_NAMES)[number];

export interface Sensor {
  value: boolean;
  /** On the world's clock (real time), so sinceSeconds stays true even when the physics is sped up. */
  changedAtMs: number;
}

/** parked → boarding (doors open, unplugged) → driving → alighting (doors open) → parked. */
export type CarActivity = 'parked' | 'boarding' | 'driving' | 'alighting';

export interface Trip {
  readonly fromStationId: string;
  readonly toStationId: string;
  readonly destination: { readonly latitude: number; readonly longitude: number };
}

export interface SimulatedCar {
  readonly id: string;
  activity: CarActivity;
  /** When boarding or alighting is over. */
  activityEndsAtMs: number;
  /** Where it is parked, or the station it left while a trip is under way. */
  stationId: string;
  latitude: number;
  longitude: number;
  speedKmh: number;
  headingDegrees: number;
  batteryPercent: number;
  odometerKm: number;
  chargePointId: string | null;
  trip: Trip | null;
  /** How far the car's own clock is from true time. */
  clockOffsetMs: number;
  /** Set by an immobilise command: the car will not set off until released. */
  isImmobilised: boolean;
  readonly sensors: Record<SensorName, Sensor>;
}

/** The Bluecar: a 30 kWh battery, about 250 km of city range, charged at 3.7 kW. */
export const BATTERY_KWH = 30;
export const FULL_RANGE_KM = 250;
export const CHARGER_KW = 3.7;
export const KWH_PER_KM = BATTERY_KWH / FULL_RANGE_KM;

export function setSensor(car: SimulatedCar, name: SensorName, value: boolean, nowMs: number): void {
  const sensor = car.sensors[name];
  if (sensor.value === value) return;
  sensor.value = value;
  sensor.changedAtMs = nowMs;
}

export function rangeKm(batteryPercent: number): number {
  return (batteryPercent / 100) * FULL_RANGE_KM;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function sensorReport(sensor: Sensor, nowMs: number): { value: boolean; sinceSeconds: number } {
  return { value: sensor.value, sinceSeconds: Math.max(0, Math.floor((nowMs - sensor.changedAtMs) / 1000)) };
}

export interface CarMessageIdentity {
  readonly bootId: string;
  readonly sequence: number;
}

/** The car's full state as it sends it: everything, every time, so a lost message is repaired by the next. */
export function carStateMessage(car: Readonly<SimulatedCar>, nowMs: number, identity: CarMessageIdentity): CarState {
  const { sensors } = car;
  return {
    deviceId: car.id,
    bootId: identity.bootId,
    sequence: identity.sequence,
    deviceTime: new Date(nowMs + car.clockOffsetMs).toISOString(),
    position: {
      latitude: round(car.latitude, 6),
      longitude: round(car.longitude, 6),
      speedKmh: round(car.speedKmh, 1),
      headingDegrees: round(car.headingDegrees, 0) % 360,
    },
    batteryPercent: round(car.batteryPercent, 1),
    rangeKm: round(rangeKm(car.batteryPercent), 1),
    odometerKm: round(car.odometerKm, 1),
    sensors: {
      doorsOpen: sensorReport(sensors.doorsOpen, nowMs),
      locked: sensorReport(sensors.locked, nowMs),
      plugged: sensorReport(sensors.plugged, nowMs),
      charging: sensorReport(sensors.charging, nowMs),
      ignition: sensorReport(sensors.ignition, nowMs),
      chargeHatchOpen: sensorReport(sensors.chargeHatchOpen, nowMs),
    },
    faults: [],
  };
}
