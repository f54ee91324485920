import { describe, expect, it } from 'vitest';
import { FleetModel } from '../sync/fleet-model.js';
import { testDevices, testSnapshot } from '../sync/fleet-test-data.js';
import { BoxMarks } from './box-marks.js';

describe('BoxMarks', () => {
  it('marks box-selected devices by index, skips unknown ids, and follows a new device order', () => {
    const model = new FleetModel(() => 0);
    const devices = testDevices(3);
    model.applySnapshot(testSnapshot('e1', 1, devices, devices.map((_, index) => ({ index })), 0));
    const marks = new BoxMarks();
    expect(marks.isEmpty).toBe(true);
    marks.set(['car-2', 'car-0', 'car-9'], model);
    expect(Array.from(marks.mask)).toEqual([1, 0, 1]);
    expect(Array.from(marks.indices)).toEqual([2, 0]);
    // A new epoch lists the devices in another order.
    const reordered = [...devices].reverse();
    model.applySnapshot(testSnapshot('e2', 1, reordered, reordered.map((_, index) => ({ index })), 0));
    marks.reindex(model);
    expect(Array.from(marks.mask)).toEqual([1, 0, 1]);
    expect(Array.from(marks.indices)).toEqual([0, 2]);
  });
});
