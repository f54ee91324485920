import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, AlarmType, MaintenanceWindow } from '../../shared/alarms.js';
import { createOperators } from '../operators/index.js';
import { createTestInventory } from '../state/test-support.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { readAudit } from './audit.js';
import { createAlarmService } from './service.js';
import type { AlarmService } from './service.js';
import { addTestOperators, alarmTestDevices, manualTime } from './testing.js';
import type { AlarmTestOperators, ManualTime } from './testing.js';

const T0 = Date.UTC(2024, 6, 1, 8);
const MINUTE = 60_000;

describe.each(testEngines())('maintenance windows and escalation on $name', (engine) => {
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

  async function start(startMs: number, escalateAfterMs?: number) {
    const time: ManualTime = manualTime(startMs);
    const service = createAlarmService({ db: test.db, inventory, operators: createOperators(test.db), logger: silentLogger, now: time.now, timers: time.timers, escalateAfterMs });
    services.push(service);
    await service.load();
    const changes: Alarm[] = [];
    const windows: (readonly MaintenanceWindow[])[] = [];
    service.onChange((alarm) => changes.push(alarm));
    service.onMaintenanceChange((current) => windows.push(current));
    return { service, time, changes, windows };
  }

  async function raised(service: AlarmService, deviceId: string, type: AlarmType, atMs: number): Promise<Alarm> {
    service.raise({ deviceId, type, message: `${type} on ${deviceId}`, atMs });
    await service.flush();
    const alarm = service.open().find((candidate) => candidate.deviceId === deviceId && candidate.type === type);
    if (!alarm) throw new Error(`no ${type} alarm on ${deviceId}`);
    return alarm;
  }

  async function eventKinds(service: AlarmService, alarmId: number) {
    const detail = await service.get(alarmId);
    return detail.ok ? detail.value.events.map((event) => event.kind) : [];
  }

  it("suppresses a device's alarms during its window and brings them back when the window runs out", async () => {
    const { service, time, changes, windows } = await start(T0);
    const created = await service.createMaintenance(people.supervisor, { deviceId: 'car-1', startsAtMs: T0 - MINUTE, endsAtMs: T0 + 30 * MINUTE, reason: 'Tyres changed' });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value).toMatchObject({ deviceId: 'car-1', stationId: null, createdBy: 'supervisor-1', endedAtMs: null });
    expect(service.maintenance()).toEqual([created.value]);
    expect(windows.at(-1)).toEqual([created.value]);

    const covered = await raised(service, 'car-1', 'offline', T0);
    const uncovered = await raised(service, 'car-3', 'offline', T0);
    expect(covered.isSuppressed).toBe(true);
    expect(uncovered.isSuppressed).toBe(false);
    expect(await eventKinds(service, covered.id)).toEqual(['raised', 'suppressed']);
    expect(covered.revision).toBe(2);

    time.advance(29 * MINUTE);
    await service.flush();
    expect(service.open().find((alarm) => alarm.id === covered.id)?.isSuppressed).toBe(true);

    time.advance(2 * MINUTE);
    await service.flush();
    const back = service.open().find((alarm) => alarm.id === covered.id);
    expect(back).toMatchObject({ isSuppressed: false, revision: 3 });
    expect(changes.at(-1)).toEqual(back);
    expect(await eventKinds(service, covered.id)).toEqual(['raised', 'suppressed', 'unsuppressed']);
    expect(service.maintenance()).toEqual([]);
    expect(windows.at(-1)).toEqual([]);

    // After the window, the device's new alarms are not suppressed.
    expect((await raised(service, 'car-1', 'lowBattery', time.now())).isSuppressed).toBe(false);
  });

  it("suppresses a station's devices, and unsuppresses them when someone ends the window early", async () => {
    const { service, windows } = await start(T0 + 24 * 60 * MINUTE);
    const startMs = T0 + 24 * 60 * MINUTE;
    const future = await service.createMaintenance(people.admin, { stationId: 'st-2', startsAtMs: startMs + 60 * MINUTE, endsAtMs: startMs + 120 * MINUTE, reason: 'Later' });
    const window = await service.createMaintenance(people.admin, { stationId: 'st-2', startsAtMs: startMs, endsAtMs: startMs + 60 * MINUTE, reason: 'Pillars rewired' });
    if (!window.ok || !future.ok) throw new Error('windows not created');
    expect(service.maintenance().map((candidate) => candidate.id)).toEqual([window.value.id, future.value.id]);

    // cp-2 and car-2 stand at st-2; cp-1 at st-1.
    const onStation = await raised(service, 'cp-2', 'deviceFault', startMs);
    const carOnStation = await raised(service, 'car-2', 'offline', startMs);
    const elsewhere = await raised(service, 'cp-1', 'deviceFault', startMs);
    expect([onStation.isSuppressed, carOnStation.isSuppressed, elsewhere.isSuppressed]).toEqual([true, true, false]);

    const ended = await service.endMaintenance(people.supervisor, window.value.id);
    if (!ended.ok) throw new Error(ended.error.message);
    expect(ended.value.endedAtMs).toBe(startMs);
    await service.flush();
    expect(service.open().filter((alarm) => [onStation.id, carOnStation.id].includes(alarm.id)).map((alarm) => alarm.isSuppressed)).toEqual([false, false]);
    expect(windows.at(-1)?.map((candidate) => candidate.id)).toEqual([future.value.id]);

    const again = await service.endMaintenance(people.supervisor, window.value.id);
    expect(again.ok ? null : again.error.code).toBe('conflict');
    const unknown = await service.endMaintenance(people.supervisor, 999_999);
    expect(unknown.ok ? null : unknown.error.code).toBe('notFound');
    const audit = await readAudit(test.db, { target: `maintenance:${window.value.id}` });
    expect(audit.map((entry) => [entry.action, entry.operator])).toEqual([
      ['maintenance:end', 'supervisor-1'],
      ['maintenance:create', 'admin-1'],
    ]);
  });

  it('refuses windows for unknown devices or stations, or that are already over', async () => {
    const { service } = await start(T0);
    const device = await service.createMaintenance(people.admin, { deviceId: 'nope', startsAtMs: T0, endsAtMs: T0 + MINUTE, reason: 'x' });
    const station = await service.createMaintenance(people.admin, { stationId: 'nope', startsAtMs: T0, endsAtMs: T0 + MINUTE, reason: 'x' });
    const past = await service.createMaintenance(people.admin, { deviceId: 'car-1', startsAtMs: T0 - 2 * MINUTE, endsAtMs: T0 - MINUTE, reason: 'x' });
    expect([device, station, past].map((result) => (result.ok ? null : result.error.code))).toEqual(['notFound', 'notFound', 'invalid']);
  });

  it('escalates a critical alarm left unacknowledged, once', async () => {
    const startMs = T0 + 48 * 60 * MINUTE;
    const { service, time } = await start(startMs, 10 * MINUTE);
    const critical = await raised(service, 'car-5', 'deviceFault', startMs);
    const acknowledgedInTime = await raised(service, 'car-7', 'deviceFault', startMs);
    const major = await raised(service, 'car-9', 'offline', startMs);

    time.advance(5 * MINUTE);
    await service.acknowledge(people.dispatcher, [acknowledgedInTime.id], 'On it');
    time.advance(4 * MINUTE);
    await service.flush();
    expect(service.open().find((alarm) => alarm.id === critical.id)?.escalatedAtMs).toBeNull();

    time.advance(2 * MINUTE);
    await service.flush();
    expect(service.open().find((alarm) => alarm.id === critical.id)?.escalatedAtMs).toBe(startMs + 10 * MINUTE);

    time.advance(60 * MINUTE);
    await service.flush();
    expect(await eventKinds(service, critical.id)).toEqual(['raised', 'escalated']);
    expect(await eventKinds(service, acknowledgedInTime.id)).not.toContain('escalated');
    expect(await eventKinds(service, major.id)).not.toContain('escalated');
  });

  it('escalates, after a restart, a critical alarm whose time ran out while the backend was down', async () => {
    const startMs = T0 + 72 * 60 * MINUTE;
    const first = await start(startMs, 10 * MINUTE);
    const critical = await raised(first.service, 'car-11', 'deviceFault', startMs);
    await first.service.close();
    const second = await start(startMs + 30 * MINUTE, 10 * MINUTE);
    await second.service.flush();
    expect(second.service.open().find((alarm) => alarm.id === critical.id)?.escalatedAtMs).toBe(startMs + 30 * MINUTE);
  });
});
