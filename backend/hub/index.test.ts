import http from 'node:http';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransactions } from '../gateways/ocpp/transactions.js';
import { CONSOLE_NAMESPACE, DELTA_WINDOW_MS } from '../../shared/console-api.js';
import type { ClientToServerEvents, FleetDelta, FleetSnapshot, OperatorIdentity, ServerToClientEvents } from '../../shared/console-api.js';
import { catalogueDevices, decodeCatalogue } from '../../shared/fleet-catalogue.js';
import { unpackColumns } from '../../shared/fleet-columns.js';
import { statusFromCode } from '../../shared/fleet.js';
import type { TokenVerifier } from '../operators/types.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createStateCache } from '../state/index.js';
import type { StateCache } from '../state/index.js';
import {
  carStateMessage,
  createTestInventory,
  eventually,
  insertDevices,
  listenLocally,
  testCarState,
  testDevice,
} from '../state/test-support.js';
import type { TestInventory } from '../state/test-support.js';
import { attachConsoleHub } from './index.js';
import type { ConsoleHub } from './index.js';

function devicesOf(snapshot: FleetSnapshot) {
  return catalogueDevices(decodeCatalogue(snapshot.catalogue));
}

type ConsoleClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const devices = [testDevice('car-1', 'car'), testDevice('car-2', 'car'), testDevice('cp-1', 'chargePoint'), testDevice('cp-2', 'chargePoint', 'st-2')];
const operator: OperatorIdentity = { id: 7, username: 'dispatch', role: 'dispatcher' };
const tokens: TokenVerifier = { verifyToken: (token) => Promise.resolve(token === 'good-token' ? operator : undefined) };

describe.each(testEngines())('console hub on $name', (engine) => {
  let test: TestDatabase;
  let inventory: TestInventory;
  let state: StateCache;
  let server: http.Server;
  let hub: ConsoleHub;
  let url: string;
  const sockets: ConsoleClient[] = [];

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, [...devices, testDevice('car-3', 'car')]);
    inventory = createTestInventory(devices);
    state = createStateCache({ db: test.db, inventory, logger: silentLogger });
    await state.load();
    server = http.createServer((_request, response) => response.writeHead(404).end());
    hub = attachConsoleHub({ server, state, db: test.db, inventory, tokens, logger: silentLogger, allowedOrigins: [] });
    url = `http://127.0.0.1:${await listenLocally(server)}${CONSOLE_NAMESPACE}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await hub.close();
    await new Promise((resolve) => server.close(resolve));
    await state.close();
    await test.cleanup();
  });

  interface Received {
    readonly socket: ConsoleClient;
    /** Every push's name, in arrival order. */
    readonly names: string[];
    readonly snapshots: FleetSnapshot[];
    readonly deltas: FleetDelta[];
    readonly deltaArrivalsMs: number[];
  }

  /** A console as the renderer connects one; every push it receives is written down. */
  function consoleClient(auth: Record<string, unknown>): Received {
    const socket: ConsoleClient = connect(url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const received: Received = { socket, names: [], snapshots: [], deltas: [], deltaArrivalsMs: [] };
    socket.on('session:identity', (identity) => {
      received.names.push('session:identity');
      expect(identity).toEqual(operator);
    });
    socket.on('fleet:snapshot', (snapshot) => {
      received.names.push('fleet:snapshot');
      received.snapshots.push(snapshot);
    });
    socket.on('fleet:delta', (delta) => {
      received.names.push('fleet:delta');
      received.deltas.push(delta);
      received.deltaArrivalsMs.push(Date.now());
    });
    return received;
  }

  function refusal(auth: Record<string, unknown>): Promise<{ message: string; data: unknown }> {
    const { socket } = consoleClient(auth);
    return new Promise((resolve, reject) => {
      socket.on('connect', () => reject(new Error('connected without a valid token')));
      socket.on('connect_error', (error) => resolve({ message: error.message, data: 'data' in error ? error.data : undefined }));
    });
  }

  async function firstSnapshot(received: Received): Promise<FleetSnapshot> {
    await eventually(() => received.snapshots.length > 0, 'a snapshot');
    const [snapshot] = received.snapshots;
    if (!snapshot) throw new Error('no snapshot');
    return snapshot;
  }

  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('refuses a console without a token or with a bad one, with a clear error', async () => {
    const missing = await refusal({});
    expect(missing.message).toMatch(/token/);
    expect(missing.data).toEqual({ code: 'unauthenticated' });
    const bad = await refusal({ token: 'stolen' });
    expect(bad.message).toMatch(/invalid or has expired/);
  });

  it('sends the identity, then a snapshot that holds every device', async () => {
    state.apply(carStateMessage(testCarState('car-2', 1, { speedKmh: 20, latitude: 48.91 })));
    const received = consoleClient({ token: 'good-token' });
    const snapshot = await firstSnapshot(received);
    expect(received.names).toEqual(['session:identity', 'fleet:snapshot']);
    expect(devicesOf(snapshot).map((device) => device.id)).toEqual(devices.map((device) => device.id));
    expect(devicesOf(snapshot)[0]).toMatchObject({ kind: 'car', stationId: 'st-1', label: devices[0]?.plate });
    const columns = unpackColumns(snapshot.columns);
    expect(Array.from(columns.index)).toEqual([0, 1, 2, 3]);
    expect(statusFromCode(columns.status[1] ?? 9)).toBe('inUse');
    expect(columns.latitude[1]).toBeCloseTo(48.91, 4);
    expect(statusFromCode(columns.status[2] ?? 9)).toBe('offline');
    received.socket.disconnect();
  });

  it('sends a change as one coalesced delta within a window, version + 1', async () => {
    const received = consoleClient({ token: 'good-token' });
    const snapshot = await firstSnapshot(received);
    await wait(DELTA_WINDOW_MS + 20);
    const changedAtMs = Date.now();
    state.apply(carStateMessage(testCarState('car-1', 1, { speedKmh: 10 })));
    state.apply(carStateMessage(testCarState('car-1', 2, { plugged: true, charging: true })));
    state.apply({ deviceId: 'cp-2', kind: 'chargePoint', receivedAtMs: Date.now(), deviceTime: null, bootId: null, sequence: null, channel: 'ocpp:connection', payload: { online: true } });
    await eventually(() => received.deltas.length > 0, 'a delta');
    const [delta] = received.deltas;
    expect((received.deltaArrivalsMs[0] ?? Number.POSITIVE_INFINITY) - changedAtMs).toBeLessThanOrEqual(DELTA_WINDOW_MS + 50);
    expect(delta).toMatchObject({ epoch: snapshot.epoch, version: snapshot.version + 1 });
    const columns = unpackColumns(delta?.columns ?? new Uint8Array());
    // Each device once, in its latest state.
    expect(Array.from(columns.index)).toEqual([0, 3]);
    expect(statusFromCode(columns.status[0] ?? 9)).toBe('charging');
    expect(statusFromCode(columns.status[1] ?? 9)).toBe('available');
    await wait(DELTA_WINDOW_MS * 2);
    expect(received.deltas).toHaveLength(1);
    received.socket.disconnect();
  });

  it('replays exactly the missed deltas to a console that comes back with its epoch and version', async () => {
    const first = consoleClient({ token: 'good-token' });
    const snapshot = await firstSnapshot(first);
    first.socket.disconnect();
    for (let sequence = 10; sequence < 13; sequence++) {
      state.apply(carStateMessage(testCarState('car-2', sequence, { speedKmh: sequence })));
      await eventually(() => hub.position().version === snapshot.version + sequence - 9, `delta for sequence ${sequence}`);
    }

    const back = consoleClient({ token: 'good-token', epoch: snapshot.epoch, version: snapshot.version });
    await eventually(() => back.deltas.length === 3, 'three replayed deltas');
    await wait(50);
    expect(back.names).toEqual(['session:identity', 'fleet:delta', 'fleet:delta', 'fleet:delta']);
    const replayed = back.deltas;
    expect(replayed.map((delta) => delta.version)).toEqual([1, 2, 3].map((step) => snapshot.version + step));
    expect(unpackColumns(replayed[2]?.columns ?? new Uint8Array()).speedKmh[0]).toBe(12);

    const upToDate = consoleClient({ token: 'good-token', epoch: snapshot.epoch, version: snapshot.version + 3 });
    await eventually(() => upToDate.names.length > 0, 'the identity');
    await wait(50);
    expect(upToDate.names).toEqual(['session:identity']);

    const otherEpoch = consoleClient({ token: 'good-token', epoch: 'an-old-epoch', version: snapshot.version });
    expect((await firstSnapshot(otherEpoch)).version).toBe(snapshot.version + 3);
    for (const received of [back, upToDate, otherEpoch]) received.socket.disconnect();
  });

  it('answers device:get and fleet:resync with typed results', async () => {
    const received = consoleClient({ token: 'good-token' });
    await firstSnapshot(received);
    const transactions = createTransactions(test.db);
    const session = { chargePointId: 'cp-2', connectorId: 1, idTagStatus: 'Accepted', meterStartWh: 0, reservationId: null };
    const finished = await transactions.start({ ...session, idTag: 'EARLIER', startedAt: '2026-11-01T09:00:00Z' });
    await transactions.stop({ chargePointId: 'cp-2', transactionId: finished, meterStopWh: 5_000, stoppedAt: '2026-11-01T10:00:00Z', reason: null, idTag: null });
    const open = await transactions.start({ ...session, idTag: 'NOW', startedAt: '2026-11-01T11:00:00Z' });
    const found = await received.socket.emitWithAck('device:get', { deviceId: 'cp-2' });
    expect(found).toMatchObject({ ok: true, value: { id: 'cp-2', kind: 'chargePoint', station: { id: 'st-2' }, model: { name: 'Autolib pillar 1.6' } } });
    // Only the session still open is one a Stop charging can name.
    expect(found.ok && found.value.kind === 'chargePoint' && found.value.openTransactions).toEqual([{ transactionId: open, connectorId: 1, idTag: 'NOW', startedAt: '2026-11-01T11:00:00.000Z' }]);
    expect(await received.socket.emitWithAck('device:get', { deviceId: 'nope' })).toMatchObject({ ok: false, error: { code: 'notFound' } });
    expect(await received.socket.emitWithAck('device:get', { deviceId: '' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const resync = await received.socket.emitWithAck('fleet:resync', {});
    expect(resync).toEqual({ ok: true, value: { version: hub.position().version } });
    await eventually(() => received.snapshots.length === 2, 'a second snapshot');
    received.socket.disconnect();
  });

  it('sends the catalogue with the snapshot: serials, plates, stations and the firmware table', async () => {
    const received = consoleClient({ token: 'good-token' });
    const snapshot = await firstSnapshot(received);
    expect(devicesOf(snapshot)[0]).toEqual({ id: 'car-1', kind: 'car', stationId: 'st-1', label: 'AB-001-CD', serialNumber: 'SN-car-1', plate: 'AB-001-CD' });
    expect(devicesOf(snapshot)[2]).toMatchObject({ id: 'cp-1', serialNumber: 'SN-cp-1', plate: null });
    expect(decodeCatalogue(snapshot.catalogue).stations).toEqual([
      { id: 'st-1', name: 'Paris/Rivoli/1', address: '1 rue de Rivoli', city: 'Paris', latitude: 48.8606, longitude: 2.3376 },
      { id: 'st-2', name: 'Paris/Voltaire/2', address: '2 boulevard Voltaire', city: 'Paris', latitude: 48.8625, longitude: 2.3708 },
    ]);
    const firmware = Array.from(unpackColumns(snapshot.columns).firmware, (code) => snapshot.firmwareVersions[code]);
    expect(firmware).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
    received.socket.disconnect();
  });

  it('sends a new firmware as a delta of its device with the whole table, once, and replays it exactly', async () => {
    const received = consoleClient({ token: 'good-token' });
    const snapshot = await firstSnapshot(received);
    const boot = (firmwareVersion: string) =>
      state.apply({ deviceId: 'cp-1', kind: 'chargePoint', receivedAtMs: Date.now(), deviceTime: null, bootId: 'connection-1', sequence: null, channel: 'ocpp:BootNotification', payload: { chargePointVendor: 'IER', chargePointModel: 'Pillar', firmwareVersion } });
    boot('2.0.0');
    await eventually(() => received.deltas.length === 1, 'the firmware delta');
    const [delta] = received.deltas;
    expect(delta?.firmwareVersions).toEqual(['', '1.0.0', '2.0.0']);
    const columns = unpackColumns(delta?.columns ?? new Uint8Array());
    expect(Array.from(columns.index)).toEqual([2]);
    expect(delta?.firmwareVersions?.[columns.firmware[0] ?? 0]).toBe('2.0.0');
    expect(state.detail('cp-1')?.firmwareVersion).toBe('2.0.0');

    // The same version again uses the code the consoles have: no table.
    await wait(DELTA_WINDOW_MS + 20);
    boot('2.0.0');
    await eventually(() => received.deltas.length === 2, 'the second delta');
    expect(received.deltas[1]?.firmwareVersions).toBeUndefined();
    received.socket.disconnect();

    const back = consoleClient({ token: 'good-token', epoch: snapshot.epoch, version: snapshot.version });
    await eventually(() => back.deltas.length === 2, 'the replayed deltas');
    expect(back.names).not.toContain('fleet:snapshot');
    expect(back.deltas.map((replayed) => replayed.firmwareVersions)).toEqual([['', '1.0.0', '2.0.0'], undefined]);
    const fresh = consoleClient({ token: 'good-token' });
    expect((await firstSnapshot(fresh)).firmwareVersions).toEqual(['', '1.0.0', '2.0.0']);
    for (const client of [back, fresh]) client.socket.disconnect();
  });

  it('starts a new epoch with a snapshot for everyone when the device list changes', async () => {
    const received = consoleClient({ token: 'good-token' });
    const snapshot = await firstSnapshot(received);
    inventory.add([testDevice('car-3', 'car')]);
    await eventually(() => received.snapshots.length === 2, 'a new snapshot');
    const fresh = received.snapshots[1];
    expect(fresh?.epoch).not.toBe(snapshot.epoch);
    expect(fresh && devicesOf(fresh).map((device) => device.id)).toContain('car-3');
    expect(unpackColumns(fresh?.columns ?? new Uint8Array()).index).toHaveLength(5);
    received.socket.disconnect();
  });
});
