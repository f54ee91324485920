import mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarCommand, CarCommandAck } from '../../shared/car-commands.js';
import { carTopics } from '../../shared/car-protocol.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createIngest } from '../ingest/index.js';
import type { Ingest } from '../ingest/index.js';
import { createStateCache } from '../state/index.js';
import type { StateCache } from '../state/index.js';
import { createTestInventory, eventually, insertDevices, testCarState, testDevice, testSecret } from '../state/test-support.js';
import { createAuthGuard } from './auth-guard.js';
import type { CarGateway } from './car-gateway.js';
import { startMqttBroker } from './mqtt.js';
import { startTestCarGateway, testBrokers, uniqueCarPrefix } from './test-brokers.js';
import type { TestCarGateway } from './test-brokers.js';

const combinations = testBrokers().flatMap((broker) => testEngines().map((engine) => ({ broker, engine })));

describe.each(combinations)('cars over the $broker.name broker, on $engine.name', ({ broker, engine }) => {
  // Cars of their own per run: a Mosquitto may be shared by several runs.
  const prefix = uniqueCarPrefix();
  const [car1, car2, car3, car4] = [`${prefix}-1`, `${prefix}-2`, `${prefix}-3`, `${prefix}-4`] as const;
  const devices = [car1, car2, car3, car4].map((id) => testDevice(id, 'car')).concat(testDevice('cp-1', 'chargePoint'));
  let test: TestDatabase;
  let state: StateCache;
  let ingest: Ingest;
  let started: TestCarGateway;
  let gateway: CarGateway;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, devices);
    const inventory = createTestInventory(devices);
    state = createStateCache({ db: test.db, inventory, logger: silentLogger });
    await state.load();
    ingest = createIngest({ db: test.db, state, logger: silentLogger });
    const cars = [car1, car2, car3, car4].map((carId) => ({ carId, secret: testSecret(carId) }));
    started = await startTestCarGateway(broker, { inventory, ingest, state, logger: silentLogger, cars });
    gateway = started.gateway;
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await started.close();
    await ingest.close();
    await state.close();
    await test.cleanup();
  });

  /** A car as the simulator connects one: the mqtt client (MQTT 3.1.1), its id as username and client id. */
  async function car(carId: string, secret: string, extra: IClientOptions = {}): Promise<MqttClient> {
    const client = await mqtt.connectAsync(gateway.url, { clientId: carId, username: carId, password: secret, reconnectPeriod: 0, connectTimeout: 5000, ...extra });
    clients.push(client);
    return client;
  }

  async function refusalCode(carId: string, secret: string, extra: IClientOptions = {}): Promise<unknown> {
    try {
      await car(carId, secret, extra);
    } catch (error) {
      return error instanceof Error && 'code' in error ? error.code : error;
    }
    return 'connected';
  }

  const presence = (carId: string, online: boolean) => JSON.stringify({ deviceId: carId, online });

  it("refuses unknown cars, wrong secrets, charge points, and another car's client id", async () => {
    const { refusals } = broker;
    expect(await refusalCode(car1, 'wrong-secret')).toBe(refusals.credentials);
    expect(await refusalCode(`${prefix}-unknown`, 'whatever')).toBe(refusals.credentials);
    expect(await refusalCode('cp-1', testSecret('cp-1'))).toBe(refusals.credentials);
    const owner = await car(car4, testSecret(car4));
    expect(await refusalCode(car2, testSecret(car2), { clientId: car4 })).toBe(refusals.clientId);
    expect(owner.connected).toBe(true);
    await owner.endAsync();
    expect(state.detail(car1)?.isOnline).toBe(false);
  });

  it('takes a car state into the state cache and history, and counts and drops invalid ones without disconnecting', async () => {
    const client = await car(car1, testSecret(car1));
    await client.publishAsync(carTopics.presence(car1), presence(car1, true), { qos: 1, retain: true });
    await eventually(() => state.detail(car1)?.isOnline === true, 'car 1 online');
    await client.publishAsync(carTopics.state(car1), 'not json', { qos: 1 });
    await client.publishAsync(carTopics.state(car1), JSON.stringify({ ...testCarState(car1, 1), batteryPercent: 140 }), { qos: 1 });
    // The id inside must match the topic's.
    await client.publishAsync(carTopics.state(car1), JSON.stringify(testCarState(car2, 1)), { qos: 1 });
    await eventually(() => gateway.stats().invalidMessages === 3, 'three invalid messages counted');
    expect(client.connected).toBe(true);

    await client.publishAsync(carTopics.state(car1), JSON.stringify(testCarState(car1, 2, { speedKmh: 42, latitude: 48.88 })), { qos: 1 });
    await eventually(() => state.detail(car1)?.status === 'inUse', 'car 1 in use');
    const detail = state.detail(car1);
    expect(detail?.kind === 'car' ? detail.state?.position : null).toMatchObject({ latitude: 48.88, speedKmh: 42 });
    await ingest.flush();
    const history = await test.db.query<{ sequence: number | null }>(
      "select sequence::int as sequence from telemetry where device_id = $1 and channel = 'mqtt:state' order by received_at",
      [car1],
    );
    expect(history.rows).toEqual([{ sequence: 2 }]);
    expect(gateway.stats().invalidMessages).toBe(3);
  });

  it("refuses a car's publishing or subscribing to another car's topics", async () => {
    const client = await car(car2, testSecret(car2));
    const granted = await client.subscribeAsync(carTopics.command(car2), { qos: 1 });
    expect(granted.map(({ qos }) => qos)).toEqual([1]);
    // Refused subscriptions are answered with failure code 128; the mqtt client reports them as errors.
    await expect(client.subscribeAsync([carTopics.command(car3), 'fleet/cars/+/state'], { qos: 1 })).rejects.toMatchObject({
      packet: { granted: [128, 128] },
    });
    expect(client.connected).toBe(true);

    const closed = new Promise<'closed'>((resolve) => client.once('close', () => resolve('closed')));
    const acknowledged = client.publishAsync(carTopics.state(car3), JSON.stringify(testCarState(car3, 1)), { qos: 1 }).then(
      () => 'acknowledged' as const,
      () => closed,
    );
    expect(await Promise.race([closed, acknowledged])).toBe(broker.refusals.foreignPublish);
    // Whatever came through the broker before this car's next state has been read by now.
    const again = await car(car2, testSecret(car2));
    await again.publishAsync(carTopics.state(car2), JSON.stringify(testCarState(car2, 1, { speedKmh: 10 })), { qos: 1 });
    await eventually(() => state.detail(car2)?.status === 'inUse', 'car 2 in use');
    expect(state.detail(car3)?.lastSeenAt).toBeNull();
  });

  it("publishes a car's will when its connection drops, and marks it offline", async () => {
    const will = { topic: carTopics.presence(car4), payload: Buffer.from(presence(car4, false)), qos: 1 as const, retain: true };
    const client = await car(car4, testSecret(car4), { will });
    await client.publishAsync(carTopics.presence(car4), presence(car4, true), { qos: 1, retain: true });
    await eventually(() => state.detail(car4)?.isOnline === true, 'car 4 online');
    // Dropped without a DISCONNECT, as when a car loses its network.
    client.stream.destroy();
    await eventually(() => state.detail(car4)?.status === 'offline', 'car 4 offline');
    await eventually(async () => {
      await ingest.flush();
      const rows = await test.db.query<{ online: boolean }>(
        "select (payload ->> 'online')::boolean as online from telemetry where device_id = $1 and channel = 'mqtt:presence' order by received_at",
        [car4],
      );
      return rows.rows.map((row) => row.online).join() === 'true,false';
    }, 'the presence and the will in history');
  });

  it("carries a command to its car, not retained, and the cars' answers back, each for the car of its topic", async () => {
    const client = await car(car2, testSecret(car2));
    await client.subscribeAsync(carTopics.command(car2), { qos: 1 });
    const received = new Promise<unknown>((resolve) => client.once('message', (topic, payload, packet) => resolve({ topic, command: JSON.parse(payload.toString()), qos: packet.qos, retain: packet.retain })));
    // The broker carries commands as they are: checking them is the car's part.
    const command: CarCommand = { commandId: 'command-1', type: 'locate', params: {}, issuedAt: new Date().toISOString(), nonce: 'A'.repeat(22), signature: 'A'.repeat(86) };
    await gateway.publishCommand(car2, command);
    expect(await received).toEqual({ topic: carTopics.command(car2), command, qos: 1, retain: false });

    const heard: [string, CarCommandAck][] = [];
    const stop = gateway.onCommandAck((carId, ack) => heard.push([carId, ack]));
    const invalidBefore = gateway.stats().invalidMessages;
    const accepted: CarCommandAck = { commandId: command.commandId, status: 'accepted', at: new Date().toISOString() };
    const forged: CarCommandAck = { ...accepted, status: 'rejected', reason: 'forged' };
    await client.publishAsync(carTopics.commandAck(car2), JSON.stringify(accepted), { qos: 1 });
    const other = await car(car4, testSecret(car4));
    await other.publishAsync(carTopics.commandAck(car4), JSON.stringify(forged), { qos: 1 });
    await client.publishAsync(carTopics.commandAck(car2), 'not json', { qos: 1 });
    await client.publishAsync(carTopics.commandAck(car2), JSON.stringify({ ...accepted, status: 'maybe' }), { qos: 1 });
    await eventually(() => gateway.stats().invalidMessages === invalidBefore + 2, 'the two malformed answers counted');
    stop();
    expect(heard).toEqual([
      [car2, accepted],
      [car4, forged],
    ]);
    expect(client.connected).toBe(true);
  });

  it('disconnects a car whose device is removed', async () => {
    const client = await car(car1, testSecret(car1));
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await client.publishAsync(carTopics.presence(car1), presence(car1, true), { qos: 1, retain: true });
    await gateway.removeCars([car1]);
    await closed;
  });
});

describe('the embedded broker under repeated failed logins', () => {
  let test: TestDatabase;
  let state: StateCache;
  let ingest: Ingest;
  let broker: Awaited<ReturnType<typeof startMqttBroker>>;
  let nowMs = Date.parse('2026-01-01T00:00:00Z');

  beforeAll(async () => {
    const devices = [testDevice('car-guarded', 'car')];
    test = await openTestDatabase({ name: 'pglite', databaseUrl: null });
    await insertDevices(test.db, devices);
    const inventory = createTestInventory(devices);
    state = createStateCache({ db: test.db, inventory, logger: silentLogger });
    await state.load();
    ingest = createIngest({ db: test.db, state, logger: silentLogger });
    const authGuard = createAuthGuard({ now: () => nowMs, freeFailures: 2, baseDelayMs: 10_000, maxDelayMs: 60_000 });
    broker = await startMqttBroker({ host: '127.0.0.1', port: 0, inventory, ingest, state, logger: silentLogger, authGuard });
  });

  afterAll(async () => {
    await broker.close();
    await ingest.close();
    await state.close();
    await test.cleanup();
  });

  async function connackCode(secret: string): Promise<unknown> {
    try {
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: 'car-guarded', username: 'car-guarded', password: secret, reconnectPeriod: 0, connectTimeout: 5000 });
      await client.endAsync(true);
      return 'connected';
    } catch (error) {
      return error instanceof Error && 'code' in error ? error.code : error;
    }
  }

  it('slows down an address that keeps failing, even with the right secret, until its wait is over', async () => {
    expect(await connackCode('wrong-1')).toBe(4);
    expect(await connackCode('wrong-2')).toBe(4);
    expect(await connackCode('wrong-3')).toBe(4);
    expect(await connackCode(testSecret('car-guarded'))).toBe(3);
    nowMs += 60_001;
    expect(await connackCode(testSecret('car-guarded'))).toBe('connected');
  });
});
