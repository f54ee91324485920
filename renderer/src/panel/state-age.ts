/**
 * How old each value of a device's state is. A car dates its state on its own clock and says how long each
 * binary sensor has held its value; both are brought onto the backend's clock with the device's offset.
 */
import type { BinarySensor, CarState } from '../../../shared/car-protocol.js';
import { parseTime } from '../ui/format.js';

/**
 * When the car measured this state, on the backend's clock: its own time corrected by its clock offset,
 * or, while the offset is not known yet, when the backend received it.
 */
export function carStateTimeMs(state: Pick<CarState, 'deviceTime'>, clockOffsetMs: number | null, receivedAtMs: number | null): number | null {
  const deviceMs = parseTime(state.deviceTime);
  if (deviceMs !== null && clockOffsetMs !== null) return deviceMs - clockOffsetMs;
  return receivedAtMs;
}

/** A time the device gave on its own clock, moved onto the backend's clock when the offset is known. */
export function deviceTimeToServerMs(deviceIso: string | null, clockOffsetMs: number | null): number | null {
  const deviceMs = parseTime(deviceIso);
  if (deviceMs === null) return null;
  return deviceMs - (clockOffsetMs ?? 0);
}

/** When the sensor took its value: the state's time minus how long the car says it has held it. */
export function sensorChangedAtMs(sensor: BinarySensor, stateAtMs: number): number {
  return stateAtMs - sensor.sinceSeconds * 1000;
}

/** How long the sensor has held its value now: what the car said, plus the age of what it said. */
export function timeSinceChangeMs(sensor: BinarySensor, stateAtMs: number | null, nowMs: number): number {
  if (stateAtMs === null) return sensor.sinceSeconds * 1000;
  return Math.max(0, nowMs - sensorChangedAtMs(sensor, stateAtMs));
}
