import { describe, expect, it } from 'vitest';
import { testCarState } from '../../state/test-support.js';
import { carStateMessage } from '../../state/test-support.js';
import { createDetectorRig } from './test-support.js';
import type { DetectorRig } from './test-support.js';

let sequence = 0;
function battery(rig: DetectorRig, percent: number, charging = false): void {
  const state = testCarState('car-1', ++sequence, { deviceTimeMs: rig.now(), plugged: charging, charging });
  rig.accept(carStateMessage({ ...state, batteryPercent: percent }, rig.now()));
  rig.advance(5_000);
}

describe('low-battery detector', () => {
  it('raises below the threshold while not charging, with hysteresis before it clears', () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    battery(rig, 21);
    battery(rig, 19.5);
    battery(rig, 19);
    expect(rig.sink.raises('lowBattery')).toMatchObject([{ message: 'Battery at 19.5% and not charging', details: { batteryPercent: 19.5 } }]);
    // Hovering around the threshold neither clears nor raises again.
    battery(rig, 20.5);
    battery(rig, 19.8);
    battery(rig, 24.9);
    expect(rig.sink.summary()).toEqual(['raise car-1 lowBattery']);
    battery(rig, 25);
    expect(rig.sink.summary()).toEqual(['raise car-1 lowBattery', 'clear car-1 lowBattery']);
  });

  it('never raises while charging, and clears as soon as charging starts', () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    battery(rig, 5, true);
    expect(rig.sink.calls).toEqual([]);
    battery(rig, 5);
    battery(rig, 5, true);
    expect(rig.sink.summary()).toEqual(['raise car-1 lowBattery', 'clear car-1 lowBattery']);
  });
});
