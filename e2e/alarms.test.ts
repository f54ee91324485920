/**
 * Issue 5's "done when": each fault the simulator can inject yields exactly one alarm of the right type
 * and severity, on its device and no other, and clears when the fault ends; the faults of distributed
 * reality (lost, repeated and late messages, a fleet reconnecting at once, a backend restart) yield none.
 * The real backend on each engine, with short thresholds from an alarm config file, fed by the simulator;
 * alarms read as a console reads them, from the hub's 'alarms:snapshot' and 'alarms:changes' pushes.
 * Every fault runs at once, each on its own device of one fleet.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../backend/store/testing.js';
import { ALARM_TYPE_INFO } from '../shared/alarms.js';
import type { Alarm, AlarmType } from '../shared/alarms.js';
import type { FaultInput } from '../simulator/index.js';
import { connectAlarmClient } from './support/alarm-client.js';
import type { AlarmClient } from './support/alarm-client.js';
import { startSystem } from './support/system.js';
import type { RunningSystem } from './support/system.js';

/** Short enough for a test, and consistent with one another (thresholds.ts checks it). */
const THRESHOLDS = {
  // Cars send a state every second here: silent for 10 s (2 × their expected 5 s) is offline.
  offline: { afterIntervals: 2 },
  flapping: { windowSeconds: 5, maxTransitions: 5, quietSeconds: 2 },
  impossibleCombination: { holdSeconds: 1.5 },
  staleSensor: { odometerAfterKm: 0.3, energyAfterMinutes: 0.05 },
  authFailures: { failures: 4, windowSeconds: 60, quietSeconds: 120 },
} as const;
const CAR_STATE_INTERVAL_MS = 1_000;
const SKEW_SECONDS = 900;
/** Longer than the offline threshold and a sweep: anything noise would raise has been raised by then. */
const SETTLE_MS = 12_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** For hooks, where expect.poll cannot run. */
async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

type Role = 'car' | 'idleChargePoint' | 'chargingChargePoint';

interface FaultCase {
  readonly name: string;
  readonly role: Role;
  readonly fault: FaultInput;
  readonly type: AlarmType;
  /** true, or why the alarm cannot clear within the test (it is then checked to stay active). */
  readonly clears: true | string;
}

const FAULT_CASES: readonly FaultCase[] = [
  { name: 'silent car → offline', role: 'car', fault: { kind: 'silent' }, type: 'offline', clears: true },
  { name: 'flapping car door → flapping', role: 'car', fault: { kind: 'flapping', sensor: 'doorsOpen', everyMs: 250 }, type: 'flapping', clears: true },
  { name: 'flapping connector → flapping', role: 'idleChargePoint', fault: { kind: 'flapping', everyMs: 250 }, type: 'flapping', clears: true },
  ...(['pluggedHatchClosed', 'movingWhilePlugged', 'chargingWhileUnplugged'] as const).map(
    (combination): FaultCase => ({ name: `impossible ${combination} → impossibleCombination`, role: 'car', fault: { kind: 'impossible', combination }, type: 'impossibleCombination', clears: true }),
  ),
  { name: 'car reporting a fault code → deviceFault', role: 'car', fault: { kind: 'reportedFault', code: 'BMS_OVERTEMP' }, type: 'deviceFault', clears: true },
  { name: 'connector Faulted (GroundFailure) → deviceFault', role: 'idleChargePoint', fault: { kind: 'reportedFault', errorCode: 'GroundFailure' }, type: 'deviceFault', clears: true },
  { name: 'low battery, not charging → lowBattery', role: 'car', fault: { kind: 'lowBattery', percent: 8 }, type: 'lowBattery', clears: true },
  { name: 'odometer stuck while driving → staleSensor', role: 'car', fault: { kind: 'stuckSensor' }, type: 'staleSensor', clears: true },
  { name: 'energy register stuck while charging → staleSensor', role: 'chargingChargePoint', fault: { kind: 'stuckSensor' }, type: 'staleSensor', clears: true },
  { name: 'charge point with a wrong password → authFailures', role: 'idleChargePoint', fault: { kind: 'badCredentials', attempts: 5, everyMs: 300 }, type: 'authFailures', clears: true },
  { name: 'car with a wrong password → authFailures', role: 'car', fault: { kind: 'badCredentials', attempts: 5, everyMs: 300 }, type: 'authFailures', clears: true },
  { name: 'failed firmware installation → firmwareFailed', role: 'idleChargePoint', fault: { kind: 'firmwareFailure', everyMs: 200 }, type: 'firmwareFailed', clears: true },
  {
    name: 'car clock far off → clockOffset',
    role: 'car',
    fault: { kind: 'clockSkew', seconds: SKEW_SECONDS },
    type: 'clockOffset',
    clears: 'the clock estimate keeps the largest offset of the last ten minutes (state/clock.ts)',
  },
  {
    name: 'charge point clock far off → clockOffset',
    role: 'chargingChargePoint',
    fault: { kind: 'clockSkew', seconds: SKEW_SECONDS },
    type: 'clockOffset',
    clears: 'the clock estimate keeps the largest offset of the last ten minutes (state/clock.ts)',
  },
];

/** Faults of the distributed reality: no alarm, on devices of their own. */
const NOISE: readonly { readonly role: Role; readonly fault: FaultInput }[] = [
  { role: 'car', fault: { kind: 'drop', share: 0.5 } },
  { role: 'car', fault: { kind: 'duplicate' } },
  { role: 'car', fault: { kind: 'backlog', forMs: 3_000 } },
  { role: 'car', fault: { kind: 'backlog', forMs: 3_000, delivery: 'state' } },
  { role: 'chargingChargePoint', fault: { kind: 'drop', share: 0.5 } },
  { role: 'chargingChargePoint', fault: { kind: 'duplicate' } },
  { role: 'idleChargePoint', fault: { kind: 'backlog', forMs: 3_000 } },
];

function describeAlarms(alarms: readonly Alarm[]): string[] {
  return alarms.map((alarm) => `${alarm.deviceId} ${alarm.type} ${alarm.severity} ×${alarm.occurrences}${alarm.isCleared ? ' cleared' : ''}`);
}

describe.each(testEngines())('each fault the simulator injects yields exactly one alarm, noise none, on $name', (engine) => {
  let system: RunningSystem;
  let alarms: AlarmClient;
  let configDir: string;
  /** The device each fault case (by index) and each noise (by index) runs on. */
  const caseDevice: string[] = [];
  const noiseDevice: string[] = [];
  let everyDevice: string[] = [];
  /** When the last noise fault ends by itself. */
  let noiseEndsAtMs = 0;

  beforeAll(async () => {
    configDir = await mkdtemp(join(tmpdir(), 'cyberponies-alarms-'));
    const alarmConfig = join(configDir, 'alarms.json');
    await writeFile(alarmConfig, JSON.stringify(THRESHOLDS));
    system = await startSystem({
      engine,
      fleet: { stations: 8, cars: 18, chargePoints: 30 },
      carStateIntervalMs: CAR_STATE_INTERVAL_MS,
      // Parked cars: the world changes nothing behind a test's back but the trip it starts.
      drivingShare: 0,
      // Fast physics: the car whose odometer sticks covers its distance in seconds.
      speedFactor: 10,
      meterValuesIntervalMs: 1_000,
      keepaliveSeconds: 2,
      backendConfig: { alarmConfig },
    });
    await system.waitUntilAllOnline();
    alarms = await connectAlarmClient(system);
    placeDevices();
  }, 180_000);

  afterAll(async () => {
    alarms?.close();
    await system?.close();
    await rm(configDir, { recursive: true, force: true });
  });

  /** Every case and every noise on a device of its own, of the kind (and idle or charging) it needs. */
  function placeDevices(): void {
    const { world } = system.simulation;
    const chargePoints = [...world.chargePoints.values()];
    // The lowest batteries first: their connectors go on charging for the whole test.
    const charging = chargePoints
      .filter((chargePoint) => chargePoint.status === 'Charging' && chargePoint.carId !== null)
      .sort((left, right) => (world.cars.get(left.carId ?? '')?.batteryPercent ?? 100) - (world.cars.get(right.carId ?? '')?.batteryPercent ?? 100))
      .map((chargePoint) => chargePoint.id);
    const pools: Record<Role, string[]> = {
      car: [...world.cars.keys()],
      idleChargePoint: chargePoints.filter((chargePoint) => chargePoint.status === 'Available').map((chargePoint) => chargePoint.id),
      chargingChargePoint: charging,
    };
    const take = (role: Role, avoid?: (id: string) => boolean): string => {
      const pool = pools[role];
      const index = pool.findIndex((id) => !avoid?.(id));
      const [id] = index >= 0 ? pool.splice(index, 1) : [];
      if (id === undefined) throw new Error(`the fleet has too few devices for the role ${role}`);
      return id;
    };
    FAULT_CASES.forEach((each, index) => {
      if (each.role !== 'chargingChargePoint') return;
      caseDevice[index] = take(each.role);
    });
    NOISE.forEach((each, index) => {
      if (each.role === 'chargingChargePoint') noiseDevice[index] = take(each.role);
    });
    const reserved = new Set([...caseDevice, ...noiseDevice].filter((id) => id !== undefined));
    FAULT_CASES.forEach((each, index) => {
      if (each.role === 'chargingChargePoint') return;
      // The car sent on a trip leaves its connector: not one a charging case needs.
      caseDevice[index] = take(each.role, (id) => each.fault.kind === 'stuckSensor' && reserved.has(world.cars.get(id)?.chargePointId ?? ''));
    });
    NOISE.forEach((each, index) => {
      if (each.role !== 'chargingChargePoint') noiseDevice[index] = take(each.role);
    });
    everyDevice = system.network.devices.map((device) => device.id);
  }

  /** Every alarm ever seen is on a fault's device, of its type and severity, one per device. */
  function expectOnlyTheFaultsAlarms(): void {
    const seen = alarms.seen();
    const expected = FAULT_CASES.map((each, index) => `${caseDevice[index]} ${each.type} ${ALARM_TYPE_INFO[each.type].severity}`).sort();
    expect(seen.map((alarm) => `${alarm.deviceId} ${alarm.type} ${alarm.severity}`).sort()).toEqual(expected);
    expect(everyDevice.filter((id) => !caseDevice.includes(id)).flatMap((id) => describeAlarms(seen.filter((alarm) => alarm.deviceId === id)))).toEqual([]);
  }

  describe('every fault at once, each on its own device, with noise on others', () => {
    beforeAll(async () => {
      const { simulation } = system;
      const badLoginCar = FAULT_CASES.findIndex((each) => each.fault.kind === 'badCredentials' && each.role === 'car');
      FAULT_CASES.forEach((each, index) => {
        const deviceId = caseDevice[index] ?? '';
        if (each.fault.kind === 'stuckSensor' && each.role === 'car' && !simulation.world.startTrip(deviceId)) throw new Error(`${deviceId} cannot leave`);
        if (index !== badLoginCar) simulation.faults.inject(deviceId, each.fault);
      });
      for (const [index, each] of NOISE.entries()) {
        const active = simulation.faults.inject(noiseDevice[index] ?? '', each.fault);
        noiseEndsAtMs = Math.max(noiseEndsAtMs, active.untilMs ?? Date.now());
      }
      // Wrong passwords from one address are throttled after five in a row: the car waits for the
      // charge point to be back (its good login resets the address) before it tries its own.
      const badLoginChargePoint = caseDevice[FAULT_CASES.findIndex((each) => each.fault.kind === 'badCredentials' && each.role === 'idleChargePoint')] ?? '';
      await waitUntil(() => !simulation.faults.list().some((active) => active.target === badLoginChargePoint) && simulation.chargePoint(badLoginChargePoint)?.isAccepted === true, 15_000, 'the charge point back with its secret');
      const car = FAULT_CASES[badLoginCar];
      if (car) simulation.faults.inject(caseDevice[badLoginCar] ?? '', car.fault);
    }, 30_000);

    it.each(FAULT_CASES.map((each, index) => ({ ...each, index })))('$name', async ({ index, type }) => {
      const deviceId = caseDevice[index] ?? '';
      await expect.poll(() => alarms.ofDevice(deviceId).map((alarm) => alarm.type), { timeout: 30_000, interval: 200 }).toContain(type);
      const [alarm, ...others] = alarms.ofDevice(deviceId);
      expect(describeAlarms(others)).toEqual([]);
      expect([alarm?.type, alarm?.severity, alarm?.occurrences, alarm?.deviceKind]).toEqual([type, ALARM_TYPE_INFO[type].severity, 1, system.network.devices.find((device) => device.id === deviceId)?.kind]);
    }, 40_000);

  });

  describe('every fault ended', () => {
    beforeAll(() => {
      system.simulation.faults.clear();
    });

    it.each(FAULT_CASES.map((each, index) => ({ ...each, index })).filter((each) => each.clears === true))('$name: cleared', async ({ index, type }) => {
      const deviceId = caseDevice[index] ?? '';
      await expect.poll(() => alarms.ofDevice(deviceId).find((alarm) => alarm.type === type)?.isCleared, { timeout: 30_000, interval: 200 }).toBe(true);
      expect(alarms.ofDevice(deviceId).map((alarm) => [alarm.type, alarm.occurrences])).toEqual([[type, 1]]);
    }, 40_000);

    it.each(FAULT_CASES.map((each, index) => ({ ...each, index })).filter((each) => each.clears !== true))('$name: still active, since $clears', ({ index, type }) => {
      const deviceId = caseDevice[index] ?? '';
      expect(alarms.ofDevice(deviceId).map((alarm) => [alarm.type, alarm.isCleared])).toEqual([[type, false]]);
    });

    it('noise (lost, repeated and late messages) raised nothing, and no device has an alarm it should not', async () => {
      // The noise ended long ago (a few seconds of backlog); silence would be offline after 10 s.
      await sleep(Math.max(0, noiseEndsAtMs + SETTLE_MS - Date.now()));
      expect(noiseDevice.flatMap((id) => describeAlarms(alarms.seen().filter((alarm) => alarm.deviceId === id)))).toEqual([]);
      expectOnlyTheFaultsAlarms();
    }, 40_000);
  });

  /** Alarms as they stand, to tell afterwards whether anything was raised, occurred again or came back. */
  function fingerprint(): string[] {
    return alarms.seen().map((alarm) => `${alarm.id} ${alarm.deviceId} ${alarm.type} ×${alarm.occurrences}${alarm.isCleared ? '' : ' active'}`).sort();
  }
  /** What changed between two fingerprints, clearances aside (a clock window reset by a restart may clear). */
  function raisedSince(before: readonly string[]): string[] {
    const activeBefore = new Set(before.map((line) => line.replace(/ active$/, '')));
    return fingerprint().filter((line) => !before.includes(line) && !(activeBefore.has(line) && !line.endsWith(' active')));
  }

  it('a reconnect storm of the whole fleet raises nothing', async () => {
    const before = fingerprint();
    const { simulation } = system;
    simulation.faults.inject('*', { kind: 'reconnectStorm' });
    await expect.poll(() => simulation.stats().cars.connected + simulation.stats().chargePoints.connected, { timeout: 5_000 }).toBeLessThan(everyDevice.length);
    await system.waitUntilAllOnline(60_000);
    await sleep(SETTLE_MS);
    expect(raisedSince(before)).toEqual([]);
  }, 90_000);

  it('a backend restart raises nothing, and a console gets the same open alarms after it', async () => {
    const before = fingerprint();
    const snapshots = alarms.snapshots;
    const openBefore = alarms.open().map((alarm) => alarm.id).sort();
    await system.restartBackend();
    await expect.poll(() => alarms.snapshots, { timeout: 30_000 }).toBeGreaterThan(snapshots);
    await system.waitUntilAllOnline(60_000);
    await sleep(SETTLE_MS);
    expect(raisedSince(before)).toEqual([]);
    expect(alarms.open().map((alarm) => alarm.id).sort()).toEqual(openBefore);
  }, 120_000);
});
