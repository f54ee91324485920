import { describe, expect, it } from 'vitest';
import { FleetModel } from '../sync/fleet-model.js';
import { testDelta, testDevices, testSnapshot } from '../sync/fleet-test-data.js';
import { onDeviceChange } from './device-changes.js';

describe('changes of one device', () => {
  it('are told on a snapshot and on deltas that hold the device, not on others', () => {
    const model = new FleetModel(() => 1000);
    const devices = testDevices(3);
    let calls = 0;
    const stop = onDeviceChange(model, 'car-1', () => calls++);
    model.applySnapshot(testSnapshot('e1', 1, devices, [0, 1, 2].map((index) => ({ index })), 1000));
    expect(calls).toBe(1);
    model.applyDelta(testDelta('e1', 2, [{ index: 0 }, { index: 2 }], 1000));
    expect(calls).toBe(1);
    model.applyDelta(testDelta('e1', 3, [{ index: 2 }, { index: 1, battery: 50 }], 1000));
    expect(calls).toBe(2);
    stop();
    model.applyDelta(testDelta('e1', 4, [{ index: 1 }], 1000));
    expect(calls).toBe(2);
  });

  it('ignore a device the fleet does not hold', () => {
    const model = new FleetModel(() => 1000);
    model.applySnapshot(testSnapshot('e1', 1, testDevices(2), [{ index: 0 }, { index: 1 }], 1000));
    let calls = 0;
    onDeviceChange(model, 'car-9', () => calls++);
    model.applyDelta(testDelta('e1', 2, [{ index: 0 }, { index: 1 }], 1000));
    expect(calls).toBe(0);
  });
});
