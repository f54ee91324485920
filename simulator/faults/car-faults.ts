/**
 * What a faulty car says instead of the truth: its full state as the world made it, bent by a skewed
 * clock, a flapping sensor, an impossible combination, a fault it reports, a low battery or a stuck
 * odometer. Pure functions of the message and the time.
 */
import type { BinarySensor, CarState } from '../../shared/car-protocol.js';
import { rangeKm } from '../world/car.js';
import type { FaultOf } from './fault.js';

type Sensors = CarState['sensors'];

/** Long enough ago to read as "never, for as long as this car has been plugged in". */
const NEVER_OPENED_SECONDS = 30 * 86_400;
const IMPOSSIBLE_SPEED_KMH = 25;

export function skewed(message: CarState, fault: FaultOf<'clockSkew'> | undefined): CarState {
  if (!fault) return message;
  return { ...message, deviceTime: new Date(Date.parse(message.deviceTime) + fault.seconds * 1000).toISOString() };
}

/** How many times the sensor has flipped since the fault began, and how long ago the last flip was. */
export function flapPhase(fault: FaultOf<'flapping'>, sinceMs: number, nowMs: number): { flips: number; lastFlipMs: number } {
  const elapsed = Math.max(0, nowMs - sinceMs);
  const flips = Math.floor(elapsed / fault.everyMs);
  return { flips, lastFlipMs: sinceMs + flips * fault.everyMs };
}

/** The sensor inverted on every odd flip; after any flip it has held its value only since that flip. */
export function flapped(message: CarState, fault: FaultOf<'flapping'> | undefined, sinceMs: number, nowMs: number): CarState {
  if (!fault) return message;
  const { flips, lastFlipMs } = flapPhase(fault, sinceMs, nowMs);
  if (flips === 0) return message;
  const truth: BinarySensor = message.sensors[fault.sensor] ?? { value: false, sinceSeconds: 0 };
  const sensor: BinarySensor = { value: flips % 2 === 1 ? !truth.value : truth.value, sinceSeconds: Math.floor((nowMs - lastFlipMs) / 1000) };
  return { ...message, sensors: { ...message.sensors, [fault.sensor]: sensor } };
}

export function impossible(message: CarState, fault: FaultOf<'impossible'> | undefined): CarState {
  if (!fault) return message;
  const { sensors } = message;
  const held = (value: boolean, sensor: BinarySensor | undefined): BinarySensor =>
    sensor?.value === value ? sensor : { value, sinceSeconds: 0 };
  let changed: Partial<Sensors>;
  let position = message.position;
  switch (fault.combination) {
    case 'pluggedHatchClosed': {
      const plugged = held(true, sensors.plugged);
      // Closed since long before the cable went in: it was never opened for it.
      changed = { plugged, chargeHatchOpen: { value: false, sinceSeconds: Math.max(NEVER_OPENED_SECONDS, plugged.sinceSeconds + 60) } };
      break;
    }
    case 'movingWhilePlugged':
      changed = { plugged: held(true, sensors.plugged), ignition: held(true, sensors.ignition) };
      position = { ...position, speedKmh: Math.max(position.speedKmh, IMPOSSIBLE_SPEED_KMH) };
      break;
    case 'chargingWhileUnplugged':
      changed = { plugged: held(false, sensors.plugged), charging: held(true, sensors.charging), chargeHatchOpen: held(false, sensors.chargeHatchOpen) };
      break;
  }
  return { ...message, position, sensors: { ...sensors, ...changed } };
}

/** The car lists the fault's code among its own, as its firmware would. */
export function reporting(message: CarState, fault: FaultOf<'reportedFault'> | undefined): CarState {
  if (!fault || message.faults.includes(fault.code)) return message;
  return { ...message, faults: [...message.faults, fault.code] };
}

/**
 * The battery at the fault's level, and not charging: a charge that was under way reads as stopped since
 * the fault began (`sinceMs`).
 */
export function lowBattery(message: CarState, fault: FaultOf<'lowBattery'> | undefined, sinceMs: number, nowMs: number): CarState {
  if (!fault) return message;
  const { charging } = message.sensors;
  const stopped: BinarySensor = charging.value ? { value: false, sinceSeconds: Math.max(0, Math.floor((nowMs - sinceMs) / 1000)) } : charging;
  return {
    ...message,
    batteryPercent: fault.percent,
    rangeKm: Math.round(rangeKm(fault.percent) * 10) / 10,
    sensors: { ...message.sensors, charging: stopped },
  };
}

/** The odometer reads what it read when the fault began, however far the car drives. */
export function stuckOdometer(message: CarState, frozenKm: number | null): CarState {
  if (frozenKm === null) return message;
  return { ...message, odometerKm: frozenKm };
}
