import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthGuard } from '../gateways/auth-guard.js';
import { createIngest } from '../ingest/index.js';
import type { DeviceMessage } from '../ingest/message.js';
import { createStateCache } from '../state/index.js';
import { carStateMessage, createTestInventory, insertDevices, testCarState, testDevice } from '../state/test-support.js';
import type { TestCarChanges } from '../state/test-support.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { RecordingSink } from './detectors/test-support.js';
import { createAlarmEngine } from './engine.js';
import { DEFAULT_ALARM_THRESHOLDS } from './thresholds.js';

const devices = [testDevice('car-1', 'car'), testDevice('car-2', 'car'), testDevice('cp-1', 'chargePoint')];

describe.each(testEngines())('alarm engine over ingest and the state cache on $name', (engine) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, devices);
  });
  afterAll(() => test.cleanup());
  beforeEach(() => test.db.exec('delete from telemetry; delete from device_state'));

  /** The backend's parts as server.ts wires them, on a clock the test moves. */
  async function backend(startMs: number) {
    let nowMs = startMs;
    const inventory = createTestInventory(devices);
    const state = createStateCache({ db: test.db, inventory, logger: silentLogger, persistIntervalMs: 60_000 });
    await state.load();
    const ingest = createIngest({ db: test.db, state, logger: silentLogger, flushIntervalMs: 60_000 });
    const authGuard = createAuthGuard({ now: () => nowMs });
    const sink = new RecordingSink();
    const alarms = createAlarmEngine({ ingest, state, authGuard, sink, logger: silentLogger, sweepIntervalMs: 3_600_000, now: () => nowMs });
    alarms.start();
    const sequences = new Map<string, number>();
    return {
      state,
      ingest,
      authGuard,
      sink,
      alarms,
      now: () => nowMs,
      advance(ms: number) {
        nowMs += ms;
      },
      /** A car's next state, made and received now; returns the message, to send again. */
      car(deviceId: string, changes: TestCarChanges = {}): DeviceMessage {
        const sequence = (sequences.get(deviceId) ?? 0) + 1;
        sequences.set(deviceId, sequence);
        const message = carStateMessage(testCarState(deviceId, sequence, { deviceTimeMs: nowMs, ...changes }), nowMs);
        ingest.accept(message);
        return message;
      },
      async close() {
        alarms.stop();
        await ingest.close();
        await state.close();
      },
    };
  }

  it('raises one flapping alarm for a flapping sensor, unmoved by duplicates and late messages, and clears when quiet', async () => {
    const system = await backend(Date.now());
    system.car('car-1', { sensors: { plugged: { value: false, sinceSeconds: 86_400 } } });
    for (let flip = 1; flip <= 30; flip++) {
      system.advance(2_000);
      const message = system.car('car-1', { sensors: { plugged: { value: flip % 2 === 1, sinceSeconds: 0 } } });
      // MQTT at least once: the same message again reaches no detector.
      system.ingest.accept(message);
    }
    expect(system.sink.summary()).toEqual(['raise car-1 flapping']);
    expect(system.ingest.stats().duplicates).toBe(30);
    // A message from a boot the car left long ago is history only: it clears nothing.
    system.car('car-1', { bootId: 'boot-0', deviceTimeMs: system.now() - 3_600_000 });
    system.advance(600_000);
    system.alarms.sweep();
    expect(system.sink.summary('flapping')).toEqual(['raise car-1 flapping', 'clear car-1 flapping']);
    await system.close();
  });

  it('raises no offline storm after a restart: only what stays silent past the threshold since start', async () => {
    const before = await backend(Date.now() - 3_600_000);
    before.car('car-1');
    before.car('car-2');
    before.ingest.accept({ deviceId: 'cp-1', kind: 'chargePoint', receivedAtMs: before.now(), deviceTime: null, bootId: 'connection-1', sequence: null, channel: 'ocpp:Heartbeat', payload: {} });
    await before.close();

    // An hour later the backend starts again from device_state: every device looks long silent.
    const after = await backend(before.now() + 3_600_000);
    after.advance(5_000);
    after.alarms.sweep();
    after.car('car-2');
    after.advance(20_000);
    after.alarms.sweep();
    expect(after.sink.calls).toEqual([]);
    after.advance(DEFAULT_ALARM_THRESHOLDS.offline.afterIntervals * 5_000 - 25_000 + 1);
    after.alarms.sweep();
    expect(after.sink.summary()).toEqual(['raise car-1 offline']);
    after.advance(6 * 60_000);
    after.alarms.sweep();
    expect(after.sink.summary()).toEqual(['raise car-1 offline', 'raise car-2 offline', 'raise cp-1 offline']);
    after.car('car-1');
    expect(after.sink.summary('offline')).toHaveLength(4);
    expect(after.sink.clears()).toMatchObject([{ deviceId: 'car-1', type: 'offline' }]);
    await after.close();
  });

  it('counts failed logins for known devices only, and stops listening when stopped', async () => {
    const system = await backend(Date.now());
    for (let attempt = 1; attempt <= 5; attempt++) {
      system.authGuard.failure('192.0.2.1', 'car-1', 'mqtt');
      system.authGuard.failure('192.0.2.1', 'car-404', 'mqtt');
    }
    // A device the state does not know sends: nothing.
    system.ingest.accept(carStateMessage(testCarState('car-404', 1, { faults: ['X'] }), system.now()));
    expect(system.sink.summary()).toEqual(['raise car-1 authFailures']);
    system.alarms.stop();
    system.car('car-2', { faults: ['HV_ISOLATION_FAULT'] });
    system.authGuard.success('192.0.2.1', 'car-1');
    system.advance(3_600_000);
    system.alarms.sweep();
    expect(system.sink.summary()).toEqual(['raise car-1 authFailures']);
    await system.close();
  });
});
