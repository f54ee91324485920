import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoNetwork } from '../../shared/network.js';
import type { Network } from '../../shared/network.js';
import { openTestDatabase, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import type { Database } from '../store/database.js';
import { createInventory } from './inventory.js';
import { generateDeviceSecret } from './secrets.js';

const small = generateDemoNetwork({ seed: 7, stations: 5, cars: 4, chargePoints: 8 });

describe.each(testEngines())('inventory on $name', (engine) => {
  let test: TestDatabase;
  const secrets = new Map<string, string>();
  const secretFor = (deviceId: string) => {
    const secret = generateDeviceSecret();
    secrets.set(deviceId, secret);
    return secret;
  };

  beforeAll(async () => {
    test = await openTestDatabase(engine);
  });
  afterAll(() => test.cleanup());

  it('provisions a network and knows every device, station and model', async () => {
    const inventory = await createInventory(test.db);
    expect(inventory.devices()).toEqual([]);
    let changes = 0;
    inventory.onDevicesChanged(() => changes++);
    const summary = await inventory.provision(small, secretFor);
    expect(summary).toEqual({ stations: 5, devices: 12 });
    expect(changes).toBe(1);
    expect(inventory.devices().map((device) => device.id).sort()).toEqual(small.devices.map((device) => device.id).sort());
    const car = small.devices.find((device) => device.kind === 'car');
    expect(car).toBeDefined();
    const record = inventory.device(car?.id ?? '');
    expect(record).toMatchObject({ kind: 'car', plate: car?.plate, serialNumber: car?.serialNumber, modelId: 'bluecar' });
    expect(Number.isNaN(Date.parse(record?.createdAt ?? ''))).toBe(false);
    expect(inventory.station(car?.stationId ?? '')?.latitude).toBeCloseTo(small.stations.find((station) => station.id === car?.stationId)?.latitude ?? 0);
    expect(inventory.model('autolib-pillar')?.kind).toBe('chargePoint');
  });

  it('authenticates a device by its secret, its id and its kind', async () => {
    const inventory = await createInventory(test.db);
    const chargePoint = small.devices.find((device) => device.kind === 'chargePoint');
    const id = chargePoint?.id ?? '';
    const secret = secrets.get(id) ?? '';
    expect(inventory.authenticate(id, secret, 'chargePoint')).toBe('accepted');
    expect(inventory.authenticate(id, `${secret}x`, 'chargePoint')).toBe('wrongSecret');
    expect(inventory.authenticate(id, '', 'chargePoint')).toBe('wrongSecret');
    expect(inventory.authenticate(id, secret, 'car')).toBe('unknownDevice');
    expect(inventory.authenticate('cp-nobody', secret, 'chargePoint')).toBe('unknownDevice');
  });

  it('stores secrets only as SHA-256', async () => {
    const { rows } = await test.db.query<{ secret_hash: Uint8Array }>('SELECT secret_hash FROM devices');
    expect(rows.every((row) => row.secret_hash.length === 32)).toBe(true);
    const secret = [...secrets.values()][0] ?? '';
    const { rows: leaked } = await test.db.query("SELECT 1 FROM devices WHERE encode(secret_hash, 'escape') LIKE '%' || $1 || '%'", [secret]);
    expect(leaked).toEqual([]);
  });

  it('updates devices provisioned again but keeps their secrets', async () => {
    const inventory = await createInventory(test.db);
    const moved: Network = { ...small, devices: small.devices.map((device) => ({ ...device, firmwareVersion: '9.9.9' })) };
    let calls = 0;
    let changes = 0;
    inventory.onDevicesChanged(() => changes++);
    await inventory.provision(moved, (deviceId) => {
      calls++;
      return secretFor(deviceId);
    });
    expect(calls).toBe(0);
    expect(changes).toBe(1);
    expect(inventory.devices().every((device) => device.firmwareVersion === '9.9.9')).toBe(true);
    const device = small.devices[0];
    expect(inventory.authenticate(device?.id ?? '', secrets.get(device?.id ?? '') ?? '', device?.kind ?? 'car')).toBe('accepted');
  });

  it('refuses a network whose serial numbers clash, and changes nothing', async () => {
    const inventory = await createInventory(test.db);
    const [first, second] = small.devices;
    if (!first || !second) throw new Error('the small network has devices');
    const clash: Network = { ...small, devices: [{ ...first, id: 'cp-new', firmwareVersion: 'x' }, second] };
    await expect(inventory.provision(clash, secretFor)).rejects.toThrow();
    expect(inventory.device('cp-new')).toBeUndefined();
    expect((await createInventory(test.db)).device('cp-new')).toBeUndefined();
  });

  it('provisions an Autolib-sized network in a handful of statements, not one per device', async () => {
    const network = generateDemoNetwork({ seed: 3, stations: 1100, cars: 2600, chargePoints: 4800 });
    const fresh = await openTestDatabase(engine);
    let statements = 0;
    const counted: Database = {
      ...fresh.db,
      query: (sql, parameters) => {
        statements++;
        return fresh.db.query(sql, parameters);
      },
      transaction: (work) =>
        fresh.db.transaction((transaction) =>
          work({
            ...transaction,
            query: (sql, parameters) => {
              statements++;
              return transaction.query(sql, parameters);
            },
          }),
        ),
    };
    const inventory = await createInventory(counted);
    statements = 0;
    const started = performance.now();
    await inventory.provision(network, () => 'a-demo-secret-that-is-long-enough');
    const seconds = (performance.now() - started) / 1000;
    expect(inventory.devices()).toHaveLength(7400);
    expect(statements).toBeLessThan(12);
    // Generous: a loaded 2-core CI machine runs several test files at once.
    expect(seconds).toBeLessThan(20);
    const reloaded = await createInventory(fresh.db);
    expect(reloaded.devices().map((device) => device.id)).toEqual(inventory.devices().map((device) => device.id));
    await fresh.cleanup();
  });
});
