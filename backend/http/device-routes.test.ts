import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceStateSummary } from '../../shared/api-schemas.js';
import { generateDemoNetwork } from '../../shared/network.js';
import { defaultConfig } from '../config.js';
import { createInventory } from '../inventory/inventory.js';
import type { ManagedInventory } from '../inventory/types.js';
import { createOperators } from '../operators/operators.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createHttpApp } from './app.js';

const network = generateDemoNetwork({ seed: 6, stations: 3, cars: 2, chargePoints: 4 });
const stationId = network.stations[0]?.id ?? '';

describe('the provisioning API', () => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let inventory: ManagedInventory;
  let adminToken = '';
  let dispatcherToken = '';
  /** What an external broker was told: the routes must pass on cars' secrets while they have them. */
  const brokerCalls: unknown[] = [];
  let isBrokerDown = false;
  const broker = {
    async syncCars(cars: readonly { carId: string; secret: string }[]) {
      if (isBrokerDown) throw new Error('broker unreachable');
      brokerCalls.push({ sync: cars });
      return { created: cars.length, updated: 0, unchanged: 0 };
    },
    async removeCars(carIds: readonly string[]) {
      brokerCalls.push({ remove: carIds });
    },
  };

  beforeAll(async () => {
    const engine = testEngines()[0];
    if (!engine) throw new Error('PGlite is always an engine');
    test = await openTestDatabase(engine);
    inventory = await createInventory(test.db);
    await inventory.provision(network, () => 'the-secret-of-every-demo-device');
    const operators = createOperators(test.db);
    await operators.add('admin', 'admin', 'admin password');
    await operators.add('dispatcher', 'dispatcher', 'dispatcher password');
    const heard = network.devices[0]?.id ?? '';
    const deviceDetail = (id: string): DeviceStateSummary | undefined => {
      if (!inventory.device(id)) return undefined;
      return id === heard
        ? { status: 'available', isOnline: true, lastSeenAt: '2026-01-01T00:00:00.000Z', deviceTime: '2026-01-01T00:00:01.200Z', clockOffsetMs: 1200 }
        : { status: 'offline', isOnline: false, lastSeenAt: null, deviceTime: null, clockOffsetMs: null };
    };
    app = await createHttpApp({
      version: '1.0.0',
      inventory,
      operators,
      deviceCounts: () => ({ known: inventory.devices().length, online: 0 }),
      deviceDetail,
      carAccounts: () => broker,
      logger: silentLogger,
      config: defaultConfig({ consoleDir: join(test.dataDir, 'none'), outlineGeojson: null }),
    });
    const login = async (username: string, password: string) => (await app.inject({ method: 'POST', url: '/api/login', payload: { username, password } })).json<{ token: string }>().token;
    adminToken = await login('admin', 'admin password');
    dispatcherToken = await login('dispatcher', 'dispatcher password');
  });
  afterAll(async () => {
    await app.close();
    await test.cleanup();
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it('adds a device and gives its generated secret once', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: as(adminToken),
      payload: { id: 'cp-api-1', kind: 'chargePoint', modelId: 'autolib-pillar', serialNumber: 'IER-API-1', stationId },
    });
    expect(response.statusCode).toBe(201);
    const { device, generatedSecret } = response.json<{ device: { id: string }; generatedSecret: string }>();
    expect(device.id).toBe('cp-api-1');
    expect(inventory.authenticate('cp-api-1', generatedSecret, 'chargePoint')).toBe('accepted');
    const listed = (await app.inject({ url: '/api/devices', headers: as(dispatcherToken) })).json<{ devices: { id: string }[] }>();
    expect(listed.devices.map((entry) => entry.id)).toContain('cp-api-1');
    expect(JSON.stringify(listed)).not.toContain(generatedSecret);
  });

  it('refuses bad devices with the error shape and status of each mistake', async () => {
    const post = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/devices', headers: as(adminToken), payload });
    const valid = { id: 'car-api-1', kind: 'car', modelId: 'bluecar', serialNumber: 'VF9-API-1' };
    const invalid = await post({ ...valid, kind: 'boat' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { code: 'invalid', message: expect.stringContaining('kind') } });
    expect((await post({ ...valid, secret: 'too short' })).json()).toMatchObject({ error: { code: 'invalid', message: expect.stringContaining('secret') } });
    expect((await post({ ...valid, kind: 'chargePoint', modelId: 'autolib-pillar', plate: 'AB-123-CD' })).statusCode).toBe(400);
    const clash = await post({ ...valid, serialNumber: network.devices[0]?.serialNumber });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('serial number') } });
    expect((await post({ ...valid, modelId: 'zoe' })).json()).toMatchObject({ error: { code: 'invalid', message: expect.stringContaining('bluecar') } });
    const notAnObject = await app.inject({ method: 'POST', url: '/api/devices', headers: { ...as(adminToken), 'content-type': 'application/json' }, payload: '[]' });
    expect(notAnObject.statusCode).toBe(400);
  });

  it('lets only an admin change devices', async () => {
    const attempts = [
      app.inject({ method: 'POST', url: '/api/devices', headers: as(dispatcherToken), payload: { id: 'x', kind: 'car', modelId: 'bluecar', serialNumber: 'x' } }),
      app.inject({ method: 'DELETE', url: `/api/devices/${network.devices[0]?.id ?? ''}`, headers: as(dispatcherToken) }),
      app.inject({ method: 'POST', url: `/api/devices/${network.devices[0]?.id ?? ''}/secret`, headers: as(dispatcherToken), payload: {} }),
      app.inject({ method: 'POST', url: '/api/stations/import', headers: as(dispatcherToken), payload: { stations: [] } }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('Only an admin can provision devices') } });
    }
    expect((await app.inject({ method: 'DELETE', url: '/api/devices/cp-api-1' })).statusCode).toBe(401);
  });

  it('shows a device with its last-known state', async () => {
    const heard = network.devices[0];
    const shown = await app.inject({ url: `/api/devices/${heard?.id ?? ''}`, headers: as(dispatcherToken) });
    expect(shown.json()).toMatchObject({ device: { id: heard?.id }, state: { status: 'available', isOnline: true, clockOffsetMs: 1200 } });
    const silent = await app.inject({ url: '/api/devices/cp-api-1', headers: as(dispatcherToken) });
    expect(silent.json()).toMatchObject({ state: { status: 'offline', lastSeenAt: null } });
  });

  it('rotates a secret, generated or given', async () => {
    const id = network.devices[1]?.id ?? '';
    const kind = network.devices[1]?.kind ?? 'car';
    const generated = await app.inject({ method: 'POST', url: `/api/devices/${id}/secret`, headers: as(adminToken), payload: {} });
    expect(generated.statusCode).toBe(200);
    const secret = generated.json<{ generatedSecret: string }>().generatedSecret;
    expect(inventory.authenticate(id, 'the-secret-of-every-demo-device', kind)).toBe('wrongSecret');
    expect(inventory.authenticate(id, secret, kind)).toBe('accepted');
    // A body is optional: no body means "generate one".
    expect((await app.inject({ method: 'POST', url: `/api/devices/${id}/secret`, headers: as(adminToken) })).statusCode).toBe(200);
    const given = await app.inject({ method: 'POST', url: `/api/devices/${id}/secret`, headers: as(adminToken), payload: { secret: 'a-secret-typed-by-an-admin' } });
    expect(given.json()).toMatchObject({ generatedSecret: null });
    expect(inventory.authenticate(id, 'a-secret-typed-by-an-admin', kind)).toBe('accepted');
    expect((await app.inject({ method: 'POST', url: '/api/devices/nobody/secret', headers: as(adminToken), payload: {} })).statusCode).toBe(404);
  });

  it("gives an external broker a car's secret when it is added or rotated, and removes its account with it", async () => {
    brokerCalls.length = 0;
    const added = await app.inject({ method: 'POST', url: '/api/devices', headers: as(adminToken), payload: { id: 'car-api-9', kind: 'car', modelId: 'bluecar', serialNumber: 'VF9-API-9' } });
    const secret = added.json<{ generatedSecret: string }>().generatedSecret;
    await app.inject({ method: 'POST', url: '/api/devices/car-api-9/secret', headers: as(adminToken), payload: { secret: 'the-second-secret-of-car-9' } });
    await app.inject({ method: 'DELETE', url: '/api/devices/car-api-9', headers: as(adminToken) });
    expect(brokerCalls).toEqual([
      { sync: [{ carId: 'car-api-9', secret }] },
      { sync: [{ carId: 'car-api-9', secret: 'the-second-secret-of-car-9' }] },
      { remove: ['car-api-9'] },
    ]);
    // A charge point is none of the broker's business.
    await app.inject({ method: 'POST', url: '/api/devices', headers: as(adminToken), payload: { id: 'cp-api-9', kind: 'chargePoint', modelId: 'autolib-pillar', serialNumber: 'IER-API-9' } });
    expect(brokerCalls).toHaveLength(3);
  });

  it('keeps the change and says so when the broker cannot follow', async () => {
    isBrokerDown = true;
    const added = await app.inject({ method: 'POST', url: '/api/devices', headers: as(adminToken), payload: { id: 'car-api-10', kind: 'car', modelId: 'bluecar', serialNumber: 'VF9-API-10' } });
    isBrokerDown = false;
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ device: { id: 'car-api-10' }, generatedSecret: expect.any(String), warnings: [expect.stringContaining('broker unreachable')] });
    expect(inventory.device('car-api-10')).toBeDefined();
  });

  it('removes a device', async () => {
    const removed = await app.inject({ method: 'DELETE', url: '/api/devices/cp-api-1', headers: as(adminToken) });
    expect(removed.json()).toMatchObject({ removed: { id: 'cp-api-1' } });
    expect((await app.inject({ url: '/api/devices/cp-api-1', headers: as(adminToken) })).statusCode).toBe(404);
    const again = await app.inject({ method: 'DELETE', url: '/api/devices/cp-api-1', headers: as(adminToken) });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'notFound' } });
  });

  it('imports a station list, validated, and again without touching existing secrets', async () => {
    const station = { id: 'paris-test-1', name: 'Paris/Test/1', address: '1 rue du Test', city: 'Paris', postalCode: '75001', latitude: 48.86, longitude: 2.34, carsParked: 1, freeSpaces: 2 };
    const bad = await app.inject({ method: 'POST', url: '/api/stations/import', headers: as(adminToken), payload: { stations: [{ ...station, latitude: 123 }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid', message: expect.stringContaining('stations.0.latitude') } });
    // Ids of another network: the import's devices are named like the demo's (cp-00001, car-00001).
    const fresh = await openTestDatabase(testEngines()[0] ?? { name: 'pglite', databaseUrl: null });
    const importing = await createInventory(fresh.db);
    const importApp = await createHttpApp({
      version: '1.0.0',
      inventory: importing,
      operators: createOperators(fresh.db),
      deviceCounts: () => ({ known: 0, online: 0 }),
      logger: silentLogger,
      config: defaultConfig({ consoleDir: join(fresh.dataDir, 'none'), outlineGeojson: null }),
    });
    await createOperators(fresh.db).add('root', 'admin', 'root password');
    const token = (await importApp.inject({ method: 'POST', url: '/api/login', payload: { username: 'root', password: 'root password' } })).json<{ token: string }>().token;
    const first = await importApp.inject({ method: 'POST', url: '/api/stations/import', headers: as(token), payload: { stations: [station] } });
    expect(first.json()).toMatchObject({ stations: 1, devices: { added: 4, updated: 0 } });
    const secrets = first.json<{ secrets: { id: string; kind: 'car' | 'chargePoint'; secret: string }[] }>().secrets;
    expect(secrets.map((entry) => entry.kind).sort()).toEqual(['car', 'chargePoint', 'chargePoint', 'chargePoint']);
    expect(secrets.every((entry) => importing.authenticate(entry.id, entry.secret, entry.kind) === 'accepted')).toBe(true);
    const second = await importApp.inject({ method: 'POST', url: '/api/stations/import', headers: as(token), payload: { stations: [{ ...station, name: 'Paris/Test/renamed' }] } });
    expect(second.json()).toEqual({ stations: 1, devices: { added: 0, updated: 4 }, secrets: [] });
    expect(importing.station('paris-test-1')?.name).toBe('Paris/Test/renamed');
    expect(secrets.every((entry) => importing.authenticate(entry.id, entry.secret, entry.kind) === 'accepted')).toBe(true);
    await importApp.close();
    await fresh.cleanup();
  });
});
