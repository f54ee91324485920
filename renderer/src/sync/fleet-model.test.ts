import { describe, expect, it } from 'vitest';
import type { FleetDevice } from '../../../shared/console-api.js';
import { statusCode } from '../../../shared/fleet.js';
import { FleetModel, mercatorX, mercatorY, type FleetChange } from './fleet-model.js';
import { testDelta, testDevices, testSnapshot } from './fleet-test-data.js';

const NOW = 1_700_000_000_000;

function modelAt(nowMs: number): FleetModel {
  return new FleetModel(() => nowMs);
}

describe('FleetModel', () => {
  const devices: FleetDevice[] = [
    { id: 'car-1', kind: 'car', stationId: 'st-1', label: 'AB-123-CD', serialNumber: 'VIN-1', plate: 'AB-123-CD' },
    { id: 'cp-1', kind: 'chargePoint', stationId: 'st-1', label: 'IER-1', serialNumber: 'IER-1', plate: null },
    { id: 'car-2', kind: 'car', stationId: null, label: 'EF-456-GH', serialNumber: 'VIN-2', plate: 'EF-456-GH' },
  ];

  it('places snapshot rows by their index, whatever the row order', () => {
    const model = modelAt(NOW);
    model.applySnapshot(
      testSnapshot('e1', 10, devices, [
        { index: 2, status: 'inUse', latitude: 48.9, longitude: 2.4, speed: 30, heading: 90, lastSeenMs: NOW - 1000 },
        { index: 0, status: 'available', latitude: 48.8, longitude: 2.3, battery: 55, lastSeenMs: NOW - 2000 },
        { index: 1, kind: 'chargePoint', status: 'faulted', latitude: 48.8, longitude: 2.3, battery: 255, lastSeenMs: NOW - 3000 },
      ], NOW),
    );
    expect(model.count).toBe(3);
    expect(model.epoch).toBe('e1');
    expect(model.version).toBe(10);
    expect(model.indexOf('car-2')).toBe(2);
    expect(model.indexOf('nope')).toBe(-1);
    expect(model.status[2]).toBe(statusCode('inUse'));
    expect(model.speed[2]).toBe(30);
    expect(model.heading[2]).toBe(90);
    expect(model.battery[0]).toBe(55);
    expect(model.latitude[2]).toBeCloseTo(48.9, 5);
    expect(model.projectedX[2]).toBeCloseTo(mercatorX(2.4), 6);
    expect(model.projectedY[2]).toBeCloseTo(mercatorY(48.9), 6);
    expect(model.lastSeen[1]).toBe(NOW - 3000);
  });

  it('makes each device object once per snapshot, and a new snapshot forgets the old devices and stations', () => {
    const model = modelAt(NOW);
    const stations = [{ id: 'st-1', name: 'Paris/Rivoli/1', address: '1 rue de Rivoli', city: 'Paris', latitude: 48.86, longitude: 2.34 }];
    model.applySnapshot(testSnapshot('e1', 1, devices, [{ index: 0 }, { index: 1 }, { index: 2 }], NOW, { stations }));
    expect(model.device(1)).toEqual(devices[1]);
    expect(model.device(1)).toBe(model.device(1));
    expect(model.devices[1]).toBe(model.device(1));
    expect(model.device(3)).toBeUndefined();
    expect(model.stationIndexOf('st-1')).toBe(0);

    const moved: FleetDevice[] = [{ id: 'car-9', kind: 'car', stationId: null, label: 'ZZ-999-ZZ', serialNumber: 'VIN-9', plate: 'ZZ-999-ZZ' }];
    model.applySnapshot(testSnapshot('e2', 1, moved, [{ index: 0 }], NOW));
    expect(model.indexOf('car-1')).toBe(-1);
    expect(model.indexOf('car-9')).toBe(0);
    expect(model.device(0)).toEqual(moved[0]);
    expect(model.devices).toEqual(moved);
    expect(model.stationIndexOf('st-1')).toBe(-1);
  });

  it('projects like Leaflet: Paris lands in the right place of the unit square', () => {
    expect(mercatorX(0)).toBe(0.5);
    expect(mercatorY(0)).toBeCloseTo(0.5, 12);
    // The slippy-map tile formula, written independently: Paris is in tile 12/2074/1409.
    const latitude = (48.8566 * Math.PI) / 180;
    const tileY = ((1 - Math.asinh(Math.tan(latitude)) / Math.PI) / 2) * 4096;
    expect(mercatorY(48.8566) * 4096).toBeCloseTo(tileY, 9);
    expect(Math.floor(mercatorX(2.3522) * 4096)).toBe(2074);
    expect(Math.floor(mercatorY(48.8566) * 4096)).toBe(1409);
  });

  it('applies the next delta and tells subscribers which devices changed', () => {
    const model = modelAt(NOW);
    const changes: FleetChange[] = [];
    model.subscribe((change) => changes.push(change));
    model.applySnapshot(testSnapshot('e1', 10, devices, devices.map((_, index) => ({ index })), NOW));
    const outcome = model.applyDelta(testDelta('e1', 11, [{ index: 1, kind: 'chargePoint', status: 'charging', lastSeenMs: NOW }], NOW + 100));
    expect(outcome).toBe('applied');
    expect(model.version).toBe(11);
    expect(model.status[1]).toBe(statusCode('charging'));
    expect(changes.map((change) => change.type)).toEqual(['snapshot', 'delta']);
    const last = changes[1];
    expect(last?.type === 'delta' ? Array.from(last.indices) : null).toEqual([1]);
  });

  it('detects a gap, a duplicate, another epoch and a delta before any snapshot', () => {
    const model = modelAt(NOW);
    expect(model.applyDelta(testDelta('e1', 1, [], NOW))).toBe('noSnapshot');
    model.applySnapshot(testSnapshot('e1', 5, devices, devices.map((_, index) => ({ index })), NOW));
    expect(model.applyDelta(testDelta('e1', 5, [{ index: 0, status: 'faulted' }], NOW))).toBe('duplicate');
    expect(model.applyDelta(testDelta('e1', 7, [{ index: 0, status: 'faulted' }], NOW))).toBe('gap');
    expect(model.applyDelta(testDelta('e2', 6, [{ index: 0, status: 'faulted' }], NOW))).toBe('otherEpoch');
    // None of the refused deltas touched the data.
    expect(model.status[0]).toBe(statusCode('available'));
    expect(model.version).toBe(5);
  });

  it('ignores rows that name a device outside the epoch', () => {
    const model = modelAt(NOW);
    model.applySnapshot(testSnapshot('e1', 1, devices, devices.map((_, index) => ({ index })), NOW));
    expect(model.applyDelta(testDelta('e1', 2, [{ index: 99, status: 'faulted' }, { index: 2, status: 'reserved' }], NOW))).toBe('applied');
    expect(model.status[2]).toBe(statusCode('reserved'));
  });

  it('reads columns that arrive as a Node Buffer at an odd offset', () => {
    const model = modelAt(NOW);
    const snapshot = testSnapshot('e1', 1, devices, devices.map((_, index) => ({ index, battery: 40 + index })), NOW);
    const bytes = snapshot.columns instanceof Uint8Array ? snapshot.columns : new Uint8Array(snapshot.columns);
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    model.applySnapshot({ ...snapshot, columns: shifted.subarray(3) });
    expect(Array.from(model.battery)).toEqual([40, 41, 42]);
  });

  it('counts states and stale devices on the server clock', () => {
    // The local clock is 10 s behind the server's.
    const model = modelAt(NOW - 10_000);
    const many = testDevices(6);
    model.applySnapshot(
      testSnapshot('e1', 1, many, [
        { index: 0, status: 'available', lastSeenMs: NOW - 1000 },
        { index: 1, status: 'available', lastSeenMs: NOW - 16_000 },
        { index: 2, status: 'inUse', lastSeenMs: NOW - 2000 },
        { index: 3, status: 'charging', lastSeenMs: NOW - 2000 },
        { index: 4, status: 'faulted', lastSeenMs: NOW - 2000 },
        { index: 5, status: 'offline', lastSeenMs: NOW - 3_600_000 },
      ], NOW),
    );
    expect(model.serverNow()).toBe(NOW);
    // A car is stale after 3 × 5 s; an offline device is offline, not stale.
    expect(model.counts()).toEqual({ devices: 6, available: 2, inUse: 1, charging: 1, reserved: 0, faulted: 1, offline: 1, stale: 1 });
    expect(model.counts(NOW + 20_000).stale).toBe(5);
  });

  it('ranks devices that share a place so the map can fan them out', () => {
    const model = modelAt(NOW);
    const many = testDevices(4);
    model.applySnapshot(
      testSnapshot('e1', 1, many, [
        { index: 0, latitude: 48.8, longitude: 2.3 },
        { index: 1, latitude: 48.8, longitude: 2.3 },
        { index: 2, latitude: 48.81, longitude: 2.3 },
        { index: 3, latitude: 48.8, longitude: 2.3 },
      ], NOW),
    );
    expect(Array.from(model.stackRank)).toEqual([0, 1, 0, 2]);
    model.applyDelta(testDelta('e1', 2, [{ index: 1, latitude: 48.9, longitude: 2.4 }], NOW));
    expect(model.isStackDirty).toBe(true);
    model.refreshStacks();
    expect(Array.from(model.stackRank)).toEqual([0, 0, 0, 1]);
  });

  it('ranks a city of stations as counting them one by one would', () => {
    const model = modelAt(NOW);
    const rows = Array.from({ length: 20_000 }, (_, index) => ({ index, latitude: 48.8 + (index % 500) * 1e-4, longitude: 2.3 + (index % 250) * 1e-4 }));
    model.applySnapshot(testSnapshot('e1', 1, testDevices(rows.length), rows, NOW));
    const seen = new Map<string, number>();
    const expected = rows.map((_, index) => {
      const key = `${model.latitude[index]}/${model.longitude[index]}`;
      const rank = seen.get(key) ?? 0;
      seen.set(key, rank + 1);
      return rank;
    });
    expect(Array.from(model.stackRank)).toEqual(expected);
    expect(Math.max(...expected)).toBeGreaterThan(0);
  });
});
