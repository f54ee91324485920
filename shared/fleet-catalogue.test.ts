import { describe, expect, it } from 'vitest';
import type { FleetDevice, FleetStation } from './console-api.js';
import { DEVICE_KINDS } from './fleet.js';
import { catalogueCodes, decodeCatalogue, encodeCatalogue } from './fleet-catalogue.js';

const stations: FleetStation[] = [
  { id: 'st-a', name: 'Paris/Verdun/77', address: '77 rue de Verdun', city: 'Paris', latitude: 48.87, longitude: 2.36 },
  { id: 'st-b', name: 'Clichy/Leclerc/43', address: '43 avenue Leclerc', city: 'Clichy', latitude: 48.9, longitude: 2.3 },
];

describe('fleet catalogue', () => {
  it('gives back every device as it was, with plates, serials, stations and labels', () => {
    const devices: FleetDevice[] = [
      { id: 'car-1', kind: 'car', stationId: 'st-b', label: 'AB-123-CD', serialNumber: 'VF1', plate: 'AB-123-CD' },
      { id: 'cp-1', kind: 'chargePoint', stationId: 'st-a', label: 'IER-9', serialNumber: 'IER-9', plate: null },
      { id: 'car-2', kind: 'car', stationId: null, label: 'VF2', serialNumber: 'VF2', plate: null },
    ];
    const catalogue = encodeCatalogue(devices, stations);
    expect(decodeCatalogue(catalogue, stations)).toEqual(devices);
    // The same, as codes for typed arrays: kinds by position in DEVICE_KINDS, stations by position.
    const codes = catalogueCodes(catalogue);
    expect(Array.from(codes.kind)).toEqual(devices.map((device) => DEVICE_KINDS.indexOf(device.kind)));
    expect(Array.from(codes.stationIndex)).toEqual([1, 0, -1]);
  });

  it('is far smaller than the same devices as JSON objects', () => {
    const devices: FleetDevice[] = Array.from({ length: 1000 }, (_, index) => ({
      id: `cp-${String(index).padStart(5, '0')}`,
      kind: 'chargePoint',
      stationId: stations[index % 2]?.id ?? null,
      label: `IER-${index}`,
      serialNumber: `IER-${index}`,
      plate: null,
    }));
    const catalogue = encodeCatalogue(devices, stations);
    expect(JSON.stringify(catalogue).length).toBeLessThan(JSON.stringify(devices).length / 3);
    expect(decodeCatalogue(catalogue, stations)).toEqual(devices);
  });

  it('holds an empty fleet', () => {
    expect(decodeCatalogue(encodeCatalogue([], stations), stations)).toEqual([]);
  });

  it('refuses a catalogue whose fields disagree', () => {
    const catalogue = encodeCatalogue([{ id: 'car-1', kind: 'car', stationId: null, label: 'X', serialNumber: 'X', plate: null }], []);
    expect(() => decodeCatalogue({ ...catalogue, ids: 'car-1\ncar-2' }, [])).toThrow(RangeError);
  });
});
