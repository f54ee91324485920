import mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carTopics } from '../../shared/car-protocol.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createIngest } from '../ingest/index.js';
import type { Ingest } from '../ingest/index.js';
import { createStateCache } from '../state/index.js';
import type { StateCache } from '../state/index.js';
import { createTestInventory, eventually, insertDevices, testCarState, testDevice, testSecret } from '../state/test-support.js';
import { startMqttBroker } from './mqtt.js';
import type { MqttBroker } from './mqtt.js';

const devices = [testDevice('car-1', 'car'), testDevice('car-2', 'car'), testDevice('car-3', 'car'), testDevice('cp-1', 'chargePoint')];

describe.each(testEngines())('MQTT broker on $name', (engine) => {
  let test: TestDatabase;
  let state: StateCache;
  let ingest: Ingest;
  let broker: MqttBroker;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, devices);
    const inventory = createTestInventory(devices);
    state = createStateCache({ db: test.db, inventory, logger: silentLogger });
    await state.load();
    ingest = createIngest({ db: test.db, state, logger: silentLogger });
    broker = await startMqttBroker({ host: '127.0.0.1', port: 0, inventory, ingest, state, logger: silentLogger });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await broker.close();
    await ingest.close();
    await state.close();
    await test.cleanup();
  });

  /** A car as the simulator connects one: the mqtt client, logging in with its id and secret. */
  async function car(carId: string, secret: string, extra: IClientOptions = {}): Promise<MqttClient> {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
      clientId: carId,
      username: carId,
      password: secret,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...extra,
    });
    clients.push(client);
    return client;
  }

  async function refusalCode(carId: string, secret: string): Promise<unknown> {
    try {
      await car(carId, secret);
    } catch (error) {
      return error instanceof Error && 'code' in error ? error.code : error;
    }
    return 'connected';
  }

  it('refuses unknown cars, wrong secrets and charge points', async () => {
    expect(await refusalCode('car-1', 'wrong-secret')).toBe(4);
    expect(await refusalCode('car-unknown', 'whatever')).toBe(4);
    expect(await refusalCode('cp-1', testSecret('cp-1'))).toBe(4);
    expect(state.detail('car-1')?.isOnline).toBe(false);
  });

  it('takes a car state into the state cache and history, and drops invalid ones without disconnecting', async () => {
    const client = await car('car-1', testSecret('car-1'));
    await eventually(() => state.detail('car-1')?.isOnline === true, 'car-1 online');
    await client.publishAsync(carTopics.state('car-1'), 'not json', { qos: 1 });
    await client.publishAsync(carTopics.state('car-1'), JSON.stringify({ ...testCarState('car-1', 1), batteryPercent: 140 }), { qos: 1 });
    // The id inside must match the topic's.
    await client.publishAsync(carTopics.state('car-1'), JSON.stringify(testCarState('car-2', 1)), { qos: 1 });
    expect(broker.stats().invalidMessages).toBe(3);
    expect(client.connected).toBe(true);

    await client.publishAsync(carTopics.state('car-1'), JSON.stringify(testCarState('car-1', 2, { speedKmh: 42, latitude: 48.88 })), { qos: 1 });
    await eventually(() => state.detail('car-1')?.status === 'inUse', 'car-1 in use');
    const detail = state.detail('car-1');
    expect(detail?.kind === 'car' ? detail.state?.position : null).toMatchObject({ latitude: 48.88, speedKmh: 42 });
    await ingest.flush();
    const history = await test.db.query<{ channel: string; sequence: number | null }>(
      "select channel, sequence::int as sequence from telemetry where device_id = 'car-1' order by received_at",
    );
    expect(history.rows).toEqual([
      { channel: 'mqtt:connection', sequence: null },
      { channel: 'mqtt:state', sequence: 2 },
    ]);
  });

  it("refuses a car's publishing or subscribing to another car's topics", async () => {
    const client = await car('car-2', testSecret('car-2'));
    const granted = await client.subscribeAsync(carTopics.command('car-2'), { qos: 1 });
    expect(granted.map(({ qos }) => qos)).toEqual([1]);
    // Refused subscriptions are answered with failure code 128; the mqtt client reports them as errors.
    await expect(client.subscribeAsync([carTopics.command('car-3'), 'fleet/cars/+/state'], { qos: 1 })).rejects.toMatchObject({
      packet: { granted: [128, 128] },
    });
    expect(client.connected).toBe(true);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish(carTopics.state('car-3'), JSON.stringify(testCarState('car-3', 1)), { qos: 1 });
    await closed;
    expect(state.detail('car-3')?.lastSeenAt).toBeNull();
    await eventually(() => state.detail('car-2')?.isOnline === false, 'car-2 offline after the broker dropped it');
  });

  it("refuses a car that reuses another connected car's client id", async () => {
    const owner = await car('car-3', testSecret('car-3'));
    await eventually(() => state.detail('car-3')?.isOnline === true, 'car-3 online');
    await expect(car('car-2', testSecret('car-2'), { clientId: 'car-3' })).rejects.toMatchObject({ code: 2 });
    expect(owner.connected).toBe(true);
    await owner.endAsync();
    await eventually(() => state.detail('car-3')?.isOnline === false, 'car-3 offline');
  });

  it("publishes a car's will when its connection drops, and marks it offline", async () => {
    const will = { topic: carTopics.presence('car-1'), payload: Buffer.from(JSON.stringify({ deviceId: 'car-1', online: false })), qos: 1 as const, retain: true };
    const client = await car('car-1', testSecret('car-1'), { clientId: 'car-1-second', will });
    await client.publishAsync(carTopics.presence('car-1'), JSON.stringify({ deviceId: 'car-1', online: true }), { qos: 1, retain: true });
    await eventually(() => state.detail('car-1')?.isOnline === true, 'car-1 online');
    // Only this car's earlier connection (from the state test) and this one: drop both without a DISCONNECT.
    for (const open of clients.filter((candidate) => candidate.options.username === 'car-1')) open.stream.destroy();
    await eventually(() => state.detail('car-1')?.status === 'offline', 'car-1 offline');
    await ingest.flush();
    await eventually(async () => {
      await ingest.flush();
      const presence = await test.db.query<{ online: boolean }>(
        "select (payload ->> 'online')::boolean as online from telemetry where device_id = 'car-1' and channel = 'mqtt:presence' order by received_at",
      );
      return presence.rows.map((row) => row.online).join() === 'true,false';
    }, 'the will in history');
  });
});
