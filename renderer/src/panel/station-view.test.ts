import { describe, expect, it } from 'vitest';
import type { FleetDevice, FleetStation } from '../../../shared/console-api.js';
import { FleetModel } from '../sync/fleet-model.js';
import { testSnapshot, type TestRow } from '../sync/fleet-test-data.js';
import { countByStatus, groupByStatus, parkedCarsNear, stationChargePoints } from './station-view.js';

const NOW = 1_764_252_000_000;
const STATION: FleetStation = { id: 'st-1', name: 'Bastille', address: '1 place de la Bastille', city: 'Paris', latitude: 48.8532, longitude: 2.3692 };
const OTHER: FleetStation = { id: 'st-2', name: 'Nation', address: '2 place de la Nation', city: 'Paris', latitude: 48.8483, longitude: 2.3958 };
/** About 11 m per 0.0001° of latitude. */
const METRES_PER_TEN_THOUSANDTH = 11.12;

function device(id: string, kind: FleetDevice['kind'], stationId: string | null): FleetDevice {
  return { id, kind, stationId, label: id, serialNumber: `SN-${id}`, plate: kind === 'car' ? id : null };
}

function modelWith(devices: readonly FleetDevice[], rows: readonly TestRow[]): FleetModel {
  const model = new FleetModel(() => NOW);
  model.applySnapshot(testSnapshot('e1', 1, devices, rows, NOW, { stations: [STATION, OTHER] }));
  return model;
}

describe('a station view from the fleet arrays', () => {
  const devices = [
    device('cp-a', 'chargePoint', 'st-1'),
    device('cp-b', 'chargePoint', 'st-1'),
    device('cp-c', 'chargePoint', 'st-2'),
    device('car-parked', 'car', 'st-1'),
    device('car-passing', 'car', null),
    device('car-far', 'car', null),
    device('car-near-edge', 'car', null),
    device('cp-d', 'chargePoint', 'st-1'),
  ];
  const at = { latitude: STATION.latitude, longitude: STATION.longitude };
  const rows: TestRow[] = [
    { index: 0, kind: 'chargePoint', status: 'charging', ...at, lastSeenMs: NOW - 5_000 },
    { index: 1, kind: 'chargePoint', status: 'available', ...at, lastSeenMs: NOW - 500_000 },
    { index: 2, kind: 'chargePoint', status: 'available', latitude: OTHER.latitude, longitude: OTHER.longitude, lastSeenMs: NOW },
    { index: 3, kind: 'car', status: 'charging', ...at, speed: 0, battery: 64, lastSeenMs: NOW },
    // Driving past the station: not parked, however close.
    { index: 4, kind: 'car', status: 'inUse', latitude: STATION.latitude + 0.0001, longitude: STATION.longitude, speed: 32, lastSeenMs: NOW },
    // 150 m north: somewhere else.
    { index: 5, kind: 'car', status: 'available', latitude: STATION.latitude + 0.00135, longitude: STATION.longitude, speed: 0, lastSeenMs: NOW },
    // 60 m east, standing: parked there.
    { index: 6, kind: 'car', status: 'available', latitude: STATION.latitude, longitude: STATION.longitude + 60 / (111_195 * Math.cos((STATION.latitude * Math.PI) / 180)), speed: 0.4, lastSeenMs: NOW },
    { index: 7, kind: 'chargePoint', status: 'faulted', ...at, lastSeenMs: NOW - 1_000 },
  ];
  const model = modelWith(devices, rows);
  const stationIndex = model.stationIndexOf('st-1');

  it('finds the charge points that belong to the station, and only charge points', () => {
    expect(stationChargePoints(model, stationIndex).map((index) => model.ids[index])).toEqual(['cp-a', 'cp-b', 'cp-d']);
    expect(stationChargePoints(model, -1)).toEqual([]);
  });

  it('takes cars standing within 75 m as parked there, nearest first', () => {
    const parked = parkedCarsNear(model, STATION.latitude, STATION.longitude);
    expect(parked.map((car) => model.ids[car.index])).toEqual(['car-parked', 'car-near-edge']);
    expect(parked[0]?.distanceM).toBeCloseTo(0, 0);
    expect(parked[1]?.distanceM).toBeGreaterThan(55);
    expect(parked[1]?.distanceM).toBeLessThan(65);
  });

  it('leaves out moving cars and cars further away', () => {
    const parked = parkedCarsNear(model, STATION.latitude, STATION.longitude, 200).map((car) => model.ids[car.index]);
    expect(parked).toContain('car-far');
    expect(parked).not.toContain('car-passing');
    expect(parkedCarsNear(model, STATION.latitude, STATION.longitude, METRES_PER_TEN_THOUSANDTH / 2).map((car) => model.ids[car.index])).toEqual(['car-parked']);
  });

  it('groups devices by state, faults first, and counts them with the stale ones apart', () => {
    const chargePoints = stationChargePoints(model, stationIndex);
    expect(groupByStatus(model, chargePoints).map((group) => [group.status, group.indices.map((index) => model.ids[index])])).toEqual([
      ['faulted', ['cp-d']],
      ['charging', ['cp-a']],
      ['available', ['cp-b']],
    ]);
    const counts = countByStatus(model, chargePoints, NOW);
    expect(counts).toMatchObject({ faulted: 1, charging: 1, available: 1, offline: 0, stale: 1 });
  });

  it('scans 100,000 devices quickly enough to redo every second', () => {
    const count = 100_000;
    const many = Array.from({ length: count }, (_, index) => device(`d-${index}`, index % 2 === 0 ? 'car' : 'chargePoint', index % 2 === 0 ? null : 'st-2'));
    const manyRows = many.map((_, index) => ({ index, kind: many[index]?.kind, latitude: 48.8 + (index % 1000) / 10_000, longitude: 2.3 + index / 1e6 }));
    const big = modelWith(many, manyRows);
    const started = performance.now();
    parkedCarsNear(big, STATION.latitude, STATION.longitude);
    stationChargePoints(big, big.stationIndexOf('st-2'));
    expect(performance.now() - started).toBeLessThan(50);
  });
});
