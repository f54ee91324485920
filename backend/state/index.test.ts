import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allocateColumns, NO_BATTERY } from '../../shared/fleet-columns.js';
import { kindFromCode, statusFromCode } from '../../shared/fleet.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createStateCache } from './index.js';
import {
  carStateMessage,
  createTestInventory,
  insertDevices,
  testCarState,
  testDevice,
  testStations,
} from './test-support.js';

const devices = [testDevice('car-1', 'car'), testDevice('cp-1', 'chargePoint', 'st-2'), testDevice('car-2', 'car')];

describe.each(testEngines())('state cache on $name', (engine) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, [...devices, testDevice('car-3', 'car')]);
  });
  afterAll(() => test.cleanup());
  beforeEach(() => test.db.exec('delete from device_state'));

  function cache() {
    const inventory = createTestInventory(devices);
    return { inventory, state: createStateCache({ db: test.db, inventory, logger: silentLogger, persistIntervalMs: 60_000 }) };
  }

  const envelope = { deviceId: 'cp-1', kind: 'chargePoint', receivedAtMs: Date.now(), deviceTime: null, bootId: null, sequence: null } as const;

  it('derives a car status from its state and never rolls back to an older message', async () => {
    const { state } = cache();
    await state.load();
    expect(state.detail('car-1')?.status).toBe('offline');
    state.apply({ ...envelope, deviceId: 'car-1', kind: 'car', channel: 'mqtt:connection', payload: { online: true } });
    expect(state.detail('car-1')?.status).toBe('available');

    state.apply(carStateMessage(testCarState('car-1', 5, { speedKmh: 30 })));
    expect(state.detail('car-1')?.status).toBe('inUse');
    // A late message from the same boot goes to history only.
    state.apply(carStateMessage(testCarState('car-1', 4, { plugged: true, charging: true })));
    expect(state.detail('car-1')?.status).toBe('inUse');
    expect(state.detail('car-1')?.state).toMatchObject({ sequence: 5 });
    state.apply(carStateMessage(testCarState('car-1', 6, { plugged: true, charging: true })));
    expect(state.detail('car-1')?.status).toBe('charging');
    state.apply(carStateMessage(testCarState('car-1', 7, { faults: ['battery-overheat'] })));
    expect(state.detail('car-1')?.status).toBe('faulted');
    // A new boot starts its numbering again.
    state.apply(carStateMessage(testCarState('car-1', 1, { bootId: 'boot-2' })));
    expect(state.detail('car-1')?.status).toBe('available');
    expect(state.counts()).toEqual({ known: 3, online: 1 });

    state.apply({ ...envelope, deviceId: 'car-1', kind: 'car', channel: 'mqtt:connection', payload: { online: false } });
    expect(state.detail('car-1')?.status).toBe('offline');
    expect(state.counts().online).toBe(0);
    await state.close();
  });

  it('follows a charge point through boot, connector status and meter values', async () => {
    const { state } = cache();
    await state.load();
    state.apply({ ...envelope, channel: 'ocpp:connection', payload: { online: true } });
    state.apply({ ...envelope, channel: 'ocpp:BootNotification', payload: { chargePointVendor: 'IER', chargePointModel: 'Pillar', firmwareVersion: '2.4.1' } });
    state.apply({ ...envelope, channel: 'ocpp:StatusNotification', payload: { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: '2024-05-01T10:00:00Z' } });
    expect(state.detail('cp-1')?.status).toBe('charging');
    // Older than what is known for that connector: ignored.
    state.apply({ ...envelope, channel: 'ocpp:StatusNotification', payload: { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: '2024-05-01T09:00:00Z' } });
    expect(state.detail('cp-1')?.status).toBe('charging');
    state.apply({ ...envelope, channel: 'ocpp:StatusNotification', payload: { connectorId: 0, errorCode: 'GroundFailure', status: 'Faulted' } });
    expect(state.detail('cp-1')?.status).toBe('faulted');
    const sampledAt = new Date(Date.now() + 2000).toISOString();
    state.apply(({
      ...envelope,
      deviceTime: sampledAt,
      channel: 'ocpp:MeterValues',
      payload: {
        connectorId: 1,
        meterValue: [{ timestamp: sampledAt, sampledValue: [{ value: '12.5', unit: 'kWh' }, { value: '7000', measurand: 'Power.Active.Import', unit: 'W' }] }],
      },
    }));
    const detail = state.detail('cp-1');
    expect(detail?.kind).toBe('chargePoint');
    if (detail?.kind !== 'chargePoint') throw new Error('expected a charge point');
    expect(detail.state).toMatchObject({ vendor: 'IER', model: 'Pillar', firmwareVersion: '2.4.1', energyWh: 12_500, powerW: 7000 });
    expect(detail.state?.connectors.map((connector) => connector.connectorId)).toEqual([0, 1]);
    expect(detail.station?.id).toBe('st-2');
    expect(detail.model.manufacturer).toBe('IER');
    expect(detail.clockOffsetMs).toBeGreaterThan(1000);
    await state.close();
  });

  it('fills fleet columns: cars from their messages, charge points from their station', async () => {
    const { state } = cache();
    await state.load();
    state.apply(carStateMessage(testCarState('car-2', 1, { latitude: 48.9, speedKmh: 12 }), 1_700_000_000_000));
    const columns = allocateColumns(2);
    state.fillColumns(columns, [2, 1]);
    expect(Array.from(columns.index)).toEqual([2, 1]);
    expect(kindFromCode(columns.kind[0] ?? 9)).toBe('car');
    expect(statusFromCode(columns.status[0] ?? 9)).toBe('inUse');
    expect(columns.latitude[0]).toBeCloseTo(48.9, 4);
    expect(columns.speedKmh[0]).toBe(12);
    expect(columns.batteryPercent[0]).toBe(80);
    expect(columns.lastSeenMs[0]).toBe(1_700_000_000_000);
    expect(kindFromCode(columns.kind[1] ?? 9)).toBe('chargePoint');
    expect(statusFromCode(columns.status[1] ?? 9)).toBe('offline');
    expect(columns.latitude[1]).toBeCloseTo(testStations[1]?.latitude ?? 0, 4);
    expect(columns.batteryPercent[1]).toBe(NO_BATTERY);
    expect(columns.lastSeenMs[1]).toBe(0);
    await state.close();
  });

  it('persists changed devices and restores them, offline, after a restart', async () => {
    const first = cache();
    await first.state.load();
    first.state.apply(carStateMessage(testCarState('car-1', 9, { latitude: 48.87, plugged: true, charging: true })));
    first.state.apply({ ...envelope, channel: 'ocpp:StatusNotification', payload: { connectorId: 1, errorCode: 'NoError', status: 'Available' } });
    await first.state.close();
    const rows = await test.db.query<{ device_id: string; status: string; is_online: boolean }>('select device_id, status, is_online from device_state order by device_id');
    expect(rows.rows).toEqual([
      { device_id: 'car-1', status: 'charging', is_online: true },
      { device_id: 'cp-1', status: 'available', is_online: true },
    ]);

    const second = cache();
    await second.state.load();
    const car = second.state.detail('car-1');
    expect(car?.status).toBe('offline');
    expect(car?.isOnline).toBe(false);
    expect(car?.lastSeenAt).not.toBeNull();
    expect(car?.kind === 'car' ? car.state?.sequence : undefined).toBe(9);
    // The restored sequence still protects against late messages.
    second.state.apply(carStateMessage(testCarState('car-1', 3, { latitude: 48.1 })));
    expect(second.state.detail('car-1')?.kind === 'car' ? second.state.detail('car-1')?.state : null).toMatchObject({ sequence: 9 });
    const columns = allocateColumns(1);
    second.state.fillColumns(columns, [0]);
    expect(columns.latitude[0]).toBeCloseTo(48.87, 4);
    const offline = await test.db.query<{ count: number }>('select count(*)::int as count from device_state where is_online');
    expect(offline.rows[0]?.count).toBe(0);
    await second.state.close();
  });

  it('rebuilds its index when devices are added and tells its listeners', async () => {
    const { state, inventory } = cache();
    await state.load();
    const changed: number[] = [];
    let rebuilt = 0;
    state.onChange((index) => changed.push(index));
    state.onDevicesChanged(() => rebuilt++);
    state.apply(carStateMessage(testCarState('car-2', 1)));
    inventory.add([testDevice('car-3', 'car')]);
    expect(rebuilt).toBe(1);
    expect(state.indexOf('car-3')).toBe(3);
    expect(state.fleetDevices().map((device) => device.id)).toEqual(['car-1', 'cp-1', 'car-2', 'car-3']);
    expect(state.detail('car-2')?.kind === 'car' ? state.detail('car-2')?.state : null).toMatchObject({ sequence: 1 });
    state.apply(carStateMessage(testCarState('car-3', 1)));
    expect(changed).toEqual([2, 3]);
    expect(state.apply(carStateMessage(testCarState('car-unknown', 1)))).toBeUndefined();
    await state.close();
  });
});
