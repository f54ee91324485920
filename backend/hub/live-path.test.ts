/**
 * The whole live path on one HTTP server, as server.ts composes it: a charge point over OCPP and a car
 * over MQTT reach a console over socket.io, and OCPP upgrades and socket.io share the server.
 */
import http from 'node:http';
import mqtt from 'mqtt';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carTopics } from '../../shared/car-protocol.js';
import { CONSOLE_NAMESPACE } from '../../shared/console-api.js';
import type { ClientToServerEvents, FleetDelta, FleetSnapshot, ServerToClientEvents } from '../../shared/console-api.js';
import { unpackColumns } from '../../shared/fleet-columns.js';
import { statusFromCode } from '../../shared/fleet.js';
import type { DeviceStatus } from '../../shared/fleet.js';
import { attachOcppGateway } from '../gateways/ocpp.js';
import { chargePoint as ocppChargePoint } from '../gateways/ocpp/test-support.js';
import { startMqttBroker } from '../gateways/mqtt.js';
import { createIngest } from '../ingest/index.js';
import { createStateCache } from '../state/index.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import {
  createTestInventory,
  eventually,
  insertDevices,
  listenLocally,
  testCarState,
  testDevice,
  testSecret,
} from '../state/test-support.js';
import { attachConsoleHub } from './index.js';

const devices = [testDevice('cp-1', 'chargePoint'), testDevice('car-1', 'car')];
const logger = silentLogger;

function statusIn(delta: FleetDelta, index: number): DeviceStatus | undefined {
  const columns = unpackColumns(delta.columns);
  const row = Array.from(columns.index).indexOf(index);
  return row < 0 ? undefined : statusFromCode(columns.status[row] ?? 0);
}

describe.each(testEngines())('the live path on $name', (engine) => {
  let test: TestDatabase;
  const closers: Array<() => Promise<unknown>> = [];
  let port = 0;
  let mqttPort = 0;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    const { db } = test;
    await insertDevices(db, devices);
    const inventory = createTestInventory(devices);
    const state = createStateCache({ db, inventory, logger });
    await state.load();
    const ingest = createIngest({ db, state, logger });
    const server = http.createServer((_request, response) => response.writeHead(404).end());
    const ocpp = await attachOcppGateway({ server, db, inventory, ingest, state, logger });
    const broker = await startMqttBroker({ host: '127.0.0.1', port: 0, inventory, ingest, state, logger });
    const hub = attachConsoleHub({ server, state, db, inventory, tokens: { verifyToken: () => Promise.resolve({ id: 1, username: 'admin', role: 'admin' }) }, logger, allowedOrigins: [] });
    port = await listenLocally(server);
    mqttPort = broker.port;
    // Shutdown order: stop taking messages, then flush what was received.
    closers.push(() => ocpp.close(), () => broker.close(), () => hub.close(), () => new Promise((resolve) => server.close(resolve)));
    closers.push(() => ingest.close(), () => state.close(), () => test.cleanup());
  });

  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('brings a charge point and a car from their protocols to a console', async () => {
    const fleetConsole: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`http://127.0.0.1:${port}${CONSOLE_NAMESPACE}`, {
      auth: { token: 'any' },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const snapshots: FleetSnapshot[] = [];
    const deltas: FleetDelta[] = [];
    fleetConsole.on('fleet:snapshot', (snapshot) => snapshots.push(snapshot));
    fleetConsole.on('fleet:delta', (delta) => deltas.push(delta));
    await eventually(() => snapshots.length === 1, 'the snapshot');

    const chargePoint = ocppChargePoint(`ws://127.0.0.1:${port}/ocpp`, 'cp-1');
    await chargePoint.connect();
    await chargePoint.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await eventually(() => deltas.some((delta) => statusIn(delta, 0) === 'charging'), 'the charge point charging on the console');

    const car = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { clientId: 'car-1', username: 'car-1', password: testSecret('car-1'), reconnectPeriod: 0 });
    await car.publishAsync(carTopics.state('car-1'), JSON.stringify(testCarState('car-1', 1, { speedKmh: 35 })), { qos: 1 });
    await eventually(() => deltas.some((delta) => statusIn(delta, 1) === 'inUse'), 'the car in use on the console');

    const versions = deltas.map((delta) => delta.version);
    expect(versions).toEqual(versions.map((_, step) => (snapshots[0]?.version ?? 0) + step + 1));
    await car.endAsync();
    await chargePoint.close();
    fleetConsole.disconnect();
  });
});
