import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FleetDevice, FleetStation } from '../../../shared/console-api.js';
import { NO_FILTERS, type FleetFilters } from '../store/filter-slice.js';
import { FleetModel } from '../sync/fleet-model.js';
import { testDelta, testSnapshot, type TestRow } from '../sync/fleet-test-data.js';
import { FleetView } from './fleet-view.js';

const START = 1_700_000_000_000;

const stations: FleetStation[] = [
  { id: 'st-1', name: 'Paris/Rivoli/12', address: '12 rue de Rivoli', city: 'Paris', latitude: 48.85, longitude: 2.35 },
  { id: 'st-2', name: 'Vincennes/Paris/3', address: '3 avenue de Paris', city: 'Vincennes', latitude: 48.84, longitude: 2.43 },
];

const devices: FleetDevice[] = [
  { id: 'cp-1', kind: 'chargePoint', stationId: 'st-1', label: 'IER-1', serialNumber: 'IER-1', plate: null },
  { id: 'cp-2', kind: 'chargePoint', stationId: 'st-2', label: 'IER-2', serialNumber: 'IER-2', plate: null },
  { id: 'car-1', kind: 'car', stationId: 'st-1', label: 'AB-123-CD', serialNumber: 'VIN-1', plate: 'AB-123-CD' },
  { id: 'car-2', kind: 'car', stationId: 'st-2', label: 'EF-456-GH', serialNumber: 'VIN-2', plate: 'EF-456-GH' },
  { id: 'car-3', kind: 'car', stationId: null, label: 'IJ-789-KL', serialNumber: 'VIN-3', plate: 'IJ-789-KL' },
];

// Cars go stale after 15 s of silence, charge points after 180 s.
const rows: TestRow[] = [
  { index: 0, kind: 'chargePoint', status: 'available', lastSeenMs: START, firmware: 1 },
  { index: 1, kind: 'chargePoint', status: 'faulted', lastSeenMs: START, firmware: 2 },
  { index: 2, kind: 'car', status: 'charging', lastSeenMs: START, firmware: 3 },
  { index: 3, kind: 'car', status: 'inUse', lastSeenMs: START - 10_000, firmware: 3 },
  { index: 4, kind: 'car', status: 'offline', lastSeenMs: START - 3_600_000, firmware: 0 },
];

function idsShown(view: FleetView): string[] {
  return Array.from(view.shownIndices(), (index) => view.model.ids[index] ?? '?');
}

describe('FleetView', () => {
  let now = START;
  let model: FleetModel;
  let view: FleetView;

  const filter = (change: Partial<FleetFilters>) => view.setFilters({ ...NO_FILTERS, ...change });

  beforeEach(() => {
    vi.useFakeTimers();
    now = START;
    model = new FleetModel(() => now);
    model.applySnapshot(testSnapshot('e1', 1, devices, rows, START, { stations, firmwareVersions: ['', '2.4.1', '2.3.7', '5.2.0'] }));
    view = new FleetView(model);
  });

  afterEach(() => {
    view.dispose();
    vi.useRealTimers();
  });

  it('shows every device while no filter is set', () => {
    expect(view.isActive).toBe(false);
    expect(view.shownCount).toBe(5);
    expect(idsShown(view)).toEqual(['cp-1', 'cp-2', 'car-1', 'car-2', 'car-3']);
  });

  it('filters by kind and by state, and both together', () => {
    filter({ kinds: ['car'] });
    expect(idsShown(view)).toEqual(['car-1', 'car-2', 'car-3']);
    filter({ statuses: ['faulted', 'charging'] });
    expect(idsShown(view)).toEqual(['cp-2', 'car-1']);
    filter({ kinds: ['chargePoint'], statuses: ['faulted', 'charging'] });
    expect(idsShown(view)).toEqual(['cp-2']);
    expect(view.shownCount).toBe(1);
    expect(view.isShown(1)).toBe(true);
    expect(view.isShown(2)).toBe(false);
  });

  it('filters by station, ignoring stations the model does not know', () => {
    filter({ stationIds: ['st-2', 'st-unknown'] });
    expect(idsShown(view)).toEqual(['cp-2', 'car-2']);
    filter({ stationIds: ['st-unknown'] });
    expect(view.shownCount).toBe(0);
  });

  it('filters by firmware version, with the empty version standing for unknown', () => {
    filter({ firmware: ['5.2.0'] });
    expect(idsShown(view)).toEqual(['car-1', 'car-2']);
    filter({ firmware: ['', '2.3.7'] });
    expect(idsShown(view)).toEqual(['cp-2', 'car-3']);
  });

  it('follows staleness as time passes, telling listeners only when someone crosses the line', () => {
    filter({ staleness: 'stale' });
    // Offline devices are never stale: their silence is already said.
    expect(idsShown(view)).toEqual([]);
    filter({ staleness: 'fresh' });
    expect(idsShown(view)).toEqual(['cp-1', 'cp-2', 'car-1', 'car-2', 'car-3']);

    filter({ staleness: 'stale' });
    const listener = vi.fn();
    view.subscribe(listener);
    now = START + 3_000;
    vi.advanceTimersByTime(1_000);
    expect(listener).not.toHaveBeenCalled();
    // car-2 was last heard 10 s before START: stale once 15 s have passed.
    now = START + 5_500;
    vi.advanceTimersByTime(1_000);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(idsShown(view)).toEqual(['car-2']);
    now = START + 16_000;
    vi.advanceTimersByTime(1_000);
    expect(idsShown(view)).toEqual(['car-1', 'car-2']);
    now = START + 200_000;
    vi.advanceTimersByTime(1_000);
    expect(idsShown(view)).toEqual(['cp-1', 'cp-2', 'car-1', 'car-2']);
  });

  it('stops ticking once staleness is no longer filtered', () => {
    filter({ staleness: 'stale' });
    filter({ kinds: ['car'] });
    const listener = vi.fn();
    view.subscribe(listener);
    now = START + 100_000;
    vi.advanceTimersByTime(5_000);
    expect(listener).not.toHaveBeenCalled();
  });

  it('updates only the devices a delta changed, and bumps its revision when the shown set changes', () => {
    filter({ statuses: ['faulted'] });
    const revision = view.revision;
    model.applyDelta(testDelta('e1', 2, [{ index: 2, kind: 'car', status: 'faulted', lastSeenMs: START, firmware: 3 }], START));
    expect(idsShown(view)).toEqual(['cp-2', 'car-1']);
    expect(view.shownCount).toBe(2);
    expect(view.revision).toBe(revision + 1);

    model.applyDelta(testDelta('e1', 3, [{ index: 1, kind: 'chargePoint', status: 'available', lastSeenMs: START, firmware: 2 }], START));
    expect(idsShown(view)).toEqual(['car-1']);
    expect(view.shownCount).toBe(1);

    // A delta that changes nothing the filters look at leaves the revision alone.
    const before = view.revision;
    model.applyDelta(testDelta('e1', 4, [{ index: 3, kind: 'car', status: 'inUse', lastSeenMs: START, firmware: 3, battery: 12 }], START));
    expect(view.revision).toBe(before);
  });

  it('matches a firmware version that first arrives in a delta', () => {
    filter({ firmware: ['5.3.0'] });
    expect(view.shownCount).toBe(0);
    model.applyDelta({
      ...testDelta('e1', 2, [{ index: 3, kind: 'car', status: 'inUse', lastSeenMs: START, firmware: 4 }], START),
      firmwareVersions: ['', '2.4.1', '2.3.7', '5.2.0', '5.3.0'],
    });
    expect(idsShown(view)).toEqual(['car-2']);
  });

  it('recomputes everything on a new snapshot, whatever its size', () => {
    filter({ kinds: ['car'] });
    const listener = vi.fn();
    view.subscribe(listener);
    model.applySnapshot(testSnapshot('e2', 1, devices.slice(2), rows.slice(2).map((row, index) => ({ ...row, index })), START, { stations }));
    expect(listener).toHaveBeenCalled();
    expect(view.shown.length).toBe(3);
    expect(idsShown(view)).toEqual(['car-1', 'car-2', 'car-3']);
  });
});
