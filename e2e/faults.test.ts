/**
 * The simulator's faults against the real backend (in-process, PGlite), checked from the outside as a
 * console sees each device. What the backend keeps in history for a fault is not readable from outside
 * yet (no history query in the console API); those assertions wait for it.
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_NAMESPACE } from '../shared/console-api.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/console-api.js';
import type { DeviceDetail } from '../shared/device-detail.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';

type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('faults injected by the simulator, as the backend records them', () => {
  let system: RunningSystem;
  let socket: ConsoleSocket;
  const carIds: string[] = [];
  const chargePointIds: string[] = [];

  beforeAll(async () => {
    system = await startSystem({ fleet: { stations: 6, cars: 6, chargePoints: 8 }, carStateIntervalMs: 500 });
    await system.waitUntilAllOnline();
    carIds.push(...system.network.devices.filter((device) => device.kind === 'car').map((device) => device.id));
    chargePointIds.push(...system.network.devices.filter((device) => device.kind === 'chargePoint').map((device) => device.id));
    const { token } = await system.login();
    socket = io(`${system.url}${CONSOLE_NAMESPACE}`, { auth: { token }, transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      socket.once('fleet:snapshot', () => resolve());
      socket.once('connect_error', reject);
    });
  }, 180_000);

  afterAll(async () => {
    socket?.close();
    await system?.close();
  });

  async function detail(deviceId: string): Promise<DeviceDetail> {
    const answer = await socket.emitWithAck('device:get', { deviceId });
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value;
  }

  async function carSequence(deviceId: string): Promise<number | undefined> {
    const found = await detail(deviceId);
    return found.kind === 'car' ? found.state?.sequence : undefined;
  }

  function car(deviceId: string) {
    const handle = system.simulation.car(deviceId);
    if (!handle) throw new Error(`no car ${deviceId}`);
    return handle;
  }

  it('drop: a state lost on the way is repaired by the next one', async () => {
    const id = carIds[0] ?? '';
    system.simulation.faults.inject(id, { kind: 'drop', share: 1 });
    const lost = car(id).sequence;
    await car(id).publishState();
    system.simulation.faults.clear(id);
    await car(id).publishState();
    await expect.poll(() => carSequence(id), { timeout: 5_000 }).toBeGreaterThan(lost);
  });

  it('duplicate: the state is the one sent, once sent twice', async () => {
    const id = carIds[1] ?? '';
    system.simulation.faults.inject(id, { kind: 'duplicate' });
    await car(id).publishState();
    const sent = car(id).sequence - 1;
    system.simulation.faults.clear(id);
    await expect.poll(() => carSequence(id), { timeout: 5_000 }).toBeGreaterThanOrEqual(sent);
    expect(system.simulation.stats().messagesDuplicated).toBeGreaterThanOrEqual(1);
  });

  it('clockSkew: the backend estimates the device’s clock as off by about the skew', async () => {
    const id = carIds[2] ?? '';
    system.simulation.faults.inject(id, { kind: 'clockSkew', seconds: 900 });
    await expect.poll(async () => (await detail(id)).clockOffsetMs ?? 0, { timeout: 10_000 }).toBeGreaterThan(890_000);
    expect((await detail(id)).clockOffsetMs).toBeLessThan(910_000);
    system.simulation.faults.clear(id);
  });

  it('backlog: the car goes offline, then its queued states arrive and the newest is the current state', async () => {
    const id = carIds[3] ?? '';
    system.simulation.faults.inject(id, { kind: 'backlog', forMs: 2_000 });
    await expect.poll(async () => (await detail(id)).isOnline, { timeout: 5_000 }).toBe(false);
    await expect.poll(() => car(id).backlogSize === 0 && car(id).isConnected, { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await detail(id)).isOnline, { timeout: 5_000 }).toBe(true);
    // Never rolled back to a queued state: the current state is from the newest message.
    await expect.poll(() => carSequence(id), { timeout: 5_000 }).toBe(car(id).sequence - 1);
  });

  it('silent, keeping the connection: the car stays online and its lastSeen grows old', async () => {
    const id = carIds[4] ?? '';
    system.simulation.faults.inject(id, { kind: 'silent' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const lastSeen = (await detail(id)).lastSeenAt;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const later = await detail(id);
    expect(later.lastSeenAt).toBe(lastSeen);
    expect(later.isOnline).toBe(true);
    system.simulation.faults.clear(id);
    await expect.poll(async () => (await detail(id)).lastSeenAt, { timeout: 5_000 }).not.toBe(lastSeen);
  });

  it('impossible: a car reporting its cable connected behind a closed hatch is recorded as it said', async () => {
    const id = carIds[5] ?? '';
    system.simulation.faults.inject(id, { kind: 'impossible', combination: 'pluggedHatchClosed' });
    await car(id).publishState();
    await expect
      .poll(async () => {
        const found = await detail(id);
        return found.kind === 'car' ? [found.state?.sensors.plugged.value, found.state?.sensors.chargeHatchOpen?.value] : [];
      }, { timeout: 5_000 })
      .toEqual([true, false]);
    system.simulation.faults.clear(id);
  });

  it('flapping: a charge point’s connector flipping Available/Preparing is followed live', async () => {
    const id = chargePointIds.find((each) => system.simulation.world.chargePoints.get(each)?.status === 'Available') ?? '';
    system.simulation.faults.inject(id, { kind: 'flapping', everyMs: 300 });
    const seen = new Set<string>();
    await expect
      .poll(async () => {
        const found = await detail(id);
        const status = found.kind === 'chargePoint' ? found.state?.connectors.find((connector) => connector.connectorId === 1)?.status : undefined;
        if (status) seen.add(status);
        return seen.has('Preparing') && seen.has('Available');
      }, { timeout: 10_000, interval: 50 })
      .toBe(true);
    system.simulation.faults.clear(id);
  });

  it('reconnectStorm: every device drops at once, and the whole fleet ends online', async () => {
    system.simulation.faults.inject('*', { kind: 'reconnectStorm' });
    await system.waitUntilAllOnline(60_000);
    expect(system.simulation.stats().cars.connected).toBe(carIds.length);
    expect(system.simulation.stats().chargePoints.connected).toBe(chargePointIds.length);
  });
});
