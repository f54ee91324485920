import { describe, expect, it } from 'vitest';
import { carStateSchema } from '../../shared/car-protocol.js';
import type { CarState } from '../../shared/car-protocol.js';
import { flapped, impossible, lowBattery, reporting, skewed, stuckOdometer } from './car-faults.js';
import { connectorReport } from './charge-point-faults.js';
import { parseFaultFlag } from './fault.js';
import { FaultRegistry, ShareGate } from './registry.js';

const TRUTH: CarState = {
  deviceId: 'car-00001',
  bootId: 'boot',
  sequence: 7,
  deviceTime: '2026-01-01T12:00:00.000Z',
  position: { latitude: 48.85, longitude: 2.35, speedKmh: 0, headingDegrees: 90 },
  batteryPercent: 60,
  rangeKm: 150,
  odometerKm: 1000,
  sensors: {
    doorsOpen: { value: false, sinceSeconds: 600 },
    locked: { value: true, sinceSeconds: 600 },
    plugged: { value: true, sinceSeconds: 590 },
    charging: { value: true, sinceSeconds: 580 },
    ignition: { value: false, sinceSeconds: 600 },
    chargeHatchOpen: { value: true, sinceSeconds: 591 },
  },
  faults: [],
};

describe('--fault flags', () => {
  it('read kind, parameters and target, with durations in units', () => {
    expect(parseFaultFlag('drop:share=0.3@car-00001')).toEqual({ target: 'car-00001', fault: { kind: 'drop', share: 0.3 } });
    expect(parseFaultFlag('backlog:for=2h@cars')).toEqual({ target: 'cars', fault: { kind: 'backlog', forMs: 7_200_000, delivery: 'history' } });
    expect(parseFaultFlag('flapping:every=500ms')).toEqual({ target: '*', fault: { kind: 'flapping', sensor: 'plugged', everyMs: 500 } });
    expect(parseFaultFlag('clockSkew:seconds=-300,for=30s@cp-00002')).toEqual({ target: 'cp-00002', fault: { kind: 'clockSkew', seconds: -300, forMs: 30_000 } });
    expect(parseFaultFlag('silent:mode=halfOpen').fault).toEqual({ kind: 'silent', mode: 'halfOpen' });
    expect(parseFaultFlag('reconnectStorm')).toEqual({ target: '*', fault: { kind: 'reconnectStorm' } });
  });

  it('read the faults a detector looks for, with their defaults', () => {
    expect(parseFaultFlag('reportedFault@cp-00002').fault).toEqual({ kind: 'reportedFault', errorCode: 'GroundFailure', connectorId: 1, code: 'HV_ISOLATION_FAULT' });
    expect(parseFaultFlag('reportedFault:errorCode=HighTemperature,connectorId=0').fault).toMatchObject({ errorCode: 'HighTemperature', connectorId: 0 });
    expect(parseFaultFlag('reportedFault:code=BMS_OVERTEMP@car-00001').fault).toMatchObject({ code: 'BMS_OVERTEMP' });
    expect(parseFaultFlag('lowBattery@cars').fault).toEqual({ kind: 'lowBattery', percent: 8 });
    expect(parseFaultFlag('lowBattery:percent=3,for=1m').fault).toEqual({ kind: 'lowBattery', percent: 3, forMs: 60_000 });
    expect(parseFaultFlag('stuckSensor').fault).toEqual({ kind: 'stuckSensor' });
    expect(parseFaultFlag('badCredentials').fault).toEqual({ kind: 'badCredentials', attempts: 6, everyMs: 1_000 });
    expect(parseFaultFlag('badCredentials:attempts=10,every=500ms').fault).toEqual({ kind: 'badCredentials', attempts: 10, everyMs: 500 });
    expect(parseFaultFlag('firmwareFailure').fault).toEqual({ kind: 'firmwareFailure', stage: 'install', everyMs: 1_000 });
    expect(parseFaultFlag('firmwareFailure:stage=download,every=2s').fault).toEqual({ kind: 'firmwareFailure', stage: 'download', everyMs: 2_000 });
  });

  it('refuse what is not a fault, saying which part is wrong', () => {
    expect(() => parseFaultFlag('melt')).toThrow(/kind/);
    expect(() => parseFaultFlag('drop:share=2')).toThrow(/share/);
    expect(() => parseFaultFlag('backlog')).toThrow(/forMs/);
    expect(() => parseFaultFlag('impossible:combination=flying')).toThrow(/combination/);
    expect(() => parseFaultFlag('reportedFault:errorCode=NoError')).toThrow(/errorCode/);
    expect(() => parseFaultFlag('reportedFault:connectorId=2')).toThrow(/connectorId/);
    expect(() => parseFaultFlag('lowBattery:percent=120')).toThrow(/percent/);
    expect(() => parseFaultFlag('badCredentials:attempts=0')).toThrow(/attempts/);
  });
});

describe('the fault registry', () => {
  it('finds a device’s own fault before its kind’s and the fleet’s, and replaces a fault of the same kind', () => {
    const registry = new FaultRegistry(() => 0);
    registry.inject('*', { kind: 'drop', share: 0.1 });
    registry.inject('cars', { kind: 'drop', share: 0.2 });
    expect(registry.find('car-00001', 'car', 'drop')?.share).toBe(0.2);
    expect(registry.find('cp-00001', 'chargePoint', 'drop')?.share).toBe(0.1);
    registry.inject('car-00001', { kind: 'drop', share: 0.3 });
    registry.inject('car-00001', { kind: 'drop', share: 0.4 });
    expect(registry.find('car-00001', 'car', 'drop')?.share).toBe(0.4);
    expect(registry.list()).toHaveLength(3);
    expect(registry.clear('car-00001')).toBe(1);
    expect(registry.clear()).toBe(2);
    expect(registry.isEmpty).toBe(true);
  });

  it('ends a fault by itself when its time is up, and announces a storm without keeping it', () => {
    let now = 1_000;
    const registry = new FaultRegistry(() => now);
    const changes: string[] = [];
    registry.onChange(({ started, ended }) => changes.push(...started.map((each) => `+${each.fault.kind}`), ...ended.map((each) => `-${each.fault.kind}`)));
    registry.inject('car-00001', { kind: 'backlog', forMs: 500 });
    registry.inject('*', { kind: 'reconnectStorm' });
    registry.expire(1_499);
    expect(registry.find('car-00001', 'car', 'backlog')).toBeDefined();
    now = 1_500;
    registry.expire(now);
    expect(registry.list()).toEqual([]);
    expect(changes).toEqual(['+backlog', '+reconnectStorm', '-backlog']);
  });

  it('keeps a badCredentials fault for its attempts, then ends it', () => {
    const registry = new FaultRegistry(() => 1_000);
    const active = registry.inject('cp-00001', { kind: 'badCredentials', attempts: 4, everyMs: 250 });
    expect([active.sinceMs, active.untilMs]).toEqual([1_000, 2_000]);
    expect(registry.findActive('cp-00001', 'chargePoint', 'badCredentials')).toBe(active);
    registry.expire(2_000);
    expect(registry.list()).toEqual([]);
  });

  it('picks an exact share of messages, without randomness', () => {
    const gate = new ShareGate();
    expect(Array.from({ length: 8 }, () => gate.take(0.25))).toEqual([false, false, false, true, false, false, false, true]);
    const always = new ShareGate();
    expect(Array.from({ length: 3 }, () => always.take(1))).toEqual([true, true, true]);
  });
});

describe('what a faulty car says', () => {
  it('dates its state by a skewed clock', () => {
    expect(skewed(TRUTH, { kind: 'clockSkew', seconds: -90 }).deviceTime).toBe('2026-01-01T11:58:30.000Z');
  });

  it('flips a flapping sensor at every period, each time held only since the flip', () => {
    const fault = { kind: 'flapping', sensor: 'plugged', everyMs: 2_000 } as const;
    expect(flapped(TRUTH, fault, 10_000, 11_999)).toBe(TRUTH);
    expect(flapped(TRUTH, fault, 10_000, 12_500).sensors.plugged).toEqual({ value: false, sinceSeconds: 0 });
    expect(flapped(TRUTH, fault, 10_000, 15_000).sensors.plugged).toEqual({ value: true, sinceSeconds: 1 });
  });

  it('reports impossible combinations that still match the contract', () => {
    const hatch = impossible(TRUTH, { kind: 'impossible', combination: 'pluggedHatchClosed' });
    expect(hatch.sensors.plugged).toEqual(TRUTH.sensors.plugged);
    expect(hatch.sensors.chargeHatchOpen?.value).toBe(false);
    expect(hatch.sensors.chargeHatchOpen?.sinceSeconds).toBeGreaterThan(TRUTH.sensors.plugged.sinceSeconds);
    const moving = impossible(TRUTH, { kind: 'impossible', combination: 'movingWhilePlugged' });
    expect([moving.sensors.plugged.value, moving.sensors.ignition.value, moving.position.speedKmh > 0]).toEqual([true, true, true]);
    const unplugged = impossible(TRUTH, { kind: 'impossible', combination: 'chargingWhileUnplugged' });
    expect([unplugged.sensors.plugged.value, unplugged.sensors.charging.value]).toEqual([false, true]);
    for (const message of [hatch, moving, unplugged]) expect(carStateSchema.safeParse(message).success).toBe(true);
  });
});

describe('what a car with a fault of its own says', () => {
  it('lists the code it reports, once', () => {
    const fault = { kind: 'reportedFault', code: 'BMS_OVERTEMP', errorCode: 'GroundFailure', connectorId: 1 } as const;
    expect(reporting(TRUTH, fault).faults).toEqual(['BMS_OVERTEMP']);
    expect(reporting(reporting(TRUTH, fault), fault).faults).toEqual(['BMS_OVERTEMP']);
    expect(reporting(TRUTH, undefined)).toBe(TRUTH);
  });

  it('reports a low battery, its range, and a charge stopped since the fault began', () => {
    const low = lowBattery(TRUTH, { kind: 'lowBattery', percent: 8 }, 10_000, 75_000);
    expect([low.batteryPercent, low.rangeKm, low.sensors.charging]).toEqual([8, 20, { value: false, sinceSeconds: 65 }]);
    expect(carStateSchema.safeParse(low).success).toBe(true);
    const idle = { ...TRUTH, sensors: { ...TRUTH.sensors, charging: { value: false, sinceSeconds: 4_000 } } };
    expect(lowBattery(idle, { kind: 'lowBattery', percent: 8 }, 10_000, 75_000).sensors.charging).toEqual({ value: false, sinceSeconds: 4_000 });
  });

  it('keeps its odometer where it stuck', () => {
    expect(stuckOdometer(TRUTH, 990.4).odometerKm).toBe(990.4);
    expect(stuckOdometer(TRUTH, null)).toBe(TRUTH);
  });
});

describe('what a charge point with a fault of its own says', () => {
  const truth = { status: 'Charging', sinceMs: 5_000 } as const;
  const reported = {
    id: 1,
    target: 'cp-00001',
    fault: { kind: 'reportedFault', code: 'HV_ISOLATION_FAULT', errorCode: 'OverVoltage', connectorId: 1 },
    sinceMs: 9_000,
    untilMs: null,
  } as const;

  it('reports the fault’s connector Faulted since the fault began, and the other as it is', () => {
    expect(connectorReport(1, truth, reported)).toEqual({ status: 'Faulted', errorCode: 'OverVoltage', sinceMs: 9_000 });
    expect(connectorReport(0, { status: 'Available', sinceMs: 7_000 }, reported)).toEqual({ status: 'Available', errorCode: 'NoError', sinceMs: 7_000 });
    expect(connectorReport(1, truth, undefined)).toEqual({ status: 'Charging', errorCode: 'NoError', sinceMs: 5_000 });
  });
});
