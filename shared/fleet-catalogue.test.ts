import { describe, expect, it } from 'vitest';
import type { FleetDevice, FleetStation } from './console-api.js';
import { DEVICE_KINDS } from './fleet.js';
import { catalogueDevice, catalogueDevices, decodeCatalogue, encodeCatalogue } from './fleet-catalogue.js';

const stations: FleetStation[] = [
  { id: 'st-a', name: 'Paris/Verdun/77', address: '77 rue de Verdun', city: 'Paris', latitude: 48.87, longitude: 2.36 },
  { id: 'st-b', name: 'Clichy/Leclerc/43', address: '43 avenue Général Leclerc', city: 'Clichy', latitude: 48.9, longitude: 2.3 },
];

const devices: FleetDevice[] = [
  { id: 'car-1', kind: 'car', stationId: 'st-b', label: 'AB-123-CD', serialNumber: 'VF1', plate: 'AB-123-CD' },
  { id: 'cp-1', kind: 'chargePoint', stationId: 'st-a', label: 'IER-9', serialNumber: 'IER-9', plate: null },
  { id: 'car-2', kind: 'car', stationId: null, label: 'VF2', serialNumber: 'VF2', plate: null },
];

describe('fleet catalogue', () => {
  it('gives back every device as it was, with plates, serials, stations and labels', () => {
    const catalogue = decodeCatalogue(encodeCatalogue(devices, stations));
    expect(catalogueDevices(catalogue)).toEqual(devices);
    expect(catalogue.stations).toEqual(stations);
    // The same, as codes for typed arrays: kinds by position in DEVICE_KINDS, stations by position.
    expect(Array.from(catalogue.kind)).toEqual(devices.map((device) => DEVICE_KINDS.indexOf(device.kind)));
    expect(Array.from(catalogue.stationIndex)).toEqual([1, 0, -1]);
    expect(catalogueDevice(catalogue, 1)).toEqual(devices[1]);
  });

  it('reads the bytes wherever they sit: an ArrayBuffer, or an unaligned view into a larger buffer', () => {
    const bytes = encodeCatalogue(devices, stations);
    const larger = new Uint8Array(bytes.byteLength + 3);
    larger.set(bytes, 3);
    expect(catalogueDevices(decodeCatalogue(larger.subarray(3)))).toEqual(devices);
    expect(catalogueDevices(decodeCatalogue(bytes.slice().buffer))).toEqual(devices);
  });

  it('is far smaller than the same devices as JSON objects', () => {
    const many: FleetDevice[] = Array.from({ length: 1000 }, (_, index) => ({
      id: `cp-${String(index).padStart(5, '0')}`,
      kind: 'chargePoint',
      stationId: stations[index % 2]?.id ?? null,
      label: `IER-${index}`,
      serialNumber: `IER-${index}`,
      plate: null,
    }));
    const bytes = encodeCatalogue(many, stations);
    expect(bytes.byteLength).toBeLessThan(JSON.stringify(many).length / 3);
    expect(catalogueDevices(decodeCatalogue(bytes))).toEqual(many);
  });

  it('holds an empty fleet', () => {
    const catalogue = decodeCatalogue(encodeCatalogue([], stations));
    expect(catalogueDevices(catalogue)).toEqual([]);
    expect(catalogue.stations).toEqual(stations);
  });

  it('refuses bytes that are not a catalogue, or whose parts disagree', () => {
    const bytes = encodeCatalogue(devices, stations);
    expect(() => decodeCatalogue(new Uint8Array(4))).toThrow(RangeError);
    expect(() => decodeCatalogue(new Uint8Array(bytes.byteLength))).toThrow(/not a fleet catalogue/);
    expect(() => decodeCatalogue(bytes.subarray(0, 20))).toThrow(RangeError);
    const moreDevices = bytes.slice();
    new DataView(moreDevices.buffer).setUint32(4, 2, true);
    expect(() => decodeCatalogue(moreDevices)).toThrow(RangeError);
    const unknownStation = bytes.slice();
    new DataView(unknownStation.buffer).setInt32(12, 7, true);
    expect(() => decodeCatalogue(unknownStation)).toThrow(/unknown station/);
  });
});
