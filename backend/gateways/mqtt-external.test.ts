import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carTopics } from '../../shared/car-protocol.js';
import { demoDeviceSecret } from '../../shared/demo-secrets.js';
import { defaultConfig } from '../config.js';
import { createIngest } from '../ingest/index.js';
import type { Ingest } from '../ingest/index.js';
import { startBackend } from '../server.js';
import { createStateCache } from '../state/index.js';
import type { StateCache } from '../state/index.js';
import { createTestInventory, eventually, insertDevices, testCarState, testDevice } from '../state/test-support.js';
import { openTestDatabase, silentLogger } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { parseBrokerUrl, startExternalCarGateway } from './mqtt-external.js';
import type { ExternalCarGateway } from './mqtt-external.js';
import { adminUrl, mosquittoBrokers, uniqueCarPrefix } from './test-brokers.js';

describe('MQTT_URL', () => {
  it("takes the admin's credentials from the URL and keeps them out of the broker's address", () => {
    expect(parseBrokerUrl('mqtt://fleet%40admin:p%3Ass@broker.example:1884')).toEqual({
      brokerUrl: 'mqtt://broker.example:1884',
      port: 1884,
      username: 'fleet@admin',
      password: 'p:ss',
    });
    expect(parseBrokerUrl('mqtts://admin:secret@broker.example').port).toBe(8883);
    expect(() => parseBrokerUrl('mqtt://broker.example:1883')).toThrow(/credentials/);
    expect(() => parseBrokerUrl('http://admin:secret@broker.example')).toThrow(/mqtt:\/\//);
  });
});

describe.each(mosquittoBrokers())('an external Mosquitto', (broker) => {
  const prefix = uniqueCarPrefix();
  const carIds = [`${prefix}-1`, `${prefix}-2`, `${prefix}-3`] as const;
  const devices = carIds.map((id) => testDevice(id, 'car'));
  let test: TestDatabase;
  let state: StateCache;
  let ingest: Ingest;
  const clients: MqttClient[] = [];
  const gateways: ExternalCarGateway[] = [];

  beforeAll(async () => {
    test = await openTestDatabase({ name: 'pglite', databaseUrl: null });
    await insertDevices(test.db, devices);
    state = createStateCache({ db: test.db, inventory: createTestInventory(devices), logger: silentLogger });
    await state.load();
    ingest = createIngest({ db: test.db, state, logger: silentLogger });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    const cleaner = await startGateway();
    await cleaner.removeCars(carIds);
    for (const gateway of gateways) await gateway.close();
    await ingest.close();
    await state.close();
    await test.cleanup();
  });

  async function startGateway(options: Partial<Parameters<typeof startExternalCarGateway>[0]> = {}): Promise<ExternalCarGateway> {
    const gateway = await startExternalCarGateway({ url: adminUrl(broker), ingest, logger: silentLogger, shareGroup: prefix, ...options });
    gateways.push(gateway);
    return gateway;
  }

  async function car(carId: string, secret: string, extra: IClientOptions = {}): Promise<MqttClient> {
    const client = await mqtt.connectAsync(broker.url, { clientId: carId, username: carId, password: secret, reconnectPeriod: 0, connectTimeout: 5000, ...extra });
    clients.push(client);
    return client;
  }

  async function refusalCode(carId: string, secret: string): Promise<unknown> {
    return car(carId, secret).then(
      () => 'connected',
      (error: unknown) => (error instanceof Error && 'code' in error ? error.code : error),
    );
  }

  it('refuses to start with a wrong admin password', async () => {
    const wrongPassword = new URL(adminUrl(broker));
    wrongPassword.password = 'wrong';
    await expect(startGateway({ url: wrongPassword.toString() })).rejects.toThrow(/refused/);
  });

  it("leaves an unchanged car connected, replaces a rotated secret, and removes a removed car's login", async () => {
    const gateway = await startGateway();
    const [carId] = carIds;
    expect(await gateway.syncCars([{ carId, secret: 'first secret' }])).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const client = await car(carId, 'first secret');
    expect(await gateway.syncCars([{ carId, secret: 'first secret' }])).toEqual({ created: 0, updated: 0, unchanged: 1 });
    // A publish answered after the sync proves the connection outlived it.
    await client.publishAsync(carTopics.presence(carId), JSON.stringify({ deviceId: carId, online: true }), { qos: 1 });
    expect(client.connected).toBe(true);

    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    expect(await gateway.syncCars([{ carId, secret: 'second secret' }])).toEqual({ created: 0, updated: 1, unchanged: 0 });
    await closed;
    expect(await refusalCode(carId, 'first secret')).toBe(5);
    expect(await refusalCode(carId, 'second secret')).toBe('connected');

    await gateway.removeCars([carId]);
    expect(await refusalCode(carId, 'second secret')).toBe(5);
    await expect(gateway.syncCars([{ carId: 'fleet/cars/#', secret: 'x' }])).rejects.toThrow(/topic level/);
  });

  it('reconciles the known cars at start, and a restarted backend leaves them connected', async () => {
    const known = carIds.slice(1).map((carId) => ({ carId, secret: `secret of ${carId}` }));
    const first = await startGateway({ knownCars: () => known });
    expect(await first.reconciled).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const carId = carIds[1];
    const client = await car(carId, `secret of ${carId}`);
    await first.close();

    const second = await startGateway({ knownCars: () => known });
    expect(await second.reconciled).toEqual({ created: 0, updated: 0, unchanged: 2 });
    await client.publishAsync(carTopics.state(carId), JSON.stringify(testCarState(carId, 1, { speedKmh: 20 })), { qos: 1 });
    expect(client.connected).toBe(true);
    await eventually(() => state.detail(carId)?.status === 'inUse', 'the state read by the restarted backend');
  });

  it("splits the cars' messages between backend nodes of one group", async () => {
    const [carId] = carIds;
    const shareGroup = uniqueCarPrefix();
    const nodes = [await startGateway({ shareGroup }), await startGateway({ shareGroup })];
    await nodes[0]?.syncCars([{ carId, secret: 'node test' }]);
    const client = await car(carId, 'node test');
    for (let index = 0; index < 20; index += 1) await client.publishAsync(carTopics.state(carId), `not a state ${index}`, { qos: 1 });
    const counts = () => nodes.map((node) => node.stats().invalidMessages);
    await eventually(() => counts().reduce((sum, count) => sum + count, 0) === 20, 'every message read once');
    expect(Math.min(...counts())).toBeGreaterThan(0);
  });
});

describe.each(mosquittoBrokers())('a backend with MQTT_URL', (broker) => {
  let dataDir = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-external-mqtt-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("gives the demo cars broker logins, and a car's presence and will set it online and offline", async () => {
    const config = defaultConfig({ host: '127.0.0.1', port: 0, mqttPort: 0, dataDir, databaseUrl: null, consoleDir: join(dataDir, 'none'), demoStations: 2, demoCars: 2, demoChargePoints: 2, mqttUrl: adminUrl(broker) });
    const backend = await startBackend(config, silentLogger, { announce: () => undefined, environment: {} });
    const carIds = ['car-00001', 'car-00002'];
    let client: MqttClient | undefined;
    try {
      expect(backend.cars.url).toBe(broker.url);
      const fleetKey = backend.demoFleet?.fleetKey ?? '';
      const carId = 'car-00001';
      const will = { topic: carTopics.presence(carId), payload: Buffer.from(JSON.stringify({ deviceId: carId, online: false })), qos: 1 as const, retain: true };
      const options = { clientId: carId, username: carId, password: demoDeviceSecret(fleetKey, carId), reconnectPeriod: 0, will };
      // The demo cars' logins are made in the background after the start.
      await eventually(async () => {
        client = await mqtt.connectAsync(broker.url, options).catch(() => undefined);
        return client !== undefined;
      }, 'the demo car accepted', 20_000);
      const online = async (count: number) => {
        const health: unknown = await (await fetch(`${backend.httpUrl}/health`)).json();
        return typeof health === 'object' && health !== null && 'devices' in health && JSON.stringify(health.devices).includes(`"online":${count}`);
      };
      await client?.publishAsync(carTopics.presence(carId), JSON.stringify({ deviceId: carId, online: true }), { qos: 1, retain: true });
      await eventually(() => online(1), 'the car online');
      client?.stream.destroy();
      await eventually(() => online(0), 'the car offline by its will');
    } finally {
      await client?.endAsync(true);
      await backend.cars.removeCars(carIds);
      await backend.close();
    }
  });
});
