import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoNetwork } from '../../shared/network.js';
import { openTestDatabase, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createInventory } from './inventory.js';

const network = generateDemoNetwork({ seed: 9, stations: 3, cars: 2, chargePoints: 4 });
const stationId = network.stations[0]?.id ?? '';

describe.each(testEngines())('one device at a time, on $name', (engine) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    const inventory = await createInventory(test.db);
    await inventory.provision(network, () => 'a-secret-of-the-provisioned-network');
  });
  afterAll(() => test.cleanup());

  it('adds a device with a generated secret, kept only as a hash, and tells listeners', async () => {
    const inventory = await createInventory(test.db);
    let changes = 0;
    inventory.onDevicesChanged(() => changes++);
    const added = await inventory.addDevice({ id: 'cp-hand-1', kind: 'chargePoint', modelId: 'autolib-pillar', serialNumber: 'IER-HAND-1', stationId, firmwareVersion: '2.4.1' });
    if (!added.ok) throw new Error(added.error.message);
    const secret = added.value.generatedSecret ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(added.value.device).toMatchObject({ id: 'cp-hand-1', kind: 'chargePoint', stationId, plate: null });
    expect(changes).toBe(1);
    expect(inventory.devices().at(-1)?.id).toBe('cp-hand-1');
    expect(inventory.authenticate('cp-hand-1', secret, 'chargePoint')).toBe('accepted');
    // A restarted backend knows it too, with the same secret.
    expect((await createInventory(test.db)).authenticate('cp-hand-1', secret, 'chargePoint')).toBe('accepted');
    const { rows } = await test.db.query("SELECT 1 FROM devices WHERE encode(secret_hash, 'escape') LIKE '%' || $1 || '%'", [secret]);
    expect(rows).toEqual([]);
  });

  it('adds a device with a given secret, creating a built-in model the store does not have yet', async () => {
    const empty = await openTestDatabase(engine);
    const inventory = await createInventory(empty.db);
    const added = await inventory.addDevice({ id: 'car-hand-1', kind: 'car', modelId: 'bluecar', serialNumber: 'VF9-HAND-1', plate: 'AA-001-AA' }, 'a-secret-chosen-by-hand');
    expect(added).toMatchObject({ ok: true, value: { generatedSecret: null, device: { plate: 'AA-001-AA', stationId: null } } });
    expect(inventory.model('bluecar')?.kind).toBe('car');
    expect(inventory.authenticate('car-hand-1', 'a-secret-chosen-by-hand', 'car')).toBe('accepted');
    await empty.cleanup();
  });

  it('refuses what does not fit, with a sentence, and changes nothing', async () => {
    const inventory = await createInventory(test.db);
    const existing = network.devices.find((device) => device.kind === 'car');
    const base = { id: 'car-hand-2', kind: 'car' as const, modelId: 'bluecar', serialNumber: 'VF9-HAND-2' };
    const cases = [
      [{ ...base, id: 'has space' }, 'invalid', 'letters, digits'],
      [{ ...base, id: existing?.id ?? '' }, 'conflict', 'already exists'],
      [{ ...base, serialNumber: existing?.serialNumber ?? '' }, 'conflict', 'serial number'],
      [{ ...base, plate: existing?.plate ?? '' }, 'conflict', 'number plate'],
      [{ ...base, modelId: 'autolib-pillar' }, 'invalid', 'is a chargePoint model'],
      [{ ...base, modelId: 'zoe' }, 'invalid', 'car models: bluecar'],
      [{ ...base, stationId: 'st-nowhere' }, 'invalid', 'No station'],
      [{ ...base, kind: 'chargePoint' as const, modelId: 'autolib-pillar', plate: 'AB-123-CD' }, 'invalid', 'Only a car'],
    ] as const;
    for (const [device, code, words] of cases) {
      const answer = await inventory.addDevice(device);
      expect(answer.ok ? 'added' : answer.error.code, JSON.stringify(device)).toBe(code);
      expect(answer.ok ? '' : answer.error.message).toContain(words);
    }
    expect(await inventory.addDevice(base, 'short')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(inventory.device('car-hand-2')).toBeUndefined();
    const { rows } = await test.db.query("SELECT id FROM devices WHERE id = 'car-hand-2'");
    expect(rows).toEqual([]);
  });

  it('rotates a secret: the old one is refused at once, the new one accepted, here and after a restart', async () => {
    const inventory = await createInventory(test.db);
    const credentialChanges: string[] = [];
    inventory.onCredentialsChanged((deviceId) => credentialChanges.push(deviceId));
    const id = network.devices[0]?.id ?? '';
    const kind = network.devices[0]?.kind ?? 'car';
    expect(inventory.authenticate(id, 'a-secret-of-the-provisioned-network', kind)).toBe('accepted');
    const rotated = await inventory.rotateSecret(id);
    if (!rotated.ok) throw new Error(rotated.error.message);
    const secret = rotated.value.generatedSecret ?? '';
    expect(inventory.authenticate(id, 'a-secret-of-the-provisioned-network', kind)).toBe('wrongSecret');
    expect(inventory.authenticate(id, secret, kind)).toBe('accepted');
    expect(credentialChanges).toEqual([id]);
    expect((await createInventory(test.db)).authenticate(id, secret, kind)).toBe('accepted');
    expect(await inventory.rotateSecret(id, 'another-secret-by-hand')).toMatchObject({ ok: true, value: { generatedSecret: null } });
    expect(inventory.authenticate(id, 'another-secret-by-hand', kind)).toBe('accepted');
    expect(await inventory.rotateSecret('nobody')).toMatchObject({ ok: false, error: { code: 'notFound' } });
    expect(await inventory.rotateSecret(id, 'short')).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('removes a device with its last-known state and keeps its history', async () => {
    const inventory = await createInventory(test.db);
    const device = network.devices[1];
    if (!device) throw new Error('the network has devices');
    await test.db.query("INSERT INTO device_state (device_id, status) VALUES ($1, 'available')", [device.id]);
    await test.db.query("INSERT INTO telemetry (device_id, received_at, sent_at, occurred_at, channel, payload) VALUES ($1, now(), now(), now(), 'test', '{}')", [device.id]);
    let changes = 0;
    const credentialChanges: string[] = [];
    inventory.onDevicesChanged(() => changes++);
    inventory.onCredentialsChanged((deviceId) => credentialChanges.push(deviceId));
    const removed = await inventory.removeDevice(device.id);
    expect(removed).toMatchObject({ ok: true, value: { id: device.id, serialNumber: device.serialNumber } });
    expect(inventory.device(device.id)).toBeUndefined();
    expect(inventory.devices().some((record) => record.id === device.id)).toBe(false);
    expect(inventory.authenticate(device.id, 'a-secret-of-the-provisioned-network', device.kind)).toBe('unknownDevice');
    expect([changes, credentialChanges]).toEqual([1, [device.id]]);
    expect((await test.db.query('SELECT 1 FROM device_state WHERE device_id = $1', [device.id])).rows).toHaveLength(0);
    expect((await test.db.query('SELECT 1 FROM telemetry WHERE device_id = $1', [device.id])).rows).toHaveLength(1);
    expect((await createInventory(test.db)).device(device.id)).toBeUndefined();
    expect(await inventory.removeDevice(device.id)).toMatchObject({ ok: false, error: { code: 'notFound' } });
    // Its serial number is free again, and provisioning the network again brings it back with a new secret.
    await inventory.provision(network, () => 'a-secret-for-the-returning-device');
    expect(inventory.authenticate(device.id, 'a-secret-for-the-returning-device', device.kind)).toBe('accepted');
  });

  it('applies concurrent changes one after another, none lost', async () => {
    const inventory = await createInventory(test.db);
    const adds = Array.from({ length: 5 }, (_, index) =>
      inventory.addDevice({ id: `cp-burst-${index}`, kind: 'chargePoint', modelId: 'autolib-pillar', serialNumber: `IER-BURST-${index}` }),
    );
    const reprovision = inventory.provision(network, () => 'unused-because-all-are-known');
    const answers = await Promise.all([...adds, reprovision]);
    expect(answers.slice(0, 5).every((answer) => 'ok' in answer && answer.ok)).toBe(true);
    expect(inventory.devices().filter((device) => device.id.startsWith('cp-burst-'))).toHaveLength(5);
  });
});
