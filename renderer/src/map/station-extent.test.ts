import { describe, expect, it } from 'vitest';
import type { FleetDevice, FleetStation } from '../../../shared/console-api.js';
import { FleetModel } from '../sync/fleet-model.js';
import { testSnapshot } from '../sync/fleet-test-data.js';
import { stationExtent } from './station-extent.js';

const STATION: FleetStation = { id: 'st-1', name: 'Paris/Rivoli/12', address: '12 rue de Rivoli', city: 'Paris', latitude: 48.8566, longitude: 2.3522 };
const OTHER: FleetStation = { ...STATION, id: 'st-2', name: 'Paris/Bac/3', latitude: 48.86, longitude: 2.36 };

function device(id: string, kind: FleetDevice['kind'], stationId: string | null): FleetDevice {
  return { id, kind, stationId, label: id, serialNumber: `SN-${id}`, plate: kind === 'car' ? id : null };
}

describe('stationExtent', () => {
  it('spans the station, its charge points and its cars parked there, not its cars out driving or other stations', () => {
    const model = new FleetModel(() => 0);
    model.applySnapshot(
      testSnapshot(
        'e',
        1,
        [device('cp-1', 'chargePoint', 'st-1'), device('cp-2', 'chargePoint', 'st-1'), device('car-1', 'car', 'st-1'), device('car-2', 'car', 'st-1'), device('cp-3', 'chargePoint', 'st-2')],
        [
          { index: 0, kind: 'chargePoint', latitude: 48.8566, longitude: 2.3522 },
          { index: 1, kind: 'chargePoint', latitude: 48.8567, longitude: 2.3524 },
          { index: 2, kind: 'car', latitude: 48.8565, longitude: 2.3521 },
          // Out driving, kilometres away.
          { index: 3, kind: 'car', latitude: 48.88, longitude: 2.3 },
          { index: 4, kind: 'chargePoint', latitude: 48.86, longitude: 2.36 },
        ],
        0,
        { stations: [STATION, OTHER] },
      ),
    );
    const extent = stationExtent(model, 'st-1');
    expect(extent?.south).toBeCloseTo(48.8565, 4);
    expect(extent?.north).toBeCloseTo(48.8567, 4);
    expect(extent?.west).toBeCloseTo(2.3521, 4);
    expect(extent?.east).toBeCloseTo(2.3524, 4);
    expect(stationExtent(model, 'st-404')).toBeNull();
  });
});
