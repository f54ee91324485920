import { describe, expect, it } from 'vitest';
import { carStateSchema } from '../../shared/car-protocol.js';
import type { CarState } from '../../shared/car-protocol.js';
import { flapped, impossible, skewed } from './car-faults.js';
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

  it('refuse what is not a fault, saying which part is wrong', () => {
    expect(() => parseFaultFlag('melt')).toThrow(/kind/);
    expect(() => parseFaultFlag('drop:share=2')).toThrow(/share/);
    expect(() => parseFaultFlag('backlog')).toThrow(/forMs/);
    expect(() => parseFaultFlag('impossible:combination=flying')).toThrow(/combination/);
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
