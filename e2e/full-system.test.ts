/**
 * The whole system for real: the backend (PGlite, OCPP gateway, MQTT broker, console hub) and the
 * simulator's devices over real sockets, checked from the outside through socket.io-client, as a console.
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_NAMESPACE } from '../shared/console-api.js';
import type { ClientToServerEvents, FleetDelta, FleetSnapshot, ServerToClientEvents } from '../shared/console-api.js';
import { catalogueDevices, decodeCatalogue } from '../shared/fleet-catalogue.js';
import { unpackColumns } from '../shared/fleet-columns.js';
import { kindFromCode, statusFromCode } from '../shared/fleet.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';

function devicesOf(snapshot: FleetSnapshot) {
  return catalogueDevices(decodeCatalogue(snapshot.catalogue));
}

type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('the backend and the simulated fleet, seen from a console', () => {
  let system: RunningSystem;
  let socket: ConsoleSocket;
  let snapshot: FleetSnapshot;
  const deltas: FleetDelta[] = [];

  beforeAll(async () => {
    system = await startSystem();
    await system.waitUntilAllOnline();
    const { token } = await system.login();
    socket = io(`${system.url}${CONSOLE_NAMESPACE}`, { auth: { token }, transports: ['websocket'] });
    snapshot = await new Promise<FleetSnapshot>((resolve, reject) => {
      socket.once('fleet:snapshot', resolve);
      socket.once('connect_error', reject);
    });
    socket.on('fleet:delta', (delta) => deltas.push(delta));
  }, 180_000);

  afterAll(async () => {
    socket?.close();
    await system?.close();
  });

  it('refuses a console without a valid token', async () => {
    const stranger: ConsoleSocket = io(`${system.url}${CONSOLE_NAMESPACE}`, { auth: { token: 'not-a-token' }, transports: ['websocket'], reconnection: false });
    const error = await new Promise<Error>((resolve) => stranger.once('connect_error', resolve));
    stranger.close();
    expect(error.message).toMatch(/unauthenticated|token|session/i);
  });

  it('sends a snapshot that holds every device of the network, with its kind, position and state', () => {
    const ids = devicesOf(snapshot).map((device) => device.id).sort();
    expect(ids).toEqual(system.network.devices.map((device) => device.id).sort());
    const columns = unpackColumns(snapshot.columns);
    expect(columns.index.length).toBe(system.network.devices.length);
    const stations = new Map(system.network.stations.map((station) => [station.id, station]));
    const onlineNow = Array.from(columns.status).filter((code) => statusFromCode(code) !== 'offline').length;
    expect(onlineNow).toBe(system.network.devices.length);
    for (let row = 0; row < columns.index.length; row++) {
      const device = devicesOf(snapshot)[columns.index[row] ?? -1];
      const inNetwork = system.network.devices.find((candidate) => candidate.id === device?.id);
      expect(kindFromCode(columns.kind[row] ?? -1)).toBe(inNetwork?.kind);
      if (inNetwork?.kind === 'chargePoint') {
        expect(columns.latitude[row]).toBeCloseTo(stations.get(inNetwork.stationId)?.latitude ?? 0, 4);
      }
    }
  });

  it('sends the catalogue a console searches and filters by: serials, plates, stations and firmware', () => {
    const columns = unpackColumns(snapshot.columns);
    const stationIds = new Set(decodeCatalogue(snapshot.catalogue).stations.map((station) => station.id));
    devicesOf(snapshot).forEach((device, index) => {
      const inNetwork = system.network.devices.find((candidate) => candidate.id === device.id);
      expect(device).toMatchObject({ serialNumber: inNetwork?.serialNumber, plate: inNetwork?.kind === 'car' ? inNetwork.plate : null, stationId: inNetwork?.stationId });
      expect(stationIds.has(device.stationId ?? '')).toBe(true);
      expect(snapshot.firmwareVersions[columns.firmware[index] ?? 0]).toBe(inNetwork?.firmwareVersion);
    });
  });

  it('brings a car’s message to the console as a delta, with its position and a newer version', async () => {
    const carId = system.network.devices.find((device) => device.kind === 'car')?.id ?? '';
    const index = devicesOf(snapshot).findIndex((device) => device.id === carId);
    const car = system.simulation.world.cars.get(carId);
    const handle = system.simulation.car(carId);
    if (!car || !handle) throw new Error(`the simulation has no car ${carId}`);
    const sentAt = Date.now();
    const versionBefore = deltas.at(-1)?.version ?? snapshot.version;
    await handle.publishState();
    await expect
      .poll(
        () =>
          deltas.some((delta) => {
            const columns = unpackColumns(delta.columns);
            return Array.from(columns.index).some((row, position) => row === index && (columns.lastSeenMs[position] ?? 0) >= sentAt);
          }),
        { timeout: 5_000, interval: 20 },
      )
      .toBe(true);
    const delta = deltas.find((candidate) => Array.from(unpackColumns(candidate.columns).index).includes(index) && candidate.version > versionBefore);
    if (!delta) throw new Error('no delta for the car');
    const columns = unpackColumns(delta.columns);
    const row = Array.from(columns.index).indexOf(index);
    expect(columns.latitude[row]).toBeCloseTo(car.latitude, 4);
    expect(columns.longitude[row]).toBeCloseTo(car.longitude, 4);
    expect(delta.epoch).toBe(snapshot.epoch);
  });

  it('numbers deltas one after another, each device at most once per delta', () => {
    expect(deltas.length).toBeGreaterThan(0);
    deltas.forEach((delta, position) => {
      expect(delta.version).toBe(snapshot.version + position + 1);
      const indexes = Array.from(unpackColumns(delta.columns).index);
      expect(new Set(indexes).size).toBe(indexes.length);
    });
  });

  it('answers a console’s question about one device with its live detail', async () => {
    const chargePointId = system.network.devices.find((device) => device.kind === 'chargePoint')?.id ?? '';
    const answer = await socket.emitWithAck('device:get', { deviceId: chargePointId });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.id).toBe(chargePointId);
    expect(answer.value.isOnline).toBe(true);
    expect(answer.value.kind).toBe('chargePoint');
    const missing = await socket.emitWithAck('device:get', { deviceId: 'no-such-device' });
    expect(missing.ok).toBe(false);
  });

  it('answers a console’s questions about a device’s past: its timeline and its readings', async () => {
    const chargePointId = system.network.devices.find((device) => device.kind === 'chargePoint')?.id ?? '';
    const carId = system.network.devices.find((device) => device.kind === 'car')?.id ?? '';
    // History is written in batches a moment after the messages arrive.
    await expect
      .poll(async () => {
        const answer = await socket.emitWithAck('device:timeline', { deviceId: chargePointId, limit: 50 });
        return answer.ok ? answer.value.events.map((event) => event.title) : [answer.error.message];
      }, { timeout: 10_000, interval: 200 })
      .toEqual(expect.arrayContaining(['Rebooted', 'Connected']));
    const toMs = Date.now() + 60_000;
    await expect
      .poll(async () => {
        const answer = await socket.emitWithAck('device:history', { deviceId: carId, fromMs: toMs - 3_600_000, toMs, points: 60 });
        return answer.ok ? answer.value.points.some((point) => point.batteryPercent !== null) : answer.error.message;
      }, { timeout: 10_000, interval: 200 })
      .toBe(true);
  });
});
