import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../../shared/commands.js';
import type { OperatorIdentity } from '../../shared/console-api.js';
import { generateDemoNetwork } from '../../shared/network.js';
import { readAudit } from '../alarms/audit.js';
import type { Inventory } from '../inventory/types.js';
import { openProvisionedDatabase } from '../state/test-support.js';
import { silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createCommandService } from './service.js';
import type { CommandOutcome, CommandService, CommandTransport } from './service.js';
import { commandById, insertCommand, moveCommand } from './store.js';

const network = generateDemoNetwork({ seed: 11, stations: 2, cars: 3, chargePoints: 3 });
const cars = network.devices.filter((device) => device.kind === 'car').map((device) => device.id);
const chargePoints = network.devices.filter((device) => device.kind === 'chargePoint').map((device) => device.id);
const car = cars[0] ?? '';
const otherCar = cars[1] ?? '';
const thirdCar = cars[2] ?? '';
const chargePoint = chargePoints[0] ?? '';

const dispatcher: OperatorIdentity = { id: 1, username: 'dora', role: 'dispatcher' };
const support: OperatorIdentity = { id: 2, username: 'sam', role: 'support' };

/** A transport whose devices are reachable when the test says so, answering what the test says. */
class FakeTransport implements CommandTransport {
  readonly reachable = new Set<string>();
  readonly sent: Command[] = [];
  answer: (command: Command) => Promise<CommandOutcome> = () => Promise.resolve({ status: 'succeeded', detail: null });

  isReachable(deviceId: string): boolean {
    return this.reachable.has(deviceId);
  }

  send(command: Command): Promise<CommandOutcome> {
    this.sent.push(command);
    return this.answer(command);
  }
}

/** The command once it reaches `status`, whether it had already or does later. */
function settle(service: CommandService, db: TestDatabase['db'], commandId: string, status: string): Promise<Command> {
  return new Promise((resolve) => {
    const stop = service.onChange((command) => {
      if (command.id === commandId && command.status === status) {
        stop();
        resolve(command);
      }
    });
    void commandById(db, commandId).then((command) => {
      if (command?.status !== status) return;
      stop();
      resolve(command);
    });
  });
}

let keyCounter = 0;
const key = () => `click-${String(++keyCounter).padStart(6, '0')}`;

describe.each(testEngines())('command service on $name', (engine) => {
  let test: TestDatabase;
  let inventory: Inventory;
  let cars: FakeTransport;
  let chargePoints: FakeTransport;
  let service: CommandService;
  let nowMs: number;

  beforeAll(async () => {
    ({ test, inventory } = await openProvisionedDatabase(engine, network));
  });

  afterAll(async () => {
    await test.cleanup();
  });

  beforeEach(() => {
    nowMs = Date.parse('2026-12-01T09:00:00Z') + keyCounter * 3_600_000;
    cars = new FakeTransport();
    chargePoints = new FakeTransport();
    service = createCommandService({ db: test.db, inventory, transports: { car: cars, chargePoint: chargePoints }, logger: silentLogger, now: () => nowMs });
  });

  afterEach(async () => {
    await service.close();
  });

  it('sends a command to a reachable device at once and records each step', async () => {
    cars.reachable.add(car);
    const submitted = await service.submit(dispatcher, { deviceId: car, type: 'lock', idempotencyKey: key() });
    if (!submitted.ok) throw new Error(submitted.error.message);
    const done = await settle(service, test.db, submitted.value.id, 'succeeded');
    expect(done.transitions.map((step) => step.status)).toEqual(['queued', 'sent', 'succeeded']);
    expect(cars.sent.map((command) => command.id)).toEqual([submitted.value.id]);
    const audit = await readAudit(test.db, { target: `device:${car}` });
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['command:lock', 'command:lock:succeeded']));
  });

  it('makes one command of a retried click, however often and however concurrently it arrives', async () => {
    cars.reachable.add(car);
    const request = { deviceId: car, type: 'locate', idempotencyKey: key() };
    const answers = await Promise.all([service.submit(dispatcher, request), service.submit(dispatcher, request), service.submit(dispatcher, request)]);
    const ids = new Set(answers.map((answer) => (answer.ok ? answer.value.id : answer.error.message)));
    expect(ids.size).toBe(1);
    const [id] = ids;
    await settle(service, test.db, id ?? '', 'succeeded');
    const again = await service.submit(dispatcher, request);
    expect(again.ok && again.value.status).toBe('succeeded');
    expect(cars.sent).toHaveLength(1);
    const reused = await service.submit(dispatcher, { ...request, deviceId: otherCar });
    expect(!reused.ok && reused.error.code).toBe('conflict');
  });

  it('fails a never-queued command at once when the device is offline, and never sends it later', async () => {
    const submitted = await service.submit(dispatcher, { deviceId: car, type: 'unlock', idempotencyKey: key() });
    expect(submitted.ok && submitted.value.status).toBe('failed');
    expect(submitted.ok && submitted.value.transitions.at(-1)?.detail).toContain('is offline; Unlock is never kept for later');
    cars.reachable.add(car);
    await service.deviceReachable(car);
    expect(cars.sent).toHaveLength(0);
  });

  it('keeps a queued command for an offline device and sends what it is owed, in order, when it comes back', async () => {
    const first = await service.submit(dispatcher, { deviceId: otherCar, type: 'lock', idempotencyKey: key() });
    const second = await service.submit(dispatcher, { deviceId: otherCar, type: 'requestState', idempotencyKey: key() });
    expect(first.ok && first.value.status).toBe('queued');
    expect(first.ok && first.value.expiresAtMs).toBe(nowMs + 10 * 60_000);
    cars.reachable.add(otherCar);
    await service.deviceReachable(otherCar);
    expect(cars.sent.map((command) => command.type)).toEqual(['lock', 'requestState']);
    expect(second.ok).toBe(true);
  });

  it('never sends a queued command after its expiry', async () => {
    const submitted = await service.submit(dispatcher, { deviceId: chargePoint, type: 'triggerMessage', params: { requestedMessage: 'Heartbeat' }, idempotencyKey: key() });
    if (!submitted.ok) throw new Error(submitted.error.message);
    nowMs += 5 * 60_000;
    chargePoints.reachable.add(chargePoint);
    await service.deviceReachable(chargePoint);
    expect(chargePoints.sent).toHaveLength(0);
    const [last] = await service.history(chargePoint, 1);
    expect(last?.status).toBe('expired');
    // Even a send attempted directly after the expiry is refused by the store.
    const late = await insertCommand(test.db, { id: `late-${key()}`, deviceId: chargePoint, type: 'triggerMessage', params: {}, operator: 'dora', idempotencyKey: key(), atMs: nowMs, expiresAtMs: nowMs, batchId: null });
    expect(await moveCommand(test.db, { id: late.command.id, to: 'sent', atMs: nowMs, detail: null })).toBeNull();
  });

  it('marks expired what waited too long, in the sweep', async () => {
    const submitted = await service.submit(dispatcher, { deviceId: otherCar, type: 'requestState', idempotencyKey: key() });
    if (!submitted.ok) throw new Error(submitted.error.message);
    await service.sweep();
    expect((await service.history(otherCar, 1))[0]?.status).toBe('queued');
    nowMs += 5 * 60_000;
    await service.sweep();
    expect((await service.history(otherCar, 1))[0]?.status).toBe('expired');
  });

  it('refuses what the role may not send, with a clear error, and audits the refusal', async () => {
    const refused = await service.submit(support, { deviceId: car, type: 'immobilise', idempotencyKey: key() });
    expect(refused).toEqual({ ok: false, error: { code: 'forbidden', message: 'The support role may not send Immobilise.' } });
    const audit = await readAudit(test.db, { target: `device:${car}` });
    expect(audit[0]).toMatchObject({ operator: 'sam', action: 'command:refused', details: { type: 'immobilise' } });
  });

  it('explains a request that cannot be carried out', async () => {
    const wrongKind = await service.submit(dispatcher, { deviceId: chargePoint, type: 'unlock', idempotencyKey: key() });
    expect(!wrongKind.ok && wrongKind.error.message).toBe(`Unlock is for cars; ${chargePoint} is a charge point.`);
    const badParams = await service.submit(dispatcher, { deviceId: chargePoint, type: 'unlockConnector', params: { connectorId: 0 }, idempotencyKey: key() });
    expect(!badParams.ok && badParams.error.code).toBe('invalid');
    expect(!badParams.ok && badParams.error.message).toContain('connectorId');
    const unknown = await service.submit(dispatcher, { deviceId: 'car-nowhere', type: 'lock', idempotencyKey: key() });
    expect(!unknown.ok && unknown.error.code).toBe('notFound');
    const noKey = await service.submit(dispatcher, { deviceId: car, type: 'lock' });
    expect(!noKey.ok && noKey.error.code).toBe('invalid');
  });

  it('tells a timeout as it is, and a late answer as what truly happened', async () => {
    cars.reachable.add(car);
    cars.answer = () => Promise.resolve({ status: 'timedOut', detail: 'No answer within 20 s' });
    const submitted = await service.submit(dispatcher, { deviceId: car, type: 'locate', idempotencyKey: key() });
    if (!submitted.ok) throw new Error(submitted.error.message);
    await settle(service, test.db, submitted.value.id, 'timedOut');
    await service.report(submitted.value.id, { status: 'succeeded', detail: 'Flashed and sounded (late answer)' });
    const [last] = await service.history(car, 1);
    expect(last?.transitions.map((step) => step.status)).toEqual(['queued', 'sent', 'timedOut', 'succeeded']);
  });

  it('waits for the result of an accepted command: a reboot succeeds when the charge point boots again', async () => {
    chargePoints.reachable.add(chargePoint);
    chargePoints.answer = () => Promise.resolve({ status: 'delivered', detail: 'Accepted' });
    const submitted = await service.submit(dispatcher, { deviceId: chargePoint, type: 'reset', params: { type: 'Soft' }, idempotencyKey: key() });
    if (!submitted.ok) throw new Error(submitted.error.message);
    await settle(service, test.db, submitted.value.id, 'delivered');
    await service.complete(chargePoint, ['reset'], { status: 'succeeded', detail: 'Booted again' });
    const [last] = await service.history(chargePoint, 1);
    expect(last?.transitions.map((step) => step.status)).toEqual(['queued', 'sent', 'delivered', 'succeeded']);
  });

  it('records a send that could not be made as failed, with why', async () => {
    cars.reachable.add(car);
    cars.answer = () => Promise.reject(new Error('broker connection lost'));
    const submitted = await service.submit(dispatcher, { deviceId: car, type: 'lock', idempotencyKey: key() });
    if (!submitted.ok) throw new Error(submitted.error.message);
    const failed = await settle(service, test.db, submitted.value.id, 'failed');
    expect(failed.transitions.at(-1)?.detail).toContain('broker connection lost');
  });

  it('cancels only what still waits for its device', async () => {
    const queued = await service.submit(dispatcher, { deviceId: otherCar, type: 'rebootTelematics', idempotencyKey: key() });
    if (!queued.ok) throw new Error(queued.error.message);
    const cancelled = await service.cancel(dispatcher, queued.value.id);
    expect(cancelled.ok && cancelled.value.status).toBe('cancelled');
    const again = await service.cancel(dispatcher, queued.value.id);
    expect(!again.ok && again.error.message).toContain('only a command still waiting for its device can be cancelled');
    cars.reachable.add(otherCar);
    await service.deviceReachable(otherCar);
    expect(cars.sent).toHaveLength(0);
  });

  it('closes, on start, the commands the last run left waiting for an answer', async () => {
    const left = await insertCommand(test.db, { id: `left-${key()}`, deviceId: car, type: 'lock', params: {}, operator: 'dora', idempotencyKey: key(), atMs: nowMs, expiresAtMs: nowMs + 60_000, batchId: null });
    await moveCommand(test.db, { id: left.command.id, to: 'sent', atMs: nowMs, detail: null });
    await service.start();
    const [last] = await service.history(car, 1);
    expect(last?.status).toBe('timedOut');
    expect(last?.transitions.at(-1)?.detail).toBe('The backend restarted before the answer came');
  });

  it('sends one command to many devices, each once, and refuses the devices it does not fit', async () => {
    const [first, second, third] = [car, otherCar, thirdCar];
    cars.reachable.add(first);
    cars.reachable.add(second);
    const request = { deviceIds: [first, second, third, chargePoint, first], type: 'lock', idempotencyKey: key() };
    const bulk = await service.submitBulk(dispatcher, request);
    if (!bulk.ok) throw new Error(bulk.error.message);
    expect(bulk.value.commands.map((command) => command.deviceId)).toEqual([first, second, third]);
    expect(bulk.value.commands.every((command) => command.batchId === bulk.value.batchId)).toBe(true);
    expect(bulk.value.refused).toEqual([{ deviceId: chargePoint, reason: `Lock is for cars; ${chargePoint} is a charge point.` }]);
    await Promise.all(bulk.value.commands.slice(0, 2).map((command) => settle(service, test.db, command.id, 'succeeded')));
    expect(bulk.value.commands[2]?.status).toBe('queued');
    const again = await service.submitBulk(dispatcher, request);
    expect(again.ok && again.value.commands.map((command) => command.id)).toEqual(bulk.value.commands.map((command) => command.id));
    expect(cars.sent.map((command) => command.deviceId).sort()).toEqual([first, second].sort());
    const forbidden = await service.submitBulk(support, { ...request, type: 'immobilise', idempotencyKey: key() });
    expect(!forbidden.ok && forbidden.error.code).toBe('forbidden');
  });

  it('keeps both answers in order when the second comes before the first is written', async () => {
    cars.reachable.add(car);
    // The car acks "accepted" and "succeeded" in one breath: the report races the write of "delivered".
    cars.answer = (command) => {
      void service.report(command.id, { status: 'succeeded', detail: 'Locked' });
      return Promise.resolve({ status: 'delivered', detail: 'Accepted by the car' });
    };
    const submitted = await service.submit(dispatcher, { deviceId: car, type: 'lock', idempotencyKey: key() });
    if (!submitted.ok) throw new Error(submitted.error.message);
    const done = await settle(service, test.db, submitted.value.id, 'succeeded');
    expect(done.transitions.map((step) => step.status)).toEqual(['queued', 'sent', 'delivered', 'succeeded']);
  });
});
