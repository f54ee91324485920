import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseAutolibCsv } from './autolib.js';
import { networkFromStationList } from './network.js';

// Reference data lives beside the checkout (../shared/data), not in the repository.
const AUTOLIB_CSV = new URL('../../shared/data/autolib-stations.csv', import.meta.url);
const HEADER = 'Address;Cars;City;ID;Geo point;Postal code;Public name;Slots';

describe('parseAutolibCsv', () => {
  it('reads the real Autolib export into the network Autolib had', async () => {
    const stations = parseAutolibCsv(await readFile(AUTOLIB_CSV, 'utf8'));
    expect(stations).toHaveLength(1119);
    const clichy = stations.find((station) => station.id === 'paris-clichy-2');
    expect(clichy).toEqual({
      id: 'paris-clichy-2',
      name: 'Paris/Clichy/2',
      address: '2 Boulevard de Clichy',
      city: 'Paris',
      postalCode: '75018',
      latitude: 48.8822728,
      longitude: 2.3395493,
      carsParked: 1,
      freeSpaces: 3,
    });
    const network = networkFromStationList(stations);
    const cars = network.devices.filter((device) => device.kind === 'car').length;
    const chargePoints = network.devices.filter((device) => device.kind === 'chargePoint').length;
    expect(cars).toBeGreaterThan(2500);
    expect(cars).toBeLessThan(2700);
    expect(chargePoints).toBeGreaterThan(4700);
    expect(chargePoints).toBeLessThan(4900);
    for (const station of stations) {
      expect(station.latitude).toBeGreaterThan(48.7);
      expect(station.latitude).toBeLessThan(49);
      expect(station.longitude).toBeGreaterThan(2);
      expect(station.longitude).toBeLessThan(2.7);
    }
  });

  it('skips rows without a position and repeated IDs, and reads empty counts as zero', () => {
    const text = [
      HEADER,
      '1 rue A;2;Paris;a;48.85, 2.35;75001;Paris/A/1;',
      '2 rue B;1;Paris;b;;75002;Paris/B/2;3',
      '3 rue C;1;Paris;c;not, here;75003;Paris/C/3;3',
      '4 rue D;1;Paris;a;48.86, 2.36;75004;Paris/D/4;3',
    ].join('\n');
    const stations = parseAutolibCsv(text);
    expect(stations.map((station) => station.id)).toEqual(['a']);
    expect(stations[0]?.freeSpaces).toBe(0);
    expect(stations[0]?.carsParked).toBe(2);
  });
});
