import { describe, expect, it } from 'vitest';
import { createDetectorRig } from './test-support.js';

const connection = (deviceId: string, online: boolean) =>
  ({ deviceId, kind: 'car', deviceTime: null, bootId: null, sequence: null, channel: 'mqtt:connection', payload: { online } }) as const;

describe('offline detector', () => {
  it('raises nothing before the threshold has passed since start, then one alarm per silent device, cleared when heard', () => {
    const rig = createDetectorRig({ 'car-1': 'car', 'car-2': 'car', 'cp-1': 'chargePoint', 'cp-2': 'chargePoint' }, {}, false);
    // Heard an hour before the backend (re)started: the stored state says so.
    rig.car('car-1');
    rig.car('car-2');
    rig.ocpp('cp-1', { channel: 'ocpp:Heartbeat', payload: {} });
    rig.advance(3_600_000);
    rig.engine.start();

    rig.sweepAfter(10_000);
    rig.car('car-2');
    rig.sweepAfter(19_000);
    expect(rig.sink.calls).toEqual([]);
    // 30 s (6 × 5 s) after start: car-1 never came back; car-2 did, 19 s ago.
    rig.sweepAfter(2_000);
    expect(rig.sink.summary()).toEqual(['raise car-1 offline']);
    expect(rig.sink.raises()[0]).toMatchObject({ severity: undefined, details: { expectedIntervalSeconds: 5 } });
    rig.sweepAfter(60_000);
    rig.sweepAfter(60_000);
    expect(rig.sink.summary()).toEqual(['raise car-1 offline', 'raise car-2 offline']);

    // A charge point has 6 × 60 s; cp-2 was never heard from at all (not commissioned): never offline.
    rig.sweepAfter(360_000 - 151_000 + 1);
    expect(rig.sink.raises('offline').map((call) => call.deviceId)).toEqual(['car-1', 'car-2', 'cp-1']);

    rig.car('car-1');
    expect(rig.sink.clears()).toMatchObject([{ deviceId: 'car-1', type: 'offline', atMs: rig.now() }]);
    rig.car('car-1');
    expect(rig.sink.clears()).toHaveLength(1);
    rig.sweepAfter(1_000);
    expect(rig.sink.raises()).toHaveLength(3);
  });

  it('raises nothing for a device that dropped and reconnected within the threshold; a dropped connection does not clear', () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    rig.car('car-1');
    rig.accept({ ...connection('car-1', false), receivedAtMs: rig.now() });
    rig.sweepAfter(20_000);
    rig.accept({ ...connection('car-1', true), receivedAtMs: rig.now() });
    rig.sweepAfter(20_000);
    expect(rig.sink.calls).toEqual([]);

    rig.sweepAfter(20_000);
    expect(rig.sink.summary()).toEqual(['raise car-1 offline']);
    rig.accept({ ...connection('car-1', false), receivedAtMs: rig.now() });
    expect(rig.sink.clears()).toEqual([]);
    rig.accept({ ...connection('car-1', true), receivedAtMs: rig.now() });
    expect(rig.sink.summary()).toEqual(['raise car-1 offline', 'clear car-1 offline']);
  });

  it('takes over an alarm left open before a restart, and clears it when the device is heard', () => {
    const rig = createDetectorRig({ 'car-1': 'car' }, {}, false);
    rig.car('car-1');
    rig.sink.preload('car-1', 'offline');
    rig.advance(600_000);
    rig.engine.start();
    rig.sweepAfter(60_000);
    expect(rig.sink.calls).toEqual([]);
    // A late message (a backlog sent on coming back) proves the car is reachable now.
    rig.car('car-1', { isBacklog: true });
    expect(rig.sink.summary()).toEqual(['clear car-1 offline']);
  });

  it('follows the configured multiple of the expected interval', () => {
    const rig = createDetectorRig({ 'car-1': 'car' }, { offline: { afterIntervals: 2 } });
    rig.car('car-1');
    rig.sweepAfter(10_000);
    expect(rig.sink.calls).toEqual([]);
    rig.sweepAfter(1);
    expect(rig.sink.summary()).toEqual(['raise car-1 offline']);
  });
});
