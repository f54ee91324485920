/**
 * Parts for the live path's tests: an in-memory Inventory the test can add devices to, the same devices
 * provisioned in a test database (store/testing.ts) for the foreign keys, and sample messages. Test-only.
 */
import type { Server } from 'node:net';
import { createInventory } from '../inventory/inventory.js';
import type { Database } from '../store/database.js';
import type { AuthenticationResult, DeviceModelRecord, DeviceRecord, Inventory, StationRecord } from '../inventory/types.js';
import type { CarState } from '../../shared/car-protocol.js';
import type { DeviceKind } from '../../shared/fleet.js';
import type { DeviceMessage } from '../ingest/message.js';
import type { Network } from '../../shared/network.js';
import { openTestDatabase } from '../store/testing.js';
import type { TestDatabase, TestEngine } from '../store/testing.js';

export const testStations: readonly StationRecord[] = [
  { id: 'st-1', name: 'Paris/Rivoli/1', address: '1 rue de Rivoli', city: 'Paris', postalCode: '75001', latitude: 48.8606, longitude: 2.3376 },
  { id: 'st-2', name: 'Paris/Voltaire/2', address: '2 boulevard Voltaire', city: 'Paris', postalCode: '75011', latitude: 48.8625, longitude: 2.3708 },
];

export const testModels: readonly DeviceModelRecord[] = [
  { id: 'bluecar', kind: 'car', manufacturer: 'Bolloré', name: 'Bluecar' },
  { id: 'autolib-pillar', kind: 'chargePoint', manufacturer: 'IER', name: 'Autolib pillar 1.6' },
];

export function testDevice(id: string, kind: DeviceKind, stationId = 'st-1'): DeviceRecord {
  return {
    id,
    kind,
    modelId: kind === 'car' ? 'bluecar' : 'autolib-pillar',
    serialNumber: `SN-${id}`,
    // Plates are unique in the store: take them from the id's digits.
    plate: kind === 'car' ? `AB-${id.replace(/\D/g, '').padStart(3, '0')}-CD` : null,
    firmwareVersion: '1.0.0',
    stationId,
    createdAt: '2024-01-01T00:00:00.000Z',
  };
}

/** The secret every test device is provisioned with. */
export function testSecret(deviceId: string): string {
  return `secret-of-${deviceId}`;
}

export interface TestInventory extends Inventory {
  /** Adds devices (as provisioning would) and tells listeners. */
  add(devices: readonly DeviceRecord[]): void;
}

export function createTestInventory(initial: readonly DeviceRecord[]): TestInventory {
  const devices: DeviceRecord[] = [...initial];
  const listeners = new Set<() => void>();
  return {
    devices: () => devices,
    device: (id) => devices.find((device) => device.id === id),
    station: (id) => testStations.find((station) => station.id === id),
    model: (id) => testModels.find((model) => model.id === id),
    authenticate(deviceId: string, secret: string, kind: DeviceKind): AuthenticationResult {
      const device = devices.find((candidate) => candidate.id === deviceId);
      if (!device || device.kind !== kind) return 'unknownDevice';
      return secret === testSecret(deviceId) ? 'accepted' : 'wrongSecret';
    },
    provision: () => Promise.reject(new Error('The test inventory is provisioned with add()')),
    onDevicesChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    add(added) {
      devices.push(...added);
      for (const listener of listeners) listener();
    },
  };
}

/**
 * Provisions the devices in the database through the real inventory, with their stations and models, so
 * that the state's rows have the devices their foreign key needs.
 */
export async function insertDevices(database: Database, devices: readonly DeviceRecord[]): Promise<void> {
  const inventory = await createInventory(database);
  await inventory.provision(
    {
      stations: testStations,
      models: testModels,
      devices: devices.map((device) => ({ ...device, firmwareVersion: device.firmwareVersion ?? '1.0.0', stationId: device.stationId ?? 'st-1' })),
    },
    testSecret,
  );
}

/** Waits until `check` holds, polling; fails the test with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A valid car state, with the given changes. */
export interface TestCarChanges {
  readonly speedKmh?: number;
  readonly plugged?: boolean;
  readonly charging?: boolean;
  readonly faults?: string[];
  readonly bootId?: string;
  readonly latitude?: number;
  /** The car's clock; now by default. */
  readonly deviceTimeMs?: number;
  /** Sensors reported as given (value and sinceSeconds) instead of the defaults. */
  readonly sensors?: Partial<CarState['sensors']>;
}

/** When the test cars' sensors took their values, so that every message tells the same story. */
const SENSORS_SET_MS = Date.UTC(2024, 0, 1);

export function testCarState(deviceId: string, sequence: number, changes: TestCarChanges = {}): CarState {
  const deviceTimeMs = changes.deviceTimeMs ?? Date.now();
  const sensor = (value: boolean) => ({ value, sinceSeconds: Math.max(0, Math.floor((deviceTimeMs - SENSORS_SET_MS) / 1000)) });
  const state: CarState = {
    deviceId,
    bootId: changes.bootId ?? 'boot-1',
    sequence,
    deviceTime: new Date(deviceTimeMs).toISOString(),
    position: { latitude: changes.latitude ?? 48.85, longitude: 2.35, speedKmh: changes.speedKmh ?? 0, headingDegrees: 90 },
    batteryPercent: 80,
    rangeKm: 120,
    odometerKm: 4000,
    sensors: {
      doorsOpen: sensor(false),
      locked: sensor(true),
      plugged: sensor(changes.plugged ?? false),
      charging: sensor(changes.charging ?? false),
      ignition: sensor((changes.speedKmh ?? 0) > 0),
    },
    faults: changes.faults ?? [],
  };
  return changes.sensors ? { ...state, sensors: { ...state.sensors, ...changes.sensors } } : state;
}

export function carStateMessage(car: CarState, receivedAtMs = Date.now()): DeviceMessage {
  return {
    deviceId: car.deviceId,
    kind: 'car',
    receivedAtMs,
    deviceTime: car.deviceTime,
    bootId: car.bootId,
    sequence: car.sequence,
    channel: 'mqtt:state',
    payload: car,
  };
}

/** Listens on an ephemeral port of 127.0.0.1 and returns it. */
export async function listenLocally(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Expected a TCP address');
  return address.port;
}

/** A migrated test database holding `network`'s devices (all with one secret), and its inventory. */
export async function openProvisionedDatabase(engine: TestEngine, network: Network): Promise<{ readonly test: TestDatabase; readonly inventory: Inventory }> {
  const test = await openTestDatabase(engine);
  const inventory = await createInventory(test.db);
  await inventory.provision(network, () => 'a device secret of enough length');
  return { test, inventory };
}
