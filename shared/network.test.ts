import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_NETWORK, generateDemoNetwork } from './network.js';
import type { DemoNetworkOptions, Network } from './network.js';

const PARIS_CENTRE = { latitude: 48.8566, longitude: 2.3522 };
const PARIS_RADIUS_KM = 5.5;
const EARTH_RADIUS_KM = 6371;

/** Great-circle distance (haversine), independent of how the generator places stations. */
function distanceKm(from: { latitude: number; longitude: number }, to: { latitude: number; longitude: number }): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const latitudeDelta = radians(to.latitude - from.latitude);
  const longitudeDelta = radians(to.longitude - from.longitude);
  const a = Math.sin(latitudeDelta / 2) ** 2 + Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(longitudeDelta / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
}

function counts(network: Network) {
  return {
    stations: network.stations.length,
    cars: network.devices.filter((device) => device.kind === 'car').length,
    chargePoints: network.devices.filter((device) => device.kind === 'chargePoint').length,
  };
}

function expectUnique(values: readonly (string | null)[], what: string): void {
  expect(new Set(values).size, `${what} are unique`).toBe(values.length);
}

const SIZES: readonly DemoNetworkOptions[] = [
  { seed: 3, stations: 0, cars: 0, chargePoints: 0 },
  { seed: 3, stations: 1, cars: 1, chargePoints: 1 },
  { seed: 4, stations: 40, cars: 30, chargePoints: 25 + 40 },
  // Fewer charge points than stations: some stations stand empty.
  { seed: 5, stations: 50, cars: 10, chargePoints: 20 },
  DEFAULT_DEMO_NETWORK,
];

describe('generateDemoNetwork', () => {
  const network = generateDemoNetwork(DEFAULT_DEMO_NETWORK);

  it.each(SIZES)('gives exactly the stations, cars and charge points asked for (%o)', (options) => {
    expect(counts(generateDemoNetwork(options))).toEqual({ stations: options.stations, cars: options.cars, chargePoints: options.chargePoints });
  });

  it('gives the same network for the same seed and another one for another seed', () => {
    const options = { seed: 11, stations: 60, cars: 80, chargePoints: 120 };
    const first = generateDemoNetwork(options);
    expect(generateDemoNetwork(options)).toEqual(first);
    const other = generateDemoNetwork({ ...options, seed: 12 });
    expect(counts(other)).toEqual(counts(first));
    expect(other.stations).not.toEqual(first.stations);
    expect(other.devices).not.toEqual(first.devices);
  });

  it('gives unique station and device ids, plates and serial numbers', () => {
    expectUnique(network.stations.map((station) => station.id), 'station ids');
    expectUnique(network.devices.map((device) => device.id), 'device ids');
    expectUnique(network.devices.map((device) => device.serialNumber), 'serial numbers');
    const cars = network.devices.filter((device) => device.kind === 'car');
    expect(cars.every((car) => car.plate !== null)).toBe(true);
    expectUnique(cars.map((car) => car.plate), 'plates');
    expect(network.devices.filter((device) => device.kind === 'chargePoint').every((chargePoint) => chargePoint.plate === null)).toBe(true);
  });

  it('keeps serial numbers unique at 100,000 devices, where random draws would repeat', () => {
    const large = generateDemoNetwork({ seed: 7, stations: 15_000, cars: 35_000, chargePoints: 65_000 });
    expectUnique(large.devices.map((device) => device.serialNumber), 'serial numbers');
    expectUnique(large.devices.flatMap((device) => (device.plate === null ? [] : [device.plate])), 'plates');
  });

  it("puts every device at a station of the network, with a model of its kind", () => {
    const stationIds = new Set(network.stations.map((station) => station.id));
    for (const device of network.devices) {
      expect(stationIds.has(device.stationId), `${device.id} at ${device.stationId}`).toBe(true);
      expect(network.models.find((model) => model.id === device.modelId)?.kind).toBe(device.kind);
    }
  });

  it('places every station in the Paris area', () => {
    for (const station of network.stations) {
      expect(station.latitude).toBeGreaterThanOrEqual(48.7);
      expect(station.latitude).toBeLessThanOrEqual(49);
      expect(station.longitude).toBeGreaterThanOrEqual(2.1);
      expect(station.longitude).toBeLessThanOrEqual(2.6);
    }
  });

  it('is denser in Paris proper than in the suburbs around it', () => {
    const distances = network.stations.map((station) => distanceKm(PARIS_CENTRE, station));
    const inside = distances.filter((distance) => distance <= PARIS_RADIUS_KM).length;
    const outside = distances.length - inside;
    const farthestKm = Math.max(...distances);
    expect(inside).toBeGreaterThan(0);
    expect(outside).toBeGreaterThan(0);
    const insideDensity = inside / (Math.PI * PARIS_RADIUS_KM ** 2);
    const outsideDensity = outside / (Math.PI * (farthestKm ** 2 - PARIS_RADIUS_KM ** 2));
    expect(insideDensity).toBeGreaterThan(outsideDensity);
  });
});
