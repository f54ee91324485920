import { describe, expect, it } from 'vitest';
import type { FleetDevice } from '../../../shared/console-api.js';
import { FleetModel } from '../sync/fleet-model.js';
import { testSnapshot } from '../sync/fleet-test-data.js';
import { positionOf, summariseDevice } from './device-summary.js';

const NOW = 1_700_000_000_000;

describe('summariseDevice', () => {
  const devices: FleetDevice[] = [
    { id: 'car-1', kind: 'car', stationId: 'st-1', label: 'AB-123-CD', serialNumber: 'VIN-1', plate: 'AB-123-CD' },
    { id: 'cp-1', kind: 'chargePoint', stationId: null, label: 'IER-1', serialNumber: 'IER-1', plate: null },
  ];
  const model = new FleetModel(() => NOW);
  model.applySnapshot(
    testSnapshot(
      'e1',
      1,
      devices,
      [
        { index: 0, kind: 'car', status: 'charging', battery: 62, lastSeenMs: NOW - 20_000 },
        { index: 1, kind: 'chargePoint', status: 'faulted', battery: 255, lastSeenMs: 0 },
      ],
      NOW,
      { stations: [{ id: 'st-1', name: 'Paris/Rivoli/12', address: '12 rue de Rivoli', city: 'Paris', latitude: 48.85, longitude: 2.35 }] },
    ),
  );

  it('says plate, station, battery and age for a car', () => {
    expect(summariseDevice(model, 0, NOW)).toEqual({
      id: 'car-1',
      kind: 'car',
      status: 'charging',
      reference: 'AB-123-CD',
      stationName: 'Paris/Rivoli/12',
      battery: 62,
      lastSeenMs: NOW - 20_000,
      isStale: true,
    });
  });

  it('says serial for a charge point, without battery, station or a time it never had', () => {
    expect(summariseDevice(model, 1, NOW)).toMatchObject({ reference: 'IER-1', stationName: null, battery: null, lastSeenMs: null });
    expect(summariseDevice(model, 5, NOW)).toBeNull();
  });
});

describe('positionOf', () => {
  it('finds an index or where it would go', () => {
    const indices = Uint32Array.from([2, 5, 9]);
    expect(positionOf(indices, 5)).toEqual({ position: 1, isPresent: true });
    expect(positionOf(indices, 6)).toEqual({ position: 2, isPresent: false });
    expect(positionOf(indices, 0)).toEqual({ position: 0, isPresent: false });
    expect(positionOf(indices, 10)).toEqual({ position: 3, isPresent: false });
    expect(positionOf(new Uint32Array(0), 1)).toEqual({ position: 0, isPresent: false });
  });
});
