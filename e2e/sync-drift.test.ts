/**
 * Sync that cannot drift: the real console hub and the console's real FleetController and FleetModel
 * (renderer/src/sync, run in Node), with a TCP proxy between them that the test cuts for real. The fleet
 * keeps changing before, during and after each cut; once it stops, the console's model must equal the
 * backend's state, device for device and column for column. Three ways back: the replay buffer after a
 * short cut, a snapshot after a cut longer than the buffer, and a snapshot of a new epoch when a device
 * was added meanwhile.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELTA_WINDOW_MS } from '../shared/console-api.js';
import { allocateColumns } from '../shared/fleet-columns.js';
import { attachConsoleHub } from '../backend/hub/index.js';
import type { ConsoleHub } from '../backend/hub/index.js';
import type { DeviceMessage } from '../backend/ingest/message.js';
import { createStateCache } from '../backend/state/index.js';
import type { StateCache } from '../backend/state/index.js';
import { carStateMessage, createTestInventory, eventually, insertDevices, listenLocally, testCarState, testDevice } from '../backend/state/test-support.js';
import type { TestInventory } from '../backend/state/test-support.js';
import { openTestDatabase, silentLogger, testEngines } from '../backend/store/testing.js';
import type { TestDatabase } from '../backend/store/testing.js';
import { useConsoleStore } from '../renderer/src/store/store.js';
import { FleetController } from '../renderer/src/sync/fleet-controller.js';
import { FleetModel } from '../renderer/src/sync/fleet-model.js';

const CARS = 120;
const CHARGE_POINTS = 40;
const cars = Array.from({ length: CARS }, (_, index) => testDevice(`car-${index + 1}`, 'car', index % 2 === 0 ? 'st-1' : 'st-2'));
const chargePoints = Array.from({ length: CHARGE_POINTS }, (_, index) => testDevice(`cp-${index + 1}`, 'chargePoint', index % 2 === 0 ? 'st-1' : 'st-2'));
const added = testDevice('car-999', 'car', 'st-2');
/** Small, so that a cut of a few seconds outlasts it. */
const LOG_DELTAS = 30;
/** A little over the delta window: every tick of the fleet makes one delta. */
const TICK_MS = DELTA_WINDOW_MS + 15;
const CONNECTOR_STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'Finishing', 'Reserved', 'Faulted', 'Unavailable'] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deterministic sequence of numbers in [0, 1) (mulberry32), so that a failure can be replayed. */
function randomNumbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d_2b_79_f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A TCP hop between the console and the hub that can be cut (every connection destroyed) and restored. */
class CuttableLink {
  #server: net.Server | null = null;
  readonly #sockets = new Set<net.Socket>();
  port = 0;
  /** Connections accepted since start: a reconnect shows as one more. */
  accepted = 0;

  constructor(private readonly targetPort: number) {}

  async open(): Promise<void> {
    const server = net.createServer((incoming) => {
      this.accepted += 1;
      const outgoing = net.connect(this.targetPort, '127.0.0.1');
      for (const [from, to] of [
        [incoming, outgoing],
        [outgoing, incoming],
      ] as const) {
        this.#sockets.add(from);
        from.pipe(to);
        from.on('error', () => to.destroy());
        from.on('close', () => {
          this.#sockets.delete(from);
          to.destroy();
        });
      }
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('Expected a TCP address');
    this.port = address.port;
  }

  /** Drops every connection mid-stream and refuses new ones until `open`. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const socket of this.#sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

/** One device as a console shows it, from either side. */
interface ShownDevice {
  readonly id: string;
  readonly kind: number;
  readonly status: number;
  readonly latitude: number;
  readonly longitude: number;
  readonly heading: number;
  readonly speed: number;
  readonly battery: number;
  readonly lastSeenMs: number;
  readonly firmware: string;
  readonly station: string | null;
  readonly serialNumber: string;
  readonly plate: string | null;
}

function backendDevices(state: StateCache): ShownDevice[] {
  const devices = state.fleetDevices();
  const columns = allocateColumns(devices.length);
  state.fillColumns(columns, Uint32Array.from(devices.keys()));
  const firmware = state.firmwareVersions();
  return devices.map((device, row) => ({
    id: device.id,
    kind: columns.kind[row] ?? -1,
    status: columns.status[row] ?? -1,
    latitude: columns.latitude[row] ?? -1,
    longitude: columns.longitude[row] ?? -1,
    heading: columns.headingDegrees[row] ?? -1,
    speed: columns.speedKmh[row] ?? -1,
    battery: columns.batteryPercent[row] ?? -1,
    lastSeenMs: columns.lastSeenMs[row] ?? -1,
    firmware: firmware[columns.firmware[row] ?? 0] ?? '?',
    station: device.stationId,
    serialNumber: device.serialNumber,
    plate: device.plate,
  }));
}

function consoleDevices(model: FleetModel): ShownDevice[] {
  return model.devices.map((device, index) => ({
    id: model.ids[index] ?? '?',
    kind: model.kind[index] ?? -1,
    status: model.status[index] ?? -1,
    latitude: model.latitude[index] ?? -1,
    longitude: model.longitude[index] ?? -1,
    heading: model.heading[index] ?? -1,
    speed: model.speed[index] ?? -1,
    battery: model.battery[index] ?? -1,
    lastSeenMs: model.lastSeen[index] ?? -1,
    firmware: model.firmwareOf(index) ?? '',
    station: model.stations[model.stationIndex[index] ?? -1]?.id ?? null,
    serialNumber: device.serialNumber,
    plate: device.plate,
  }));
}

describe('the console stays in step with the backend across cut connections', () => {
  // The database only loads and saves the last-known state here: one engine is enough.
  const [engine] = testEngines();
  let test: TestDatabase;
  let inventory: TestInventory;
  let state: StateCache;
  let server: http.Server;
  let hub: ConsoleHub;
  let link: CuttableLink;
  const model = new FleetModel();
  const controller = new FleetController(model, useConsoleStore);
  const applied = { snapshots: 0, deltas: 0 };
  const random = randomNumbers(4);
  let sequence = 0;
  let firmwareRelease = 0;

  /** One tick of a busy fleet: cars move, charge, come and go; charge points change status and firmware. */
  function changeFleet(): void {
    const now = Date.now();
    const messages: DeviceMessage[] = [];
    for (let step = 0; step < 25; step++) {
      const car = cars[Math.floor(random() * cars.length)];
      if (!car) continue;
      sequence += 1;
      const isDriving = random() < 0.5;
      const carState = testCarState(car.id, sequence, { latitude: 48.8 + random() * 0.1, speedKmh: isDriving ? Math.round(random() * 90) : 0, plugged: !isDriving, charging: !isDriving && random() < 0.5 });
      messages.push(carStateMessage({ ...carState, batteryPercent: Math.round(random() * 100), position: { ...carState.position, headingDegrees: Math.round(random() * 359) } }, now));
    }
    for (let step = 0; step < 6; step++) {
      const chargePoint = chargePoints[Math.floor(random() * chargePoints.length)];
      if (!chargePoint) continue;
      const envelope = { deviceId: chargePoint.id, kind: 'chargePoint', receivedAtMs: now, deviceTime: null, bootId: `connection-${sequence}`, sequence: null } as const;
      const roll = random();
      if (roll < 0.1) {
        messages.push({ ...envelope, channel: 'ocpp:connection', payload: { online: random() < 0.5 } });
      } else if (roll < 0.15) {
        firmwareRelease += 1;
        messages.push({ ...envelope, channel: 'ocpp:BootNotification', payload: { chargePointVendor: 'IER', chargePointModel: 'Pillar', firmwareVersion: `3.${firmwareRelease}` } });
      } else {
        const status = CONNECTOR_STATUSES[Math.floor(random() * CONNECTOR_STATUSES.length)] ?? 'Available';
        messages.push({ ...envelope, channel: 'ocpp:StatusNotification', payload: { connectorId: 1 + Math.floor(random() * 2), errorCode: status === 'Faulted' ? 'GroundFailure' : 'NoError', status } });
      }
    }
    for (const message of messages) state.apply(message);
  }

  /** Changes the fleet every tick until the returned function is called (and resolves once it stopped). */
  function keepChanging(): () => Promise<void> {
    let isRunning = true;
    const running = (async () => {
      while (isRunning) {
        changeFleet();
        await sleep(TICK_MS);
      }
    })();
    return async () => {
      isRunning = false;
      await running;
    };
  }

  async function reconnectedAfter(acceptedBefore: number): Promise<void> {
    await eventually(() => link.accepted > acceptedBefore && useConsoleStore.getState().connection === 'live', 'the console to reconnect', 20_000);
  }

  /** Waits for the last changes to reach the console, then compares every device. */
  async function expectInStep(): Promise<void> {
    // The last change's delta leaves within one window.
    await sleep(DELTA_WINDOW_MS * 3);
    await eventually(() => model.epoch === hub.position().epoch && model.version === hub.position().version, 'the console to catch up', 10_000);
    const backend = backendDevices(state);
    expect(backend).toHaveLength(state.fleetDevices().length);
    expect(consoleDevices(model)).toEqual(backend);
  }

  beforeAll(async () => {
    if (!engine) throw new Error('No database engine to test on');
    test = await openTestDatabase(engine);
    await insertDevices(test.db, [...cars, ...chargePoints, added]);
    inventory = createTestInventory([...cars, ...chargePoints]);
    state = createStateCache({ db: test.db, inventory, logger: silentLogger });
    await state.load();
    server = http.createServer((_request, response) => response.writeHead(404).end());
    hub = attachConsoleHub({
      server,
      state,
      db: test.db,
      inventory,
      tokens: { verifyToken: () => Promise.resolve({ id: 1, username: 'dispatch', role: 'dispatcher' }) },
      logger: silentLogger,
      allowedOrigins: [],
      deltaLogLimits: { deltas: LOG_DELTAS, bytes: 64 * 1024 * 1024 },
    });
    link = new CuttableLink(await listenLocally(server));
    await link.open();
    model.subscribe((change) => {
      if (change.type === 'snapshot') applied.snapshots += 1;
      else applied.deltas += 1;
    });
    controller.connect(`http://127.0.0.1:${link.port}`, 'any-token');
    await eventually(() => applied.snapshots === 1, 'the first snapshot');
  });

  afterAll(async () => {
    controller.disconnect();
    await link.cut();
    await hub.close();
    await new Promise((resolve) => server.close(resolve));
    await state.close();
    await test.cleanup();
  });

  it('resumes from the replay buffer after a short cut: no snapshot, nothing missed', async () => {
    const stop = keepChanging();
    await sleep(1000);
    const before = { ...applied, accepted: link.accepted, version: model.version, firmwareRelease };
    await link.cut();
    await eventually(() => useConsoleStore.getState().connection === 'reconnecting', 'the console to notice the cut');
    // The fleet goes on while the console is away, firmware included.
    await sleep(600);
    await link.open();
    await reconnectedAfter(before.accepted);
    await sleep(500);
    await stop();
    await expectInStep();
    expect(applied.snapshots).toBe(before.snapshots);
    // Every version from before the cut to now arrived as a delta, replayed or live.
    expect(applied.deltas - before.deltas).toBe(model.version - before.version);
    expect(firmwareRelease).toBeGreaterThan(before.firmwareRelease);
  });

  it('takes a snapshot after a cut longer than the replay buffer', async () => {
    const stop = keepChanging();
    await sleep(500);
    const before = { ...applied, accepted: link.accepted, version: model.version };
    await link.cut();
    await eventually(() => hub.position().version > before.version + LOG_DELTAS + 2, 'more deltas than the buffer keeps', 20_000);
    await link.open();
    await reconnectedAfter(before.accepted);
    await sleep(500);
    await stop();
    await expectInStep();
    expect(applied.snapshots).toBe(before.snapshots + 1);
  });

  it('takes the new epoch after a device was added during the cut', async () => {
    const stop = keepChanging();
    await sleep(500);
    const before = { ...applied, accepted: link.accepted, epoch: model.epoch };
    await link.cut();
    await sleep(300);
    inventory.add([added]);
    state.apply(carStateMessage(testCarState(added.id, 1, { latitude: 48.95, speedKmh: 30 })));
    await sleep(300);
    await link.open();
    await reconnectedAfter(before.accepted);
    await sleep(500);
    await stop();
    await expectInStep();
    expect(model.epoch).not.toBe(before.epoch);
    expect(applied.snapshots).toBe(before.snapshots + 1);
    expect(model.ids).toContain(added.id);
    expect(model.count).toBe(CARS + CHARGE_POINTS + 1);
  });
});
