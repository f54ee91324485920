import { describe, expect, it } from 'vitest';
import { carStateMessage, testCarState } from '../../state/test-support.js';
import { createDetectorRig } from './test-support.js';
import type { DetectorRig } from './test-support.js';
import { distanceKm } from './stale-sensor.js';

/** 0.01° of latitude is about 1.11 km. */
const KM_PER_CENTIDEGREE = 1.112;

let sequence = 0;
function drive(rig: DetectorRig, latitude: number, odometerKm: number, batteryPercent = 80): void {
  const state = testCarState('car-1', ++sequence, { deviceTimeMs: rig.now(), latitude, speedKmh: 40 });
  rig.accept(carStateMessage({ ...state, odometerKm, batteryPercent }, rig.now()));
  rig.advance(5_000);
}

function meter(rig: DetectorRig, energyWh: number, powerW: number): void {
  const timestamp = new Date(rig.now()).toISOString();
  rig.ocpp('cp-1', {
    channel: 'ocpp:MeterValues',
    payload: {
      connectorId: 1,
      meterValue: [{ timestamp, sampledValue: [{ value: String(energyWh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }, { value: String(powerW), measurand: 'Power.Active.Import', unit: 'W' }] }],
    },
  });
}

describe('stale-sensor detector', () => {
  it('measures distance on the globe', () => {
    expect(distanceKm(48.85, 2.35, 48.86, 2.35)).toBeCloseTo(KM_PER_CENTIDEGREE, 2);
    expect(distanceKm(48.8566, 2.3522, 45.764, 4.8357)).toBeCloseTo(391.5, 0);
  });

  it("raises a car's odometer stuck while it drives, and clears when it moves again", () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    // 1 km driven per message, odometer following: all well.
    for (let step = 0; step < 5; step++) drive(rig, 48.85 + step * 0.009, 4000 + step, 80 - step);
    // Then it sticks at 4004 km while the car goes on (and the battery still drains).
    drive(rig, 48.85 + 5 * 0.009, 4004, 75);
    expect(rig.sink.calls).toEqual([]);
    // Just over 2 km (0.018° of latitude) from where it last changed.
    drive(rig, 48.85 + 6 * 0.009, 4004, 74);
    expect(rig.sink.raises('staleSensor')).toMatchObject([{ details: { sensor: 'odometer', value: 4004, movedKm: 2 }, message: 'Odometer stuck at 4004 km while the car moved 2.0 km' }]);
    drive(rig, 48.85 + 7 * 0.009, 4004, 73);
    drive(rig, 48.85 + 8 * 0.009, 4004, 72);
    expect(rig.sink.raises('staleSensor')).toHaveLength(1);
    drive(rig, 48.85 + 9 * 0.009, 4009, 71);
    expect(rig.sink.summary('staleSensor')).toEqual(['raise car-1 staleSensor', 'clear car-1 staleSensor']);
  });

  it("raises a car's battery unchanged over a long drive; a parked car's unchanged values are fine", () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    for (let step = 0; step < 40; step++) drive(rig, 48.85, 4000, 80);
    expect(rig.sink.calls).toEqual([]);
    for (let step = 0; step <= 11; step++) drive(rig, 48.85 + step * 0.009, 4000 + step, 80);
    expect(rig.sink.raises('staleSensor')).toMatchObject([{ details: { sensor: 'battery', value: 80 } }]);
  });

  it("raises a charge point's energy register stuck while charging with power, shown by a later MeterValues", () => {
    const rig = createDetectorRig({ 'cp-1': 'chargePoint' });
    rig.status('cp-1', { connectorId: 1, status: 'Charging' });
    meter(rig, 1000, 7000);
    for (let minute = 1; minute <= 5; minute++) {
      rig.sweepAfter(60_000);
      meter(rig, 1000 + minute * 116, 7000);
    }
    rig.sweepAfter(1_000);
    // Stuck at 1580 Wh from here, still drawing 7 kW.
    for (let minute = 1; minute <= 10; minute++) {
      rig.sweepAfter(60_000);
      meter(rig, 1580, 7000);
    }
    rig.sweepAfter(1_000);
    expect(rig.sink.calls).toEqual([]);
    rig.sweepAfter(60_000);
    meter(rig, 1580, 7000);
    rig.sweepAfter(1_000);
    expect(rig.sink.raises('staleSensor')).toMatchObject([{ deviceId: 'cp-1', details: { sensor: 'energy', value: 1580, powerW: 7000 } }]);
    rig.sweepAfter(60_000);
    meter(rig, 1700, 7000);
    rig.sweepAfter(1_000);
    expect(rig.sink.summary()).toEqual(['raise cp-1 staleSensor', 'clear cp-1 staleSensor']);
  });

  it('counts only time spent charging with power, and never raises without a MeterValues to show it', () => {
    const rig = createDetectorRig({ 'cp-1': 'chargePoint' });
    rig.status('cp-1', { connectorId: 1, status: 'Available' });
    meter(rig, 5000, 0);
    // Idle for an hour: the register does not move, and should not.
    for (let minute = 1; minute <= 60; minute++) rig.sweepAfter(60_000);
    rig.status('cp-1', { connectorId: 1, status: 'Charging' });
    meter(rig, 5000, 7000);
    // Charging starts; then the charge point stops reporting meter values (offline's to judge, not this).
    for (let minute = 1; minute <= 30; minute++) rig.sweepAfter(60_000);
    expect(rig.sink.summary('staleSensor')).toEqual([]);
  });
});
