import { describe, expect, it } from 'vitest';
import { createDetectorRig } from './test-support.js';

/** Long-held readings, as a parked car reports them. */
const settled = (value: boolean) => ({ value, sinceSeconds: 86_400 });
const justNow = (value: boolean) => ({ value, sinceSeconds: 0 });

describe('flapping detector', () => {
  it('raises once when a car sensor changes more than maxTransitions times in the window, and clears once quiet', () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    rig.car('car-1', { sensors: { plugged: settled(false) } });
    for (let flip = 1; flip <= 10; flip++) {
      rig.advance(2_000);
      rig.car('car-1', { sensors: { plugged: justNow(flip % 2 === 1) } });
    }
    expect(rig.sink.calls).toEqual([]);
    rig.advance(2_000);
    rig.car('car-1', { sensors: { plugged: justNow(true) } });
    expect(rig.sink.raises()).toMatchObject([
      { deviceId: 'car-1', type: 'flapping', atMs: rig.now(), details: { sensor: 'plugged', transitions: 11, windowSeconds: 300 }, message: 'plugged changed 11 times within 5 min' },
    ]);
    for (let flip = 12; flip <= 40; flip++) {
      rig.advance(2_000);
      rig.car('car-1', { sensors: { plugged: justNow(flip % 2 === 1) } });
    }
    const lastFlipMs = rig.now();
    // The same value again (a repeated report, no change) is not a transition.
    rig.advance(2_000);
    rig.car('car-1', { sensors: { plugged: { value: false, sinceSeconds: 2 } } });
    expect(rig.sink.summary()).toEqual(['raise car-1 flapping']);

    // Quiet: the count falls to the threshold when flip 30 leaves the window, then 120 s more.
    rig.sweepAfter(lastFlipMs + 300_000 - rig.now());
    expect(rig.sink.clears()).toEqual([]);
    rig.sweepAfter(120_000 - 20_000 - 1);
    expect(rig.sink.clears()).toEqual([]);
    rig.sweepAfter(1);
    expect(rig.sink.summary('flapping')).toEqual(['raise car-1 flapping', 'clear car-1 flapping']);
  });

  it('counts what the state says happened, not how fast messages arrive: a backlog of slow changes is not flapping', () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    rig.car('car-1', { sensors: { plugged: settled(false) } });
    // Twenty changes, one every 5 minutes of the car's time, all received within a second.
    const start = rig.now();
    for (let change = 1; change <= 20; change++) {
      rig.car('car-1', { deviceTimeMs: start + change * 300_000, sensors: { plugged: justNow(change % 2 === 1) }, isBacklog: true });
    }
    expect(rig.sink.calls).toEqual([]);
  });

  it("counts a charge point's connector status changes, not the statuses it restates on reconnecting", () => {
    const rig = createDetectorRig({ 'cp-1': 'chargePoint' });
    rig.status('cp-1', { connectorId: 1, status: 'Available' });
    // A reconnection storm: every connection restates the same status.
    for (let connection = 2; connection <= 30; connection++) {
      rig.advance(1_000);
      rig.ocpp('cp-1', { channel: 'ocpp:BootNotification', payload: { chargePointVendor: 'IER', chargePointModel: 'Pillar' } }, `connection-${connection}`);
      rig.status('cp-1', { connectorId: 0, status: 'Available' }, `connection-${connection}`);
      rig.status('cp-1', { connectorId: 1, status: 'Available' }, `connection-${connection}`);
    }
    expect(rig.sink.calls).toEqual([]);
    for (let flip = 1; flip <= 11; flip++) {
      rig.advance(2_000);
      rig.status('cp-1', { connectorId: 1, status: flip % 2 === 1 ? 'Preparing' : 'Available' }, 'connection-30');
    }
    expect(rig.sink.raises()).toMatchObject([{ deviceId: 'cp-1', type: 'flapping', details: { connectorId: 1, transitions: 11 }, message: 'Connector 1 changed status 11 times within 5 min' }]);
  });

  it('counts another sensor starting to flap as another occurrence, and takes over an alarm open from before a restart', () => {
    const rig = createDetectorRig({ 'car-1': 'car', 'car-2': 'car' }, { flapping: { maxTransitions: 3, windowSeconds: 60 }, impossibleCombination: { holdSeconds: 20 } });
    rig.sink.preload('car-2', 'flapping');
    for (const deviceId of ['car-1', 'car-2']) rig.car(deviceId, { sensors: { doorsOpen: settled(false), locked: settled(true) } });
    for (let flip = 1; flip <= 4; flip++) {
      rig.advance(1_000);
      for (const deviceId of ['car-1', 'car-2']) rig.car(deviceId, { sensors: { doorsOpen: justNow(flip % 2 === 1), locked: settled(true) } });
    }
    for (let flip = 1; flip <= 4; flip++) {
      rig.advance(1_000);
      rig.car('car-1', { sensors: { doorsOpen: settled(false), locked: justNow(flip % 2 === 0) } });
    }
    expect(rig.sink.raises().map((call) => `${call.deviceId} ${call.details?.sensor}`)).toEqual(['car-1 doorsOpen', 'car-1 locked']);
    rig.sweepAfter(600_000);
    expect(rig.sink.clears().map((call) => call.deviceId).sort()).toEqual(['car-1', 'car-2']);
  });

  it('clears an alarm open from before a restart once the device has been quiet for a window and the quiet period', () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    rig.sink.preload('car-1', 'flapping');
    rig.car('car-1');
    rig.sweepAfter(300_000 + 120_000 - 1);
    expect(rig.sink.summary('flapping')).toEqual([]);
    rig.sweepAfter(1);
    expect(rig.sink.summary('flapping')).toEqual(['clear car-1 flapping']);
  });
});
