/**
 * device:history and device:timeline through the hub: messages go through the real ingest into history,
 * and a console asks for them over socket.io.
 */
import http from 'node:http';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_NAMESPACE } from '../../shared/console-api.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/console-api.js';
import { createIngest } from '../ingest/index.js';
import type { Ingest } from '../ingest/index.js';
import type { DeviceMessage, MessageBody } from '../ingest/message.js';
import { createStateCache } from '../state/index.js';
import type { StateCache } from '../state/index.js';
import { carStateMessage, createTestInventory, insertDevices, listenLocally, testCarState, testDevice } from '../state/test-support.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { attachConsoleHub } from './index.js';
import type { ConsoleHub } from './index.js';

type ConsoleClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const devices = [testDevice('car-1', 'car'), testDevice('cp-1', 'chargePoint')];
const MINUTE = 60_000;

describe.each(testEngines())('history calls through the hub on $name', (engine) => {
  let test: TestDatabase;
  let state: StateCache;
  let ingest: Ingest;
  let server: http.Server;
  let hub: ConsoleHub;
  let client: ConsoleClient;
  /** Ten minutes ago, to the minute: every message below is dated from here. */
  const startMs = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;

  let url = '';

  /** A charge point's message sent and received at `atMs`. */
  function chargePointMessage(atMs: number, messageId: string, body: MessageBody): DeviceMessage {
    return { deviceId: 'cp-1', kind: 'chargePoint', bootId: 'connection-1', sequence: null, messageId, receivedAtMs: atMs, deviceTime: new Date(atMs).toISOString(), ...body };
  }

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, devices);
    const inventory = createTestInventory(devices);
    state = createStateCache({ db: test.db, inventory, logger: silentLogger });
    await state.load();
    ingest = createIngest({ db: test.db, state, logger: silentLogger });
    server = http.createServer((_request, response) => response.writeHead(404).end());
    hub = attachConsoleHub({ server, state, db: test.db, inventory, tokens: { verifyToken: () => Promise.resolve({ id: 1, username: 'dispatch', role: 'dispatcher' }) }, logger: silentLogger, allowedOrigins: [] });
    const port = await listenLocally(server);

    const messages: DeviceMessage[] = [
      { deviceId: 'cp-1', kind: 'chargePoint', bootId: 'connection-1', sequence: null, receivedAtMs: startMs, deviceTime: null, channel: 'ocpp:connection', payload: { online: true } },
      chargePointMessage(startMs + 1000, 'boot', { channel: 'ocpp:BootNotification', payload: { chargePointVendor: 'IER', chargePointModel: 'Pillar', firmwareVersion: '2.4.1' } }),
      chargePointMessage(startMs + 2000, 'status-1', { channel: 'ocpp:StatusNotification', payload: { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: new Date(startMs + 2000).toISOString() } }),
      chargePointMessage(startMs + 3000, 'heartbeat', { channel: 'ocpp:Heartbeat', payload: {} }),
      chargePointMessage(startMs + 4 * MINUTE, 'status-2', { channel: 'ocpp:StatusNotification', payload: { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: new Date(startMs + 4 * MINUTE).toISOString() } }),
      ...[5, 6, 7].map((minute) =>
        chargePointMessage(startMs + minute * MINUTE, `meter-${minute}`, {
          channel: 'ocpp:MeterValues',
          payload: {
            connectorId: 1,
            meterValue: [{ timestamp: new Date(startMs + minute * MINUTE).toISOString(), sampledValue: [{ value: String(minute), unit: 'kWh' }, { value: '11', measurand: 'Power.Active.Import', unit: 'kW' }] }],
          },
        }),
      ),
    ];
    for (const message of messages) ingest.accept(message);
    for (let step = 0; step < 6; step++) {
      const atMs = startMs + step * MINUTE;
      ingest.accept(carStateMessage(testCarState('car-1', step + 1, { deviceTimeMs: atMs, speedKmh: step * 10, faults: step >= 4 ? ['tyre-pressure'] : [] }), atMs));
    }
    await ingest.flush();
    url = `http://127.0.0.1:${port}${CONSOLE_NAMESPACE}`;
    client = connect(url, { auth: { token: 'any' }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      client.once('fleet:snapshot', () => resolve());
      client.once('connect_error', reject);
    });
  });

  afterAll(async () => {
    client.disconnect();
    await hub.close();
    await new Promise((resolve) => server.close(resolve));
    await ingest.close();
    await state.close();
    await test.cleanup();
  });

  it("answers device:history with a car's readings, 300 buckets at most by default", async () => {
    const answer = await client.emitWithAck('device:history', { deviceId: 'car-1', fromMs: startMs, toMs: startMs + 6 * MINUTE });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value).toMatchObject({ deviceId: 'car-1', fromMs: startMs, toMs: startMs + 6 * MINUTE, bucketMs: 1200 });
    expect(answer.value.points.map((point) => [point.atMs - startMs, point.speedKmh, point.batteryPercent])).toEqual([0, 1, 2, 3, 4, 5].map((step) => [step * MINUTE, step * 10, 80]));
  });

  it("answers device:history with a charge point's energy and power", async () => {
    const answer = await client.emitWithAck('device:history', { deviceId: 'cp-1', fromMs: startMs, toMs: startMs + 10 * MINUTE, points: 10 });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.points).toEqual([5, 6, 7].map((minute) => ({ atMs: startMs + minute * MINUTE, batteryPercent: null, speedKmh: null, rangeKm: null, energyWh: minute * 1000, powerW: 11_000 })));
  });

  it('answers device:timeline with events newest first, and pages', async () => {
    const answer = await client.emitWithAck('device:timeline', { deviceId: 'cp-1' });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.events.map((event) => event.title)).toEqual(['Connector 1: Available → Charging', 'Connector 1: Available', 'Rebooted', 'Connected']);
    expect(answer.value.hasMore).toBe(false);
    const paged = await client.emitWithAck('device:timeline', { deviceId: 'cp-1', limit: 2, beforeMs: startMs + 4 * MINUTE });
    expect(paged).toMatchObject({ ok: true, value: { events: [{ title: 'Connector 1: Available' }, { title: 'Rebooted' }], hasMore: true } });
    const car = await client.emitWithAck('device:timeline', { deviceId: 'car-1', limit: 10 });
    if (!car.ok) throw new Error(car.error.message);
    expect(car.value.events.map((event) => event.title)).toContain('Fault: tyre-pressure');
    expect(car.value.events.find((event) => event.title === 'Fault: tyre-pressure')?.occurredAtMs).toBe(startMs + 4 * MINUTE);
  });

  it('refuses invalid requests with the reason, and unknown devices as notFound', async () => {
    const backwards = await client.emitWithAck('device:history', { deviceId: 'car-1', fromMs: startMs, toMs: startMs - 1 });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/device:history.*toMs must follow fromMs/);
    const tooMany = await client.emitWithAck('device:history', { deviceId: 'car-1', fromMs: 0, toMs: 1000, points: 5000 });
    expect(tooMany.ok ? '' : tooMany.error.message).toMatch(/points/);
    const tooLong = await client.emitWithAck('device:history', { deviceId: 'car-1', fromMs: 0, toMs: 40 * 24 * 3_600_000 });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const badLimit = await client.emitWithAck('device:timeline', { deviceId: 'car-1', limit: 0 });
    expect(badLimit.ok ? '' : badLimit.error.message).toMatch(/device:timeline.*limit/);
    expect(await client.emitWithAck('device:history', { deviceId: 'nope', fromMs: 0, toMs: 1000 })).toMatchObject({ ok: false, error: { code: 'notFound' } });
    expect(await client.emitWithAck('device:timeline', { deviceId: 'nope' })).toMatchObject({ ok: false, error: { code: 'notFound' } });
  });

  it('survives a call without a callback, and answers the next one', async () => {
    // Untyped, as a console outside the contract could send it.
    const stranger: Socket = connect(url, { auth: { token: 'any' }, transports: ['websocket'], reconnection: false, forceNew: true });
    stranger.emit('device:timeline', { deviceId: 'cp-1' });
    stranger.emit('device:history', { deviceId: 'cp-1', fromMs: 'yesterday' });
    expect(await stranger.emitWithAck('device:get', { deviceId: 'cp-1' })).toMatchObject({ ok: true, value: { id: 'cp-1', firmwareVersion: '2.4.1' } });
    stranger.disconnect();
  });
});
