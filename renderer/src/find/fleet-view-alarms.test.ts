import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FleetDevice } from '../../../shared/console-api.js';
import { AlarmBook } from '../alarms/alarm-book.js';
import { testAlarm } from '../alarms/alarm-test-data.js';
import { AlarmLevels } from '../map/alarm-levels.js';
import { NO_FILTERS, type AlarmFilter } from '../store/filter-slice.js';
import { FleetModel } from '../sync/fleet-model.js';
import { testSnapshot } from '../sync/fleet-test-data.js';
import { FleetView } from './fleet-view.js';

const START = 1_700_000_000_000;

const devices: FleetDevice[] = ['car-1', 'car-2', 'car-3', 'car-4'].map((id) => ({ id, kind: 'car', stationId: null, label: id, serialNumber: id, plate: id }));
const rows = devices.map((_, index) => ({ index, status: 'available' as const, lastSeenMs: START }));

describe('FleetView by alarm', () => {
  let model: FleetModel;
  let book: AlarmBook;
  let levels: AlarmLevels;
  let view: FleetView;

  const shownIds = () => Array.from(view.shownIndices(), (index) => model.ids[index]);
  const filter = (alarm: AlarmFilter) => view.setFilters({ ...NO_FILTERS, alarm });

  beforeEach(() => {
    model = new FleetModel(() => START);
    model.applySnapshot(testSnapshot('e1', 1, devices, rows, START));
    book = new AlarmBook();
    book.applySnapshot(
      {
        alarms: [
          testAlarm(1, { deviceId: 'car-1', severity: 'critical' }),
          testAlarm(2, { deviceId: 'car-1', severity: 'warning' }),
          testAlarm(3, { deviceId: 'car-2', severity: 'minor' }),
          // Hidden by a maintenance window: the map does not ring it, the filter does not count it.
          testAlarm(4, { deviceId: 'car-3', severity: 'critical', isSuppressed: true }),
        ],
        maintenance: [],
        serverTimeMs: START,
      },
      START,
    );
    levels = new AlarmLevels(model, book);
    view = new FleetView(model, levels);
  });

  afterEach(() => {
    view.dispose();
    levels.dispose();
  });

  it('keeps devices by their worst open, unsuppressed alarm', () => {
    filter('all');
    expect(view.isActive).toBe(false);
    expect(shownIds()).toEqual(['car-1', 'car-2', 'car-3', 'car-4']);
    filter('any');
    expect(shownIds()).toEqual(['car-1', 'car-2']);
    filter('critical');
    expect(shownIds()).toEqual(['car-1']);
    filter('minor');
    expect(shownIds()).toEqual(['car-1', 'car-2']);
    filter('none');
    expect(shownIds()).toEqual(['car-3', 'car-4']);
  });

  it('is applied again when the alarms change, telling listeners', () => {
    filter('major');
    expect(shownIds()).toEqual(['car-1']);
    let told = 0;
    view.subscribe(() => told++);
    book.applyChanges({ alarms: [testAlarm(5, { deviceId: 'car-4', severity: 'major' })], serverTimeMs: START }, START);
    expect(shownIds()).toEqual(['car-1', 'car-4']);
    expect(told).toBe(1);
    // The critical one closes: car-1 keeps only its warning and drops out.
    book.applyChanges({ alarms: [testAlarm(1, { deviceId: 'car-1', severity: 'critical', closedAtMs: START, revision: 2 })], serverTimeMs: START }, START);
    expect(shownIds()).toEqual(['car-4']);
  });

  it('leaves the view alone when alarms change and no alarm filter is set', () => {
    view.setFilters({ ...NO_FILTERS, kinds: ['car'] });
    let told = 0;
    view.subscribe(() => told++);
    book.applyChanges({ alarms: [testAlarm(6, { deviceId: 'car-4', severity: 'major' })], serverTimeMs: START }, START);
    expect(told).toBe(0);
  });

  it('reads the levels of the new fleet after a snapshot renumbers the devices', () => {
    filter('critical');
    model.applySnapshot(testSnapshot('e2', 1, [...devices].reverse(), rows, START));
    expect(shownIds()).toEqual(['car-1']);
    expect(view.shown[3]).toBe(1);
  });
});
