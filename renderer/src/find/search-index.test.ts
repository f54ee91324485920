import { describe, expect, it } from 'vitest';
import type { FleetDevice, FleetStation } from '../../../shared/console-api.js';
import { generateDemoNetwork } from '../../../shared/network.js';
import { SearchIndex, bestRank, foldForSearch } from './search-index.js';

const stations: FleetStation[] = [
  { id: 'st-1', name: 'Paris/Rivoli/12', address: '12 rue de Rivoli', city: 'Paris', latitude: 48.85, longitude: 2.35 },
  { id: 'st-2', name: 'Vincennes/Paris/3', address: '3 avenue de Paris', city: 'Vincennes', latitude: 48.84, longitude: 2.43 },
  { id: 'st-3', name: 'Paris/Étoile/1', address: '1 place Charles-de-Gaulle', city: 'Paris', latitude: 48.87, longitude: 2.29 },
  { id: 'st-4', name: 'Saint-Denis/Gare/8', address: '8 rue Jean-Jaurès', city: 'Saint-Denis', latitude: 48.93, longitude: 2.36 },
];

const devices: FleetDevice[] = [
  { id: 'cp-00001', kind: 'chargePoint', stationId: 'st-1', label: 'IER-00012345', serialNumber: 'IER-00012345', plate: null },
  { id: 'car-00001', kind: 'car', stationId: 'st-1', label: 'AB-123-CD', serialNumber: 'VF9BC000000000123', plate: 'AB-123-CD' },
  { id: 'car-00002', kind: 'car', stationId: 'st-2', label: 'XAB-12-ZZ', serialNumber: 'VF9BC000000000777', plate: 'XAB-12-ZZ' },
  { id: 'ab123', kind: 'car', stationId: null, label: 'QQ-999-QQ', serialNumber: 'VF9BC000000000999', plate: 'QQ-999-QQ' },
  { id: 'car-00004', kind: 'car', stationId: null, label: 'Spare car', serialNumber: 'VF9BC000000000444', plate: null },
];

const index = new SearchIndex(devices, stations);
const deviceIds = (query: string) => index.search(query).devices.map((hit) => devices[hit.index]?.id);
const stationIds = (query: string) => index.search(query).stations.map((hit) => stations[hit.index]?.id);

describe('foldForSearch', () => {
  it('lowers case, folds accents and drops spaces, dashes and punctuation', () => {
    expect(foldForSearch('AB-123-CD')).toBe('ab123cd');
    expect(foldForSearch('  ab 123 ')).toBe('ab123');
    expect(foldForSearch('Paris/Étoile/1')).toBe('parisetoile1');
    expect(foldForSearch('Jean-Jaurès')).toBe('jeanjaures');
    expect(foldForSearch('-/ ')).toBe('');
  });
});

describe('SearchIndex', () => {
  it('finds a plate however it is typed', () => {
    expect(deviceIds('ab123')).toContain('car-00001');
    expect(deviceIds('AB 123 cd')).toEqual(['car-00001']);
    expect(deviceIds('ab-123-CD')).toEqual(['car-00001']);
  });

  it('ranks exact before prefix before substring, ids before plates', () => {
    const results = index.search('ab123');
    expect(results.devices.map((hit) => [devices[hit.index]?.id, hit.rank, hit.field])).toEqual([
      ['ab123', 'exact', 'id'],
      ['car-00001', 'prefix', 'plate'],
    ]);
    expect(index.search('ab12').devices.map((hit) => [devices[hit.index]?.id, hit.rank])).toEqual([
      ['ab123', 'prefix'],
      ['car-00001', 'prefix'],
      ['car-00002', 'substring'],
    ]);
  });

  it('lists a device once even when several of its fields match', () => {
    // "123" is in car-00001's plate and serial number.
    const hits = index.search('123').devices.map((hit) => devices[hit.index]?.id);
    expect(hits.filter((id) => id === 'car-00001')).toHaveLength(1);
    expect(new Set(hits).size).toBe(hits.length);
  });

  it('lists a device at its best rank even when a weaker match comes first in field order', () => {
    const small = new SearchIndex(
      [
        { id: 'x-ab', kind: 'car', stationId: null, label: 'P1', serialNumber: 'S1', plate: 'P1' },
        { id: 'y-1', kind: 'car', stationId: null, label: 'P2', serialNumber: 'AB-9', plate: 'P2' },
        { id: 'z-ab', kind: 'car', stationId: null, label: 'P3', serialNumber: 'ab', plate: 'P3' },
      ],
      [],
    );
    expect(small.search('ab').devices.map((hit) => [hit.index, hit.rank, hit.field])).toEqual([
      [2, 'exact', 'serialNumber'],
      [1, 'prefix', 'serialNumber'],
      [0, 'substring', 'id'],
    ]);
  });

  it('searches serial numbers and labels that say something of their own', () => {
    expect(deviceIds('IER00012345')).toEqual(['cp-00001']);
    expect(deviceIds('vf9bc000000000777')).toEqual(['car-00002']);
    expect(index.search('spare').devices.map((hit) => [devices[hit.index]?.id, hit.field])).toEqual([['car-00004', 'label']]);
  });

  it('searches stations by name, address and city, accents folded', () => {
    expect(stationIds('etoile')).toEqual(['st-3']);
    expect(stationIds('rue de rivoli')).toEqual(['st-1']);
    expect(stationIds('jaures')).toEqual(['st-4']);
    // A city that is exactly "Paris" beats a name that merely contains it.
    expect(index.search('paris').stations.map((hit) => [stations[hit.index]?.id, hit.rank, hit.field])).toEqual([
      ['st-1', 'exact', 'city'],
      ['st-3', 'exact', 'city'],
      ['st-2', 'substring', 'name'],
    ]);
    expect(index.search('paris/rivo').stations.map((hit) => [stations[hit.index]?.id, hit.rank])).toEqual([['st-1', 'prefix']]);
    expect(index.search('Saint-Denis').stations.map((hit) => [stations[hit.index]?.id, hit.rank, hit.field])).toEqual([['st-4', 'exact', 'city']]);
  });

  it('stops at the limits and says so', () => {
    const limited = index.search('car', { devices: 2, stations: 5 });
    expect(limited.devices).toHaveLength(2);
    expect(limited.isTruncated).toBe(true);
    expect(index.search('car', { devices: 10, stations: 5 }).isTruncated).toBe(false);
  });

  it('finds nothing for an empty or punctuation-only query, and nothing that is not there', () => {
    expect(index.search('').devices).toEqual([]);
    expect(index.search(' - ').stations).toEqual([]);
    expect(index.search('zzzzzz').devices).toEqual([]);
    expect(bestRank([])).toBe(3);
  });

  it('answers the same query twice the same way (per-search bookkeeping resets)', () => {
    expect(deviceIds('12')).toEqual(deviceIds('12'));
  });

  it('searches 100,000 devices well under a frame', () => {
    const network = generateDemoNetwork({ seed: 11, stations: 4000, cars: 40_000, chargePoints: 60_000 });
    const fleetDevices: FleetDevice[] = network.devices.map((device) => ({
      id: device.id,
      kind: device.kind,
      stationId: device.stationId,
      label: device.plate ?? device.serialNumber,
      serialNumber: device.serialNumber,
      plate: device.plate,
    }));
    const fleetStations: FleetStation[] = network.stations.map((station) => ({ ...station }));
    expect(fleetDevices).toHaveLength(100_000);

    const buildStart = performance.now();
    const big = new SearchIndex(fleetDevices, fleetStations);
    const buildMs = performance.now() - buildStart;

    const car = network.devices.find((device) => device.plate !== null && device.id.endsWith('37'));
    const plate = car?.plate ?? '';
    const station = fleetStations[1234];
    const queries = [plate.replaceAll('-', '').slice(0, 5), plate, 'cp-0999', station?.name ?? '', 'rivoli', 'a', '7', 'nothing-like-this', 'IER-0'];
    const timings: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const query of queries) {
        const start = performance.now();
        big.search(query);
        timings.push(performance.now() - start);
      }
    }
    timings.sort((a, b) => a - b);
    const median = timings[Math.floor(timings.length / 2)] ?? 0;
    const worst = timings[timings.length - 1] ?? 0;
    console.info(`search over 100,000 devices and 4,000 stations: build ${buildMs.toFixed(1)} ms, query median ${median.toFixed(2)} ms, worst ${worst.toFixed(2)} ms`);

    expect(big.search(plate).devices[0]).toMatchObject({ index: fleetDevices.findIndex((device) => device.id === car?.id), rank: 'exact', field: 'plate' });
    expect(big.search(station?.name ?? '').stations[0]).toMatchObject({ index: 1234, rank: 'exact', field: 'name' });
    expect(big.search('a').devices).toHaveLength(50);
    expect(big.search('nothing-like-this').devices).toHaveLength(0);
  });
});
