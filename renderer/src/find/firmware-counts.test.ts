import { describe, expect, it } from 'vitest';
import { FleetModel } from '../sync/fleet-model.js';
import { testDevices, testSnapshot } from '../sync/fleet-test-data.js';
import { countFirmware } from './firmware-counts.js';

describe('countFirmware', () => {
  it('counts devices per version, most common first, unknown included, unused versions left out', () => {
    const model = new FleetModel(() => 0);
    const firmware = [1, 1, 2, 0, 1, 2, 4];
    model.applySnapshot(
      testSnapshot('e1', 1, testDevices(firmware.length), firmware.map((code, index) => ({ index, firmware: code })), 0, {
        firmwareVersions: ['', '5.2.0', '5.10.1', '5.1.3', '6.0.0'],
      }),
    );
    expect(countFirmware(model)).toEqual([
      { version: '5.2.0', count: 3 },
      { version: '5.10.1', count: 2 },
      { version: '', count: 1 },
      { version: '6.0.0', count: 1 },
    ]);
  });
});
