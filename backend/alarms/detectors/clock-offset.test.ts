import { describe, expect, it } from 'vitest';
import { createDetectorRig } from './test-support.js';

describe('clock-offset detector', () => {
  it("raises when the state's estimate is beyond the limit either way, and clears when it is back within", () => {
    const rig = createDetectorRig({ 'car-1': 'car', 'car-2': 'car' });
    rig.car('car-1', { clockOffsetMs: 2_000 });
    rig.car('car-2', { clockOffsetMs: -(10 * 60_000) });
    rig.sweepAfter(1_000);
    expect(rig.sink.raises()).toMatchObject([{ deviceId: 'car-2', type: 'clockOffset', message: 'Clock 10 min behind', details: { clockOffsetMs: -600_000, limitMs: 300_000 } }]);
    rig.sweepAfter(1_000);
    expect(rig.sink.raises()).toHaveLength(1);
    // The car's clock was set right: the estimate (the largest recent sample) follows at once.
    rig.car('car-2');
    rig.sweepAfter(1_000);
    expect(rig.sink.summary()).toEqual(['raise car-2 clockOffset', 'clear car-2 clockOffset']);
  });

  it('takes its limit from the config, and a backlog (late by design) never moves the estimate', () => {
    const rig = createDetectorRig({ 'car-1': 'car' }, { clockOffset: { limitSeconds: 30 } });
    rig.car('car-1', { clockOffsetMs: 1_000 });
    rig.car('car-1', { clockOffsetMs: -3_600_000, isBacklog: true });
    rig.sweepAfter(1_000);
    expect(rig.sink.calls).toEqual([]);
    rig.car('car-1', { clockOffsetMs: 45_000 });
    rig.sweepAfter(1_000);
    expect(rig.sink.raises()).toMatchObject([{ message: 'Clock 45 s ahead' }]);
  });
});
