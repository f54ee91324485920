import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allocateColumns } from '../../shared/fleet-columns.js';
import type { DeviceMessage } from '../ingest/message.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { FirmwareCodes } from './firmware-codes.js';
import { createStateCache } from './index.js';
import type { StateCache } from './index.js';
import { carStateMessage, createTestInventory, insertDevices, testCarState, testDevice } from './test-support.js';

describe('firmware codes', () => {
  it('gives each version one code, keeps 0 for unknown, and starts over on reset', () => {
    const codes = new FirmwareCodes();
    expect(codes.codeOf(null)).toBe(0);
    expect(codes.codeOf('')).toBe(0);
    expect(codes.codeOf('1.0')).toBe(1);
    expect(codes.codeOf('2.0')).toBe(2);
    expect(codes.codeOf('1.0')).toBe(1);
    expect(codes.versions()).toEqual(['', '1.0', '2.0']);
    codes.reset();
    expect(codes.versions()).toEqual(['']);
    expect(codes.codeOf('2.0')).toBe(1);
  });
});

const devices = [
  { ...testDevice('car-1', 'car', 'st-2'), firmwareVersion: 'car-7.1' },
  { ...testDevice('cp-1', 'chargePoint'), firmwareVersion: null },
  testDevice('cp-2', 'chargePoint', 'st-2'),
];

function boot(deviceId: string, firmwareVersion: string): DeviceMessage {
  return {
    deviceId,
    kind: 'chargePoint',
    receivedAtMs: Date.now(),
    deviceTime: null,
    bootId: `connection-${firmwareVersion}`,
    sequence: null,
    channel: 'ocpp:BootNotification',
    payload: { chargePointVendor: 'IER', chargePointModel: 'Pillar', firmwareVersion },
  };
}

function firmwareColumn(state: StateCache): (string | undefined)[] {
  const count = state.fleetDevices().length;
  const columns = allocateColumns(count);
  state.fillColumns(columns, Uint32Array.from({ length: count }, (_, index) => index));
  return Array.from(columns.firmware, (code) => state.firmwareVersions()[code]);
}

describe.each(testEngines())('the state cache catalogue on $name', (engine) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, [...devices, testDevice('car-2', 'car')]);
  });
  afterAll(() => test.cleanup());
  beforeEach(() => test.db.exec('delete from device_state'));

  function cache() {
    const inventory = createTestInventory(devices);
    return { inventory, state: createStateCache({ db: test.db, inventory, logger: silentLogger, persistIntervalMs: 60_000 }) };
  }

  it('lists devices with serial and plate, and the stations they belong to', async () => {
    const { state } = cache();
    await state.load();
    expect(state.fleetDevices()).toEqual([
      { id: 'car-1', kind: 'car', stationId: 'st-2', label: 'AB-001-CD', serialNumber: 'SN-car-1', plate: 'AB-001-CD' },
      { id: 'cp-1', kind: 'chargePoint', stationId: 'st-1', label: 'SN-cp-1', serialNumber: 'SN-cp-1', plate: null },
      { id: 'cp-2', kind: 'chargePoint', stationId: 'st-2', label: 'SN-cp-2', serialNumber: 'SN-cp-2', plate: null },
    ]);
    expect(state.fleetStations().map((station) => station.id)).toEqual(['st-1', 'st-2']);
    expect(state.fleetStations()[1]).toEqual({ id: 'st-2', name: 'Paris/Voltaire/2', address: '2 boulevard Voltaire', city: 'Paris', latitude: 48.8625, longitude: 2.3708 });
    await state.close();
  });

  it("codes each device's firmware: a charge point's reported one over the inventory's, a car's from the inventory", async () => {
    const { state } = cache();
    await state.load();
    expect(firmwareColumn(state)).toEqual(['car-7.1', '', '1.0.0']);
    const changed: number[] = [];
    state.onChange((index) => changed.push(index));
    state.apply(boot('cp-1', '3.2.0'));
    expect(changed).toEqual([1]);
    expect(firmwareColumn(state)).toEqual(['car-7.1', '3.2.0', '1.0.0']);
    expect(state.firmwareVersions()).toEqual(['', 'car-7.1', '1.0.0', '3.2.0']);
    expect(state.detail('cp-1')?.firmwareVersion).toBe('3.2.0');
    // A car says nothing of its firmware: its states leave the code alone.
    state.apply(carStateMessage(testCarState('car-1', 1)));
    expect(firmwareColumn(state)[0]).toBe('car-7.1');
    await state.close();
  });

  it('keeps the table growing until the device list changes, then starts over with the versions in use', async () => {
    const { state, inventory } = cache();
    await state.load();
    state.apply(boot('cp-2', '2.0.0'));
    state.apply(boot('cp-2', '2.1.0'));
    expect(state.firmwareVersions()).toEqual(['', 'car-7.1', '1.0.0', '2.0.0', '2.1.0']);
    let rebuilt = 0;
    state.onDevicesChanged(() => rebuilt++);
    inventory.add([testDevice('car-2', 'car')]);
    expect(rebuilt).toBe(1);
    expect(state.firmwareVersions()).toEqual(['', 'car-7.1', '2.1.0', '1.0.0']);
    expect(firmwareColumn(state)).toEqual(['car-7.1', '', '2.1.0', '1.0.0']);
    await state.close();
  });

  it('restores the firmware a charge point reported after a restart', async () => {
    const first = cache();
    await first.state.load();
    first.state.apply(boot('cp-1', '4.0.0'));
    await first.state.close();
    const second = cache();
    await second.state.load();
    expect(firmwareColumn(second.state)[1]).toBe('4.0.0');
    await second.state.close();
  });
});
