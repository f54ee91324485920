import { describe, expect, it } from 'vitest';
import { carStateSchema } from '../../shared/car-protocol.js';
import { NETWORK_MODELS, generateDemoNetwork } from '../../shared/network.js';
import type { Network, NetworkDevice, NetworkStation } from '../../shared/network.js';
import { carStateMessage } from './car.js';
import type { ConnectorStatus } from './charge-point.js';
import { distanceKm } from './geo.js';
import { CITY_SPEED_KMH, HANDOVER_MS, World } from './world.js';

const START = Date.parse('2024-05-01T08:00:00Z');
const HOUR = 3_600_000;

function station(id: string, northKm: number): NetworkStation {
  return { id, name: id, address: '1 rue de Rivoli', city: 'Paris', postalCode: '75001', latitude: 48.8566 + northKm / 111.2, longitude: 2.3522 };
}

function device(id: string, kind: NetworkDevice['kind'], stationId: string): NetworkDevice {
  return { id, kind, modelId: kind === 'car' ? 'bluecar' : 'autolib-pillar', serialNumber: `SN-${id}`, plate: null, firmwareVersion: '1.0', stationId };
}

/** Station A with two charge points and one car; B 2 km north with one charge point; C 3 km north, none. */
function smallNetwork(): Network {
  return {
    stations: [station('st-a', 0), station('st-b', 2), station('st-c', 3)],
    models: NETWORK_MODELS,
    devices: [device('cp-a1', 'chargePoint', 'st-a'), device('cp-a2', 'chargePoint', 'st-a'), device('cp-b1', 'chargePoint', 'st-b'), device('car-1', 'car', 'st-a')],
  };
}

function car(world: World, id = 'car-1') {
  const found = world.cars.get(id);
  if (!found) throw new Error(`no car ${id}`);
  return found;
}

function chargePoint(world: World, id: string) {
  const found = world.chargePoints.get(id);
  if (!found) throw new Error(`no charge point ${id}`);
  return found;
}

/** Advances in one-second steps until `done` or `limitMs`, returning the time reached. */
function runUntil(world: World, done: () => boolean, limitMs: number, stepMs = 1_000): number {
  let now = world.nowMs;
  while (!done() && now - world.nowMs <= limitMs) {
    now += stepMs;
    world.advance(now);
  }
  return now;
}

describe('World', () => {
  it('starts every car parked at its station, plugged into a charge point there', () => {
    const world = new World(smallNetwork(), { seed: 1, nowMs: START });
    const parked = car(world);
    expect(parked.activity).toBe('parked');
    expect(parked.stationId).toBe('st-a');
    expect(parked.chargePointId).toBe('cp-a1');
    expect(parked.sensors.plugged.value).toBe(true);
    const plug = chargePoint(world, 'cp-a1');
    expect(plug.carId).toBe('car-1');
    expect(plug.status).toBe(parked.batteryPercent < 100 ? 'Charging' : 'SuspendedEV');
    expect(chargePoint(world, 'cp-a2').status).toBe('Available');
  });

  it('drives a car to another station, freeing one charge point and occupying another', () => {
    const world = new World(smallNetwork(), { seed: 2, nowMs: START, drivingShare: 0.001 });
    const statuses: [string, ConnectorStatus][] = [];
    world.onChargePointStatus((point) => statuses.push([point.id, point.status]));
    const driver = car(world);
    const batteryBefore = driver.batteryPercent;
    const odometerBefore = driver.odometerKm;
    const destination = { latitude: 48.8566 + 2 / 111.2, longitude: 2.3522 };

    expect(world.startTrip('car-1', 'st-b')).toBe(true);
    expect(driver.activity).toBe('boarding');
    expect(driver.sensors.plugged.value).toBe(false);
    expect(driver.sensors.doorsOpen.value).toBe(true);
    expect(chargePoint(world, 'cp-a1').status).toBe('Finishing');
    expect(chargePoint(world, 'cp-a1').carId).toBeNull();

    runUntil(world, () => driver.activity === 'driving', HANDOVER_MS + 2_000);
    expect(driver.activity).toBe('driving');
    expect(chargePoint(world, 'cp-a1').status).toBe('Available');
    expect(driver.sensors.ignition.value).toBe(true);

    const distanceAtStart = distanceKm(driver, destination);
    world.advance(world.nowMs + 60_000);
    expect(driver.speedKmh).toBeGreaterThanOrEqual(CITY_SPEED_KMH.minimum);
    expect(driver.speedKmh).toBeLessThanOrEqual(CITY_SPEED_KMH.maximum);
    expect(driver.headingDegrees === 0 || driver.headingDegrees > 359).toBe(true);
    expect(distanceKm(driver, destination)).toBeLessThan(distanceAtStart - 0.3);

    runUntil(world, () => driver.activity === 'parked', HOUR);
    expect(driver.stationId).toBe('st-b');
    expect(distanceKm(driver, destination)).toBeLessThan(0.001);
    expect(driver.speedKmh).toBe(0);
    expect(driver.odometerKm - odometerBefore).toBeCloseTo(2, 1);
    expect(driver.batteryPercent).toBeLessThan(batteryBefore);
    expect(driver.chargePointId).toBe('cp-b1');
    expect(driver.sensors.locked.value).toBe(true);
    runUntil(world, () => chargePoint(world, 'cp-b1').status === 'Charging', 10_000);

    expect(statuses).toEqual([
      ['cp-a1', 'Finishing'],
      ['cp-a1', 'Available'],
      ['cp-b1', 'Preparing'],
      ['cp-b1', 'Charging'],
    ]);
    expect(driver.sensors.charging.value).toBe(true);
  });

  it('keeps an immobilised car from setting off, parked or boarding, until it is released', () => {
    const world = new World(smallNetwork(), { seed: 2, nowMs: START, drivingShare: 0.001 });
    world.setImmobilised('car-1', true);
    expect(world.startTrip('car-1', 'st-b')).toBe(false);
    world.setImmobilised('car-1', false);
    expect(world.startTrip('car-1', 'st-b')).toBe(true);
    world.setImmobilised('car-1', true);
    world.advance(START + HANDOVER_MS * 3);
    expect(car(world).activity).toBe('boarding');
    expect(car(world).sensors.ignition.value).toBe(false);
    world.setImmobilised('car-1', false);
    world.advance(START + HANDOVER_MS * 3 + 1_000);
    expect(car(world).activity).toBe('driving');
  });

  it('leaves a charge point the central system holds to whoever holds it', () => {
    const held = new Set(['cp-b1']);
    const world = new World(smallNetwork(), { seed: 2, nowMs: START, drivingShare: 0.001, isHeld: (id) => held.has(id) });
    world.startTrip('car-1', 'st-b');
    runUntil(world, () => car(world).activity === 'parked', HOUR);
    expect(car(world).stationId).toBe('st-b');
    expect(car(world).chargePointId).toBeNull();
    expect(chargePoint(world, 'cp-b1').carId).toBeNull();
    // Once let go, the next car to arrive takes it.
    held.clear();
    world.startTrip('car-1', 'st-a');
    runUntil(world, () => car(world).activity === 'parked', HOUR);
    world.startTrip('car-1', 'st-b');
    runUntil(world, () => car(world).activity === 'parked', HOUR);
    expect(car(world).chargePointId).toBe('cp-b1');
  });

  it('parks unplugged when every charge point at the station is taken', () => {
    const world = new World(smallNetwork(), { seed: 3, nowMs: START, drivingShare: 0.001 });
    world.startTrip('car-1', 'st-c');
    runUntil(world, () => car(world).activity === 'parked', HOUR);
    expect(car(world).stationId).toBe('st-c');
    expect(car(world).chargePointId).toBeNull();
    expect(car(world).sensors.plugged.value).toBe(false);
  });

  it('charges like a 30 kWh battery on 3.7 kW, sped up by the factor, and stops when full', () => {
    for (const speedFactor of [1, 10]) {
      const world = new World(smallNetwork(), { seed: 4, nowMs: START, speedFactor, drivingShare: 0.001 });
      const charging = car(world);
      // Seed 4 starts car-1 low enough that an hour at 3.7 kW (+12.3%) cannot fill it.
      expect(charging.batteryPercent).toBeLessThan(87);
      const batteryBefore = charging.batteryPercent;
      const energyBefore = chargePoint(world, 'cp-a1').energyWh;
      world.advance(START + HOUR / speedFactor);
      expect(charging.batteryPercent - batteryBefore).toBeCloseTo((3.7 / 30) * 100, 1);
      expect(chargePoint(world, 'cp-a1').energyWh - energyBefore).toBeCloseTo(3_700, 0);
      expect(chargePoint(world, 'cp-a1').powerW).toBe(3_700);

      world.advance(START + (12 * HOUR) / speedFactor);
      expect(charging.batteryPercent).toBe(100);
      expect(charging.sensors.charging.value).toBe(false);
      expect(chargePoint(world, 'cp-a1').status).toBe('SuspendedEV');
      expect(chargePoint(world, 'cp-a1').powerW).toBe(0);
    }
  });

  it('resets a sensor’s sinceSeconds when it changes, and counts up from there', () => {
    const world = new World(smallNetwork(), { seed: 5, nowMs: START, drivingShare: 0.001 });
    const identity = { bootId: 'boot', sequence: 0 };
    const before = carStateMessage(car(world), START, identity);
    expect(before.sensors.plugged.value).toBe(true);
    world.advance(START + 1_000);
    world.startTrip('car-1', 'st-b');
    const unplugged = carStateMessage(car(world), START + 1_000, identity);
    expect(unplugged.sensors.plugged).toEqual({ value: false, sinceSeconds: 0 });
    expect(unplugged.sensors.doorsOpen).toEqual({ value: true, sinceSeconds: 0 });
    // Unchanged sensors keep counting from their own change.
    expect(unplugged.sensors.ignition.sinceSeconds).toBe(before.sensors.ignition.sinceSeconds + 1);
    world.advance(START + 5_000);
    expect(carStateMessage(car(world), START + 5_000, identity).sensors.plugged.sinceSeconds).toBe(4);
  });

  it('builds messages that the car protocol accepts, with the car’s own clock', () => {
    const world = new World(generateDemoNetwork({ seed: 7, stations: 40, cars: 60, chargePoints: 80 }), { seed: 7, nowMs: START, speedFactor: 20 });
    for (let step = 1; step <= 120; step++) world.advance(START + step * 5_000);
    for (const simulated of world.cars.values()) {
      const message = carStateMessage(simulated, world.nowMs, { bootId: 'b', sequence: 3 });
      expect(carStateSchema.parse(message)).toEqual(message);
      expect(Math.abs(Date.parse(message.deviceTime) - world.nowMs)).toBeLessThanOrEqual(2_000);
    }
  });

  it('keeps about the configured share of cars on the road, and plugged cars on their charge points', () => {
    const world = new World(generateDemoNetwork({ seed: 11, stations: 120, cars: 400, chargePoints: 700 }), { seed: 11, nowMs: START });
    const shares: number[] = [];
    for (let step = 1; step <= 4 * 720; step++) {
      world.advance(START + step * 5_000);
      if (step > 720 && step % 60 === 0) shares.push(world.counts().driving / world.cars.size);
    }
    const average = shares.reduce((sum, share) => sum + share, 0) / shares.length;
    expect(average).toBeGreaterThan(0.06);
    expect(average).toBeLessThan(0.14);
    for (const simulated of world.cars.values()) {
      if (simulated.chargePointId === null) continue;
      const plug = chargePoint(world, simulated.chargePointId);
      expect(plug.carId).toBe(simulated.id);
      expect(plug.stationId).toBe(simulated.stationId);
    }
  });

  it('on a warm start, has about the configured share on the road within the first minute', () => {
    const network = generateDemoNetwork({ seed: 12, stations: 120, cars: 400, chargePoints: 700 });
    const cold = new World(network, { seed: 12, nowMs: START });
    const warm = new World(network, { seed: 12, nowMs: START, isWarmStart: true });
    for (let step = 1; step <= 13; step++) {
      cold.advance(START + step * 5_000);
      warm.advance(START + step * 5_000);
    }
    const share = warm.counts().driving / warm.cars.size;
    expect(share).toBeGreaterThan(0.06);
    expect(share).toBeLessThan(0.14);
    expect(cold.counts().driving).toBeLessThan(warm.counts().driving / 3);
  });

  it('is the same world for the same seed', () => {
    const network = generateDemoNetwork({ seed: 5, stations: 30, cars: 50, chargePoints: 70 });
    const run = () => {
      const world = new World(network, { seed: 9, nowMs: START, speedFactor: 30 });
      for (let step = 1; step <= 200; step++) world.advance(START + step * 2_000);
      return [...world.cars.values()].map((simulated) => carStateMessage(simulated, world.nowMs, { bootId: 'b', sequence: 0 }));
    };
    expect(run()).toEqual(run());
  });
});
