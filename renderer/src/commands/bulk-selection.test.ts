import { describe, expect, it } from 'vitest';
import { MAX_BULK_DEVICES } from '../../../shared/commands.js';
import type { FleetDevice, FleetStation } from '../../../shared/console-api.js';
import { FleetModel } from '../sync/fleet-model.js';
import { testSnapshot, type TestRow } from '../sync/fleet-test-data.js';
import { bulkChoices, offlineCount, shownDeviceIds, splitByKind, stationDeviceIds, targetsOf } from './bulk-selection.js';

const NOW = 1_764_252_000_000;
const STATION: FleetStation = { id: 'st-1', name: 'Bastille', address: '1 place de la Bastille', city: 'Paris', latitude: 48.8532, longitude: 2.3692 };

function device(id: string, kind: FleetDevice['kind'], stationId: string | null = null): FleetDevice {
  return { id, kind, stationId, label: id, serialNumber: `SN-${id}`, plate: kind === 'car' ? id : null };
}

const at = { latitude: STATION.latitude, longitude: STATION.longitude };
const devices = [device('cp-1', 'chargePoint', 'st-1'), device('car-1', 'car'), device('cp-2', 'chargePoint', 'st-1'), device('car-2', 'car'), device('cp-3', 'chargePoint')];
const rows: TestRow[] = [
  { index: 0, kind: 'chargePoint', status: 'available', ...at },
  // Parked at the station.
  { index: 1, kind: 'car', status: 'available', ...at, speed: 0 },
  { index: 2, kind: 'chargePoint', status: 'offline', ...at },
  // Driving far away.
  { index: 3, kind: 'car', status: 'inUse', latitude: 48.9, longitude: 2.2, speed: 40 },
  { index: 4, kind: 'chargePoint', status: 'offline', latitude: 48.8, longitude: 2.3 },
];
const model = new FleetModel(() => NOW);
model.applySnapshot(testSnapshot('e1', 1, devices, rows, NOW, { stations: [STATION] }));

describe('the devices of a bulk command', () => {
  it('splits a selection by kind, each device once, without ids the fleet does not have', () => {
    expect(splitByKind(model, ['car-2', 'cp-1', 'car-2', 'gone-9', 'cp-3'])).toEqual({ car: ['car-2'], chargePoint: ['cp-1', 'cp-3'] });
  });

  it('offers only kinds present in the selection, and only the commands the role may send', () => {
    const onlyChargePoints = splitByKind(model, ['cp-1', 'cp-2']);
    expect(bulkChoices(onlyChargePoints, 'dispatcher').map((choice) => choice.kind)).toEqual(['chargePoint']);
    const both = splitByKind(model, ['cp-1', 'car-1']);
    const support = bulkChoices(both, 'support');
    expect(support.map((choice) => [choice.kind, choice.count])).toEqual([['car', 1], ['chargePoint', 1]]);
    expect(support.flatMap((choice) => choice.types)).not.toContain('reset');
    expect(support.flatMap((choice) => choice.types)).not.toContain('immobilise');
    expect(bulkChoices(both, 'dispatcher').flatMap((choice) => choice.types)).toContain('reset');
  });

  it('sends a command to its own kind and counts the other kind out', () => {
    const split = splitByKind(model, ['cp-1', 'car-1', 'cp-2', 'car-2']);
    expect(targetsOf(split, 'reset')).toEqual({ deviceIds: ['cp-1', 'cp-2'], leftOut: 2, isTooMany: false });
    expect(targetsOf(split, 'lock')).toEqual({ deviceIds: ['car-1', 'car-2'], leftOut: 2, isTooMany: false });
  });

  it('refuses more devices than one bulk command may address', () => {
    const many = { car: [], chargePoint: Array.from({ length: MAX_BULK_DEVICES + 1 }, (_, index) => `cp-${index}`) };
    expect(targetsOf(many, 'reset').isTooMany).toBe(true);
    expect(targetsOf({ car: [], chargePoint: many.chargePoint.slice(1) }, 'reset').isTooMany).toBe(false);
  });

  it('counts the offline devices', () => {
    expect(offlineCount(model, ['cp-1', 'cp-2', 'cp-3', 'car-1'])).toBe(2);
  });

  it('takes a station’s charge points and the cars parked at it', () => {
    expect(stationDeviceIds(model, model.stationIndexOf('st-1'))).toEqual(['cp-1', 'cp-2', 'car-1']);
    expect(stationDeviceIds(model, -1)).toEqual([]);
  });

  it('takes the filtered devices from the view’s shown indices', () => {
    expect(shownDeviceIds(Uint32Array.from([0, 3]), model)).toEqual(['cp-1', 'car-2']);
  });
});
