/** The ingest rules through the real transport: the `mqtt` client as the car, the embedded broker, the router. */
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carTopics } from '../../shared/car-protocol.js';
import type { CarBacklog } from '../../shared/car-protocol.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createIngest } from '../ingest/index.js';
import type { Ingest } from '../ingest/index.js';
import { createStateCache } from '../state/index.js';
import type { StateCache } from '../state/index.js';
import { createTestInventory, eventually, insertDevices, testCarState, testDevice, testSecret } from '../state/test-support.js';
import { startMqttBroker } from './mqtt.js';
import type { MqttBroker } from './mqtt.js';

const devices = [testDevice('car-1', 'car'), testDevice('car-2', 'car')];
const START = Date.now();

describe.each(testEngines())('car messages through the embedded broker on $name', (engine) => {
  let test: TestDatabase;
  let state: StateCache;
  let ingest: Ingest;
  let broker: MqttBroker;
  let client: MqttClient;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, devices);
    const inventory = createTestInventory(devices);
    state = createStateCache({ db: test.db, inventory, logger: silentLogger });
    await state.load();
    ingest = createIngest({ db: test.db, state, logger: silentLogger });
    broker = await startMqttBroker({ host: '127.0.0.1', port: 0, inventory, ingest, state, logger: silentLogger });
    client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: 'car-1', username: 'car-1', password: testSecret('car-1'), reconnectPeriod: 0 });
  });

  afterAll(async () => {
    await client.endAsync(true);
    await broker.close();
    await ingest.close();
    await state.close();
    await test.cleanup();
  });

  const sequences = async (): Promise<number[]> => {
    await ingest.flush();
    const { rows } = await test.db.query<{ sequence: number }>(
      "select sequence::int as sequence from telemetry where device_id = 'car-1' and channel = 'mqtt:state' order by occurred_at, sequence",
    );
    return rows.map((row) => row.sequence);
  };
  const currentSequence = () => {
    const detail = state.detail('car-1');
    return detail?.kind === 'car' ? detail.state?.sequence : undefined;
  };

  it('records a re-published state once and keeps a late one out of the current state', async () => {
    const now = START;
    const message = JSON.stringify(testCarState('car-1', 100, { deviceTimeMs: now }));
    await client.publishAsync(carTopics.state('car-1'), message, { qos: 1 });
    await client.publishAsync(carTopics.state('car-1'), message, { qos: 1 });
    await client.publishAsync(carTopics.state('car-1'), JSON.stringify(testCarState('car-1', 99, { deviceTimeMs: now - 5000, speedKmh: 30 })), { qos: 1 });
    await eventually(() => ingest.stats().accepted >= 4, 'the messages at ingest');
    expect(await sequences()).toEqual([99, 100]);
    expect(ingest.stats().duplicates).toBe(1);
    expect(currentSequence()).toBe(100);
    expect(state.detail('car-1')?.status).toBe('available');
  });

  it('takes a backlog published on the history topic in order, and refuses one that speaks for another car', async () => {
    // Fifty states from the car park, sent oldest first but shuffled on the way: the router sorts them.
    const states = Array.from({ length: 50 }, (_, index) => testCarState('car-1', 101 + index, { deviceTimeMs: START + (index + 1) * 100 }));
    const backlog: CarBacklog = { deviceId: 'car-1', states: [...states.slice(25), ...states.slice(0, 25)] };
    await client.publishAsync(carTopics.history('car-1'), JSON.stringify(backlog), { qos: 1 });
    await eventually(() => currentSequence() === 150, 'the newest backlog state current');
    expect(await sequences()).toEqual([99, ...Array.from({ length: 51 }, (_, index) => 100 + index)]);

    const invalidBefore = broker.stats().invalidMessages;
    const impostor: CarBacklog = { deviceId: 'car-1', states: [testCarState('car-2', 1)] };
    await client.publishAsync(carTopics.history('car-1'), JSON.stringify(impostor), { qos: 1 });
    await client.publishAsync(carTopics.history('car-1'), JSON.stringify({ deviceId: 'car-1', states: [] }), { qos: 1 });
    expect(broker.stats().invalidMessages).toBe(invalidBefore + 2);
    expect(client.connected).toBe(true);
    expect(state.detail('car-2')?.lastSeenAt).toBeNull();
  });
});
