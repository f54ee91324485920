import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmState } from '../../shared/alarms.js';
import type { Alarm, AlarmType } from '../../shared/alarms.js';
import { createOperators } from '../operators/index.js';
import { createTestInventory, testDevice } from '../state/test-support.js';
import type { Database } from '../store/database.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createAlarmService } from './service.js';
import type { AlarmService, AlarmServiceOptions } from './service.js';
import { addTestOperators, alarmTestDevices, manualTime } from './testing.js';
import type { AlarmTestOperators, ManualTime } from './testing.js';

const T0 = Date.UTC(2024, 4, 1, 8);

describe.each(testEngines())('alarm service on $name', (engine) => {
  let test: TestDatabase;
  let people: AlarmTestOperators;
  const inventory = createTestInventory(alarmTestDevices);
  const services: AlarmService[] = [];

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    people = await addTestOperators(createOperators(test.db));
  });

  afterAll(async () => {
    for (const service of services) await service.close();
    await test.cleanup();
  });

  function start(options: Partial<AlarmServiceOptions> & { time?: ManualTime } = {}): { service: AlarmService; time: ManualTime; changes: Alarm[] } {
    const time = options.time ?? manualTime(T0);
    const service = createAlarmService({ db: test.db, inventory, operators: createOperators(test.db), logger: silentLogger, now: time.now, timers: time.timers, ...options });
    services.push(service);
    const changes: Alarm[] = [];
    service.onChange((alarm) => changes.push(alarm));
    return { service, time, changes };
  }

  async function openRows(db: Database, deviceId: string, type: AlarmType) {
    const { rows } = await db.query<{ id: number; occurrences: number }>('SELECT id, occurrences FROM alarms WHERE device_id = $1 AND type = $2 AND closed_at IS NULL', [deviceId, type]);
    return rows;
  }

  function only(service: AlarmService, deviceId: string, type: AlarmType): Alarm {
    const found = service.open().filter((alarm) => alarm.deviceId === deviceId && alarm.type === type);
    expect(found).toHaveLength(1);
    const [alarm] = found;
    if (!alarm) throw new Error('no alarm');
    return alarm;
  }

  it('follows the lifecycle: raise, occur, clear, occur again while unacknowledged, acknowledge, close, and a new alarm after', async () => {
    const { service, time, changes } = start();
    const condition = { deviceId: 'car-1', type: 'offline' as const, message: 'Silent for 5 min', atMs: T0 };

    service.raise(condition);
    expect(service.isActive('car-1', 'offline')).toBe(true);
    await service.flush();
    const raised = only(service, 'car-1', 'offline');
    expect(raised).toMatchObject({ deviceKind: 'car', stationId: 'st-1', severity: 'major', occurrences: 1, isCleared: false, isAcknowledged: false, revision: 1, raisedAtMs: T0 });
    expect(alarmState(raised)).toBe('active');
    expect(changes.at(-1)).toEqual(raised);

    service.raise({ ...condition, message: 'Silent for 6 min', atMs: T0 + 60_000 });
    await service.flush();
    expect(only(service, 'car-1', 'offline')).toMatchObject({ id: raised.id, occurrences: 2, lastOccurredAtMs: T0 + 60_000, message: 'Silent for 6 min', revision: 2 });

    service.clear({ deviceId: 'car-1', type: 'offline', atMs: T0 + 120_000, message: 'Heard again' });
    expect(service.isActive('car-1', 'offline')).toBe(false);
    await service.flush();
    const cleared = only(service, 'car-1', 'offline');
    expect(cleared).toMatchObject({ id: raised.id, isCleared: true, clearedAtMs: T0 + 120_000 });
    expect(alarmState(cleared)).toBe('cleared');

    // Cleared but nobody looked: the condition coming back is the same alarm.
    service.raise({ ...condition, atMs: T0 + 180_000 });
    expect(service.isActive('car-1', 'offline')).toBe(true);
    await service.flush();
    expect(only(service, 'car-1', 'offline')).toMatchObject({ id: raised.id, occurrences: 3, isCleared: false, clearedAtMs: null });

    time.advance(240_000);
    const acknowledged = await service.acknowledge(people.dispatcher, [raised.id]);
    expect(acknowledged.ok && acknowledged.value.refused).toEqual([]);
    const afterAcknowledge = only(service, 'car-1', 'offline');
    expect(afterAcknowledge).toMatchObject({ isAcknowledged: true, acknowledgedBy: 'dispatcher-1', acknowledgedAtMs: T0 + 240_000, closedAtMs: null });
    expect(alarmState(afterAcknowledge)).toBe('acknowledged');

    service.clear({ deviceId: 'car-1', type: 'offline', atMs: T0 + 300_000 });
    await service.flush();
    expect(service.open().filter((alarm) => alarm.deviceId === 'car-1')).toEqual([]);
    expect(service.isActive('car-1', 'offline')).toBe(false);
    const closed = changes.at(-1);
    expect(closed).toMatchObject({ id: raised.id, closedAtMs: T0 + 300_000, isCleared: true, isAcknowledged: true });

    service.raise({ ...condition, atMs: T0 + 360_000 });
    await service.flush();
    const next = only(service, 'car-1', 'offline');
    expect(next.id).toBeGreaterThan(raised.id);
    expect(next).toMatchObject({ occurrences: 1, isAcknowledged: false, revision: 1 });

    const detail = await service.get(raised.id);
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.events.map((event) => event.kind)).toEqual(['raised', 'occurred', 'cleared', 'occurred', 'acknowledged', 'cleared', 'closed']);
    expect(detail.value.alarm.revision).toBe(detail.value.events.length);
    expect(detail.value.events[2]).toMatchObject({ text: 'Heard again', by: null, atMs: T0 + 120_000 });
    expect(detail.value.events[4]).toMatchObject({ by: 'dispatcher-1' });
  });

  it('counts 200 raises of one device and type in one tick as one alarm', async () => {
    const { service, changes } = start();
    for (let index = 0; index < 200; index += 1) service.raise({ deviceId: 'car-2', type: 'flapping', message: `plugged changed ${index} times`, atMs: T0 + index });
    await service.flush();
    const alarm = only(service, 'car-2', 'flapping');
    expect(alarm).toMatchObject({ occurrences: 200, message: 'plugged changed 199 times', raisedAtMs: T0, lastOccurredAtMs: T0 + 199, revision: 200 });
    expect(await openRows(test.db, 'car-2', 'flapping')).toEqual([{ id: alarm.id, occurrences: 200 }]);
    // Pushed once its id was known, not once per raise.
    expect(changes.filter((change) => change.id === alarm.id)).toHaveLength(1);
    const detail = await service.get(alarm.id);
    const kinds = detail.ok ? detail.value.events.map((event) => event.kind) : [];
    expect(kinds.filter((kind) => kind === 'raised')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'occurred')).toHaveLength(199);
  });

  it('keeps one open alarm when two services on one database raise it at once', async () => {
    // PGlite is one process's database: two services share it. On a server the second has its own pool.
    const otherDb = engine.name === 'postgres' ? await test.reopen() : test.db;
    const first = start().service;
    const second = start({ db: otherDb }).service;
    for (let round = 0; round < 5; round += 1) {
      for (let index = 0; index < 20; index += 1) {
        first.raise({ deviceId: 'car-3', type: 'clockOffset', message: 'off by 20 min', atMs: T0 + round });
        second.raise({ deviceId: 'car-3', type: 'clockOffset', message: 'off by 20 min', atMs: T0 + round });
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all([first.flush(), second.flush()]);
    const rows = await openRows(test.db, 'car-3', 'clockOffset');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.occurrences).toBe(200);
    const { rows: raisedEvents } = await test.db.query<{ count: number }>("SELECT count(*)::int AS count FROM alarm_events WHERE alarm_id = $1 AND kind = 'raised'", [rows[0]?.id ?? 0]);
    expect(raisedEvents[0]?.count).toBe(1);
  });

  it('brings open alarms back after a restart, so a condition seen again is an occurrence', async () => {
    const before = start().service;
    before.raise({ deviceId: 'car-4', type: 'lowBattery', message: 'Battery 8 %', atMs: T0 });
    before.raise({ deviceId: 'car-4', type: 'staleSensor', message: 'Odometer stuck', atMs: T0 });
    before.clear({ deviceId: 'car-4', type: 'staleSensor', atMs: T0 + 1000 });
    await before.close();

    const after = start().service;
    expect(after.isActive('car-4', 'lowBattery')).toBe(false);
    await after.load();
    expect(after.isActive('car-4', 'lowBattery')).toBe(true);
    // Cleared but not acknowledged: still open, not active.
    expect(after.isActive('car-4', 'staleSensor')).toBe(false);
    const reloaded = only(after, 'car-4', 'lowBattery');
    after.raise({ deviceId: 'car-4', type: 'lowBattery', message: 'Battery 7 %', atMs: T0 + 60_000 });
    await after.flush();
    expect(only(after, 'car-4', 'lowBattery')).toMatchObject({ id: reloaded.id, occurrences: 2 });
    expect(only(after, 'car-4', 'staleSensor')).toMatchObject({ isCleared: true });
    expect(await openRows(test.db, 'car-4', 'lowBattery')).toHaveLength(1);
  });

  it('keeps a change through transient database errors, writing it once the database answers', async () => {
    let failuresLeft = 3;
    const flaky: Database = {
      ...test.db,
      transaction(work) {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          return Promise.reject(new Error('connection reset'));
        }
        return test.db.transaction(work);
      },
    };
    const { service } = start({ db: flaky, retryDelayMs: 1 });
    service.raise({ deviceId: 'car-5', type: 'authFailures', message: '12 failed logins', atMs: T0 });
    service.raise({ deviceId: 'car-5', type: 'authFailures', message: '13 failed logins', atMs: T0 + 1 });
    await service.flush();
    expect(failuresLeft).toBe(0);
    expect(only(service, 'car-5', 'authFailures')).toMatchObject({ occurrences: 2, message: '13 failed logins' });
    expect(await openRows(test.db, 'car-5', 'authFailures')).toHaveLength(1);
  });

  it('ignores a clear of an alarm that is not active, and a raise for a device the inventory does not know', async () => {
    const { service, changes } = start();
    service.clear({ deviceId: 'car-6', type: 'offline', atMs: T0 });
    service.raise({ deviceId: 'ghost-1', type: 'offline', message: 'Silent', atMs: T0 });
    await service.flush();
    expect(changes).toEqual([]);
    expect(service.isActive('ghost-1', 'offline')).toBe(false);
    const { rows } = await test.db.query("SELECT id FROM alarms WHERE device_id IN ('car-6', 'ghost-1')");
    expect(rows).toEqual([]);
  });
  it('closes an acknowledged alarm that clears, and makes the condition coming back in the same tick a new alarm', async () => {
    const { service, changes } = start();
    service.raise({ deviceId: 'car-7', type: 'offline', message: 'Silent', atMs: T0 });
    await service.flush();
    const first = only(service, 'car-7', 'offline');
    await service.acknowledge(people.dispatcher, [first.id]);
    service.clear({ deviceId: 'car-7', type: 'offline', atMs: T0 + 1000 });
    service.raise({ deviceId: 'car-7', type: 'offline', message: 'Silent again', atMs: T0 + 2000 });
    service.raise({ deviceId: 'car-7', type: 'offline', message: 'Still silent', atMs: T0 + 3000 });
    expect(service.isActive('car-7', 'offline')).toBe(true);
    await service.flush();
    expect(changes.find((alarm) => alarm.id === first.id && alarm.closedAtMs !== null)).toMatchObject({ closedAtMs: T0 + 1000, occurrences: 1 });
    const second = only(service, 'car-7', 'offline');
    expect(second.id).toBeGreaterThan(first.id);
    expect(second).toMatchObject({ occurrences: 2, isAcknowledged: false, raisedAtMs: T0 + 2000, message: 'Still silent' });
  });

  it('writes a fleet-wide burst of new alarms in a few transactions, one alarm per device', async () => {
    let transactions = 0;
    const counting: Database = {
      ...test.db,
      transaction(work) {
        transactions += 1;
        return test.db.transaction(work);
      },
    };
    const burstDevices = Array.from({ length: 500 }, (_, index) => testDevice(`burst-${index}`, 'car'));
    const { service, changes } = start({ db: counting, inventory: createTestInventory(burstDevices) });
    for (const device of burstDevices) service.raise({ deviceId: device.id, type: 'offline', message: 'Silent', atMs: T0 });
    await service.flush();
    expect(service.open().filter((alarm) => alarm.deviceId.startsWith('burst-'))).toHaveLength(500);
    expect(new Set(changes.map((alarm) => alarm.deviceId)).size).toBe(500);
    expect(transactions).toBeLessThanOrEqual(2);
    const { rows } = await test.db.query<{ kind: string; count: number }>(
      "SELECT kind, count(*)::int AS count FROM alarm_events JOIN alarms ON alarms.id = alarm_id WHERE device_id LIKE 'burst-%' GROUP BY kind",
    );
    expect(rows).toEqual([{ kind: 'raised', count: 500 }]);
  });

  it('stores what is queued before close() resolves', async () => {
    const { service } = start();
    service.raise({ deviceId: 'car-8', type: 'clockOffset', message: 'off by 2 h', atMs: T0 });
    service.raise({ deviceId: 'car-8', type: 'lowBattery', message: 'Battery 5 %', atMs: T0 });
    await service.close();
    expect(await openRows(test.db, 'car-8', 'clockOffset')).toHaveLength(1);
    expect(await openRows(test.db, 'car-8', 'lowBattery')).toHaveLength(1);
    service.raise({ deviceId: 'car-8', type: 'offline', message: 'ignored after close', atMs: T0 });
    expect(service.isActive('car-8', 'offline')).toBe(false);
  });
});
