import http from 'node:http';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command, CommandChanges } from '../../shared/commands.js';
import type { DeviceDetail } from '../../shared/device-detail.js';
import type { Reservation, ReservationChanges } from '../../shared/reservations.js';
import { CONSOLE_NAMESPACE } from '../../shared/console-api.js';
import type { ConsoleAnswers, ConsoleRequestName, OperatorIdentity } from '../../shared/console-api.js';
import type { Result } from '../../shared/result.js';
import { createAlarmService } from '../alarms/index.js';
import { addTestOperators, alarmTestDevices, testOperatorTokens } from '../alarms/testing.js';
import type { AlarmTestOperators } from '../alarms/testing.js';
import { createCommandService } from '../commands/service.js';
import type { CommandService, CommandTransport } from '../commands/service.js';
import { createOperators } from '../operators/index.js';
import { createReservationService } from '../reservations/service.js';
import type { ReservationService } from '../reservations/service.js';
import { createStateCache } from '../state/index.js';
import type { StateCache } from '../state/index.js';
import { createTestInventory, eventually, insertDevices, listenLocally } from '../state/test-support.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { attachConsoleHub } from './index.js';
import type { ConsoleHub } from './index.js';

/** car-1 answers at once; every other device is out of reach. */
const transport: CommandTransport = {
  isReachable: (deviceId) => deviceId === 'car-1',
  send: () => Promise.resolve({ status: 'succeeded', detail: 'Done' }),
};

describe.each(testEngines())('command and reservation calls and pushes of the console hub on $name', (engine) => {
  let test: TestDatabase;
  let state: StateCache;
  let commands: CommandService;
  let reservations: ReservationService;
  let server: http.Server;
  let hub: ConsoleHub;
  let url: string;
  let people: AlarmTestOperators;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, alarmTestDevices);
    const inventory = createTestInventory(alarmTestDevices);
    people = await addTestOperators(createOperators(test.db));
    const tokens = testOperatorTokens(people);
    state = createStateCache({ db: test.db, inventory, logger: silentLogger });
    await state.load();
    commands = createCommandService({ db: test.db, inventory, transports: { car: transport, chargePoint: transport }, logger: silentLogger });
    // car-1 was heard from a second ago and is free; the others never were.
    const devices = { detail: (deviceId: string) => (deviceId === 'car-1' ? heardCar() : state.detail(deviceId)) };
    reservations = createReservationService({ db: test.db, inventory, devices, chargePoints: { reserveNow: () => Promise.resolve('Accepted'), cancelReservation: () => Promise.resolve() }, logger: silentLogger });
    server = http.createServer((_request, response) => response.writeHead(404).end());
    hub = attachConsoleHub({ server, state, db: test.db, inventory, tokens, logger: silentLogger, allowedOrigins: [], commands, reservations });
    url = `http://127.0.0.1:${await listenLocally(server)}${CONSOLE_NAMESPACE}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await hub.close();
    await new Promise((resolve) => server.close(resolve));
    await commands.close();
    await state.close();
    await test.cleanup();
  });

  function heardCar(): DeviceDetail {
    const detail = state.detail('car-1');
    if (!detail) throw new Error('car-1 is in the test inventory');
    return { ...detail, status: 'available', isOnline: true, lastSeenAt: new Date(Date.now() - 1000).toISOString() };
  }

  interface Console {
    /** The newest form of every command pushed so far. */
    readonly pushed: Map<string, Command>;
    readonly pushedReservations: Map<number, Reservation>;
    call<Name extends ConsoleRequestName>(name: Name, request: unknown): Promise<Result<ConsoleAnswers[Name]>>;
  }

  async function consoleOf(operator: OperatorIdentity): Promise<Console> {
    // Untyped on purpose: a console could send anything, and the hub must not trust its shape.
    const socket: Socket = connect(url, { path: '/socket.io', auth: { token: `token-of-${operator.username}` }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const pushed = new Map<string, Command>();
    const pushedReservations = new Map<number, Reservation>();
    socket.on('commands:changes', (changes: CommandChanges) => {
      for (const command of changes.commands) pushed.set(command.id, command);
    });
    socket.on('reservations:changes', (changes: ReservationChanges) => {
      for (const reservation of changes.reservations) pushedReservations.set(reservation.id, reservation);
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return { pushed, pushedReservations, call: (name, request) => new Promise((resolve) => socket.emit(name, request, resolve)) };
  }

  it('sends a command for the operator and pushes its lifecycle to every console', async () => {
    const dispatcher = await consoleOf(people.dispatcher);
    const watcher = await consoleOf(people.support);
    const answer = await dispatcher.call('command:send', { deviceId: 'car-1', type: 'lock', idempotencyKey: 'hub-click-1' });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value).toMatchObject({ deviceId: 'car-1', type: 'lock', operator: people.dispatcher.username });
    await eventually(() => watcher.pushed.get(answer.value.id)?.status === 'succeeded', 'the result pushed to another console');
    const history = await watcher.call('command:history', { deviceId: 'car-1' });
    expect(history.ok && history.value.commands.map((command) => command.id)).toEqual([answer.value.id]);
  });

  it('answers a refused or malformed request with a clear error', async () => {
    const support = await consoleOf(people.support);
    expect(await support.call('command:send', { deviceId: 'car-1', type: 'immobilise', idempotencyKey: 'hub-click-2' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'The support role may not send Immobilise.' },
    });
    const malformed = await support.call('command:send', { deviceId: 'car-1', type: 'lock' });
    expect(!malformed.ok && malformed.error.code).toBe('invalid');
    const badCancel = await support.call('command:cancel', { commandId: 42 });
    expect(!badCancel.ok && badCancel.error.message).toMatch(/^Invalid command:cancel request: commandId: /);
  });

  it('cancels a command that waits for its device', async () => {
    const dispatcher = await consoleOf(people.dispatcher);
    const queued = await dispatcher.call('command:send', { deviceId: 'car-2', type: 'requestState', idempotencyKey: 'hub-click-3' });
    if (!queued.ok) throw new Error(queued.error.message);
    expect(queued.value.status).toBe('queued');
    const cancelled = await dispatcher.call('command:cancel', { commandId: queued.value.id });
    expect(cancelled.ok && cancelled.value.status).toBe('cancelled');
    await eventually(() => dispatcher.pushed.get(queued.value.id)?.status === 'cancelled', 'the cancellation pushed');
  });

  it('makes, lists and cancels a reservation, and explains one that cannot be made', async () => {
    const support = await consoleOf(people.support);
    const startsAtMs = Date.now();
    const made = await support.call('reservation:create', { deviceId: 'car-1', customerRef: 'CUST-42', startsAtMs, endsAtMs: startsAtMs + 3_600_000 });
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value).toMatchObject({ deviceId: 'car-1', customerRef: 'CUST-42', status: 'active', createdBy: people.support.username });
    await eventually(() => support.pushedReservations.get(made.value.id)?.status === 'active', 'the reservation pushed');
    const clash = await support.call('reservation:create', { deviceId: 'car-1', customerRef: 'CUST-43', startsAtMs, endsAtMs: startsAtMs + 1_800_000 });
    expect(!clash.ok && clash.error.message).toContain(`already reserved by reservation ${made.value.id} for CUST-42`);
    const silent = await support.call('reservation:create', { deviceId: 'car-3', customerRef: 'CUST-44', startsAtMs, endsAtMs: startsAtMs + 1_800_000 });
    expect(silent).toEqual({ ok: false, error: { code: 'conflict', message: 'car-3 cannot be reserved: it has never been heard from.' } });
    const listed = await support.call('reservation:list', { customerRef: 'CUST-42', fromMs: startsAtMs - 1, toMs: startsAtMs + 60_000 });
    expect(listed.ok && listed.value.reservations.map((reservation) => reservation.id)).toEqual([made.value.id]);
    const cancelled = await support.call('reservation:cancel', { reservationId: made.value.id, reason: 'Customer called to cancel' });
    expect(cancelled.ok && [cancelled.value.status, cancelled.value.statusReason]).toEqual(['cancelled', 'Customer called to cancel']);
    const badList = await support.call('reservation:list', { fromMs: 10, toMs: 5 });
    expect(!badList.ok && badList.error.message).toBe('Invalid reservation:list request: toMs must follow fromMs');
  });

  it('tells support a customer\'s story: their reservations, and the commands and alarms of the devices they held', async () => {
    const support = await consoleOf(people.support);
    // After the earlier tests' reservations of car-1, which were cancelled or end within the hour.
    const startsAtMs = Date.now() + 3_600_000;
    const made = await support.call('reservation:create', { deviceId: 'car-1', customerRef: 'CUST-STORY', startsAtMs, endsAtMs: startsAtMs + 3_600_000 });
    if (!made.ok) throw new Error(made.error.message);
    const lock = await support.call('command:send', { deviceId: 'car-1', type: 'lock', idempotencyKey: 'hub-story-1' });
    if (!lock.ok) throw new Error(lock.error.message);
    const alarms = createAlarmService({ db: test.db, inventory: createTestInventory(alarmTestDevices), operators: createOperators(test.db), logger: silentLogger });
    await alarms.load();
    alarms.raise({ deviceId: 'car-1', type: 'deviceFault', message: 'Door lock actuator', atMs: Date.now() });
    alarms.raise({ deviceId: 'car-2', type: 'deviceFault', message: 'Not this customer\'s car', atMs: Date.now() });
    await alarms.flush();
    await alarms.close();
    const story = await support.call('customer:timeline', { customerRef: 'CUST-STORY', fromMs: Date.now() - 86_400_000, toMs: Date.now() + 86_400_000 });
    if (!story.ok) throw new Error(story.error.message);
    expect(story.value.reservations.map((reservation) => reservation.id)).toEqual([made.value.id]);
    expect(story.value.commands.map((command) => command.id)).toContain(lock.value.id);
    expect(story.value.alarms.map((alarm) => [alarm.deviceId, alarm.message])).toEqual([['car-1', 'Door lock actuator']]);
  });
});
