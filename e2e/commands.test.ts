/**
 * Commands and reservations through the whole system, as a console makes them: the real backend on real
 * sockets and the simulator's charge points and cars answering over OCPP and MQTT.
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../backend/store/testing.js';
import type { Command } from '../shared/commands.js';
import { CONSOLE_NAMESPACE } from '../shared/console-api.js';
import type { ClientToServerEvents, ConsoleAnswers, ConsoleRequestName, ServerToClientEvents } from '../shared/console-api.js';
import type { Result } from '../shared/result.js';
import { startSystem } from './support/system.js';
import type { RunningSystem } from './support/system.js';

const engine = testEngines()[0];
if (!engine) throw new Error('PGlite is always an engine');

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('commands and reservations end to end', () => {
  let system: RunningSystem;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Every state each command was pushed in, in order. */
  const seen = new Map<string, Command[]>();

  function call<Name extends ConsoleRequestName>(name: Name, request: unknown): Promise<Result<ConsoleAnswers[Name]>> {
    // Untyped on purpose, as the hub must take whatever a console sends.
    const untyped = socket as unknown as { emit(event: string, request: unknown, acknowledge: (answer: Result<ConsoleAnswers[Name]>) => void): void };
    return new Promise((resolve) => untyped.emit(name, request, resolve));
  }

  async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  const statusesOf = (command: Command) => (seen.get(command.id) ?? []).map((copy) => copy.status);
  /** The lifecycle of the newest copy pushed: pushes are batched, so a copy may carry several steps. */
  const stepsOf = (command: Command) => (seen.get(command.id)?.at(-1)?.transitions ?? []).map((step) => step.status);

  /** A charge point that is free now (the simulator's cars charge at some). */
  async function freeChargePoint(besides: readonly string[]): Promise<string> {
    for (const deviceId of chargePoints()) {
      if (besides.includes(deviceId)) continue;
      const detail = await call('device:get', { deviceId });
      if (detail.ok && detail.value.status === 'available' && detail.value.isOnline) return deviceId;
    }
    throw new Error('no free charge point');
  }
  const rebooted: string[] = [];

  beforeAll(async () => {
    system = await startSystem({ engine, fleet: { stations: 2, cars: 2, chargePoints: 6 } });
    await system.waitUntilAllOnline();
    const { token } = await system.login();
    socket = io(`${system.url}${CONSOLE_NAMESPACE}`, { auth: { token }, transports: ['websocket'] });
    socket.on('commands:changes', ({ commands }) => {
      for (const command of commands) seen.set(command.id, [...(seen.get(command.id) ?? []), command]);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  }, 120_000);

  afterAll(async () => {
    socket.disconnect();
    await system.close();
  });

  const chargePoints = () => system.network.devices.filter((device) => device.kind === 'chargePoint').map((device) => device.id);

  it('reboots a charge point: it goes offline, comes back, and the command says so', async () => {
    const chargePoint = await freeChargePoint([]);
    rebooted.push(chargePoint);
    const sent = await call('command:send', { deviceId: chargePoint, type: 'reset', params: { type: 'Soft' }, idempotencyKey: 'e2e-reboot-0001' });
    if (!sent.ok) throw new Error(sent.error.message);
    const online: boolean[] = [];
    await until('the reboot to succeed', async () => {
      const detail = await call('device:get', { deviceId: chargePoint });
      if (detail.ok && online.at(-1) !== detail.value.isOnline) online.push(detail.value.isOnline);
      return statusesOf(sent.value).includes('succeeded');
    });
    expect(stepsOf(sent.value)).toEqual(['queued', 'sent', 'delivered', 'succeeded']);
    // Online, then offline while it reboots, then online again.
    await until('the charge point online again', async () => {
      const detail = await call('device:get', { deviceId: chargePoint });
      if (detail.ok && online.at(-1) !== detail.value.isOnline) online.push(detail.value.isOnline);
      return online.at(-1) === true && online.includes(false);
    });
    expect(online).toEqual([true, false, true]);
    const again = await call('command:send', { deviceId: chargePoint, type: 'reset', params: { type: 'Soft' }, idempotencyKey: 'e2e-reboot-0001' });
    expect(again.ok && again.value.id).toBe(sent.value.id);
  });

  it('reserves a charge point, which the charge point accepts, and refuses a second reservation over it', async () => {
    const chargePoint = await freeChargePoint(rebooted);
    const startsAtMs = Date.now();
    const made = await call('reservation:create', { deviceId: chargePoint, customerRef: 'CUST-E2E-1', startsAtMs, endsAtMs: startsAtMs + 3_600_000 });
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value.status).toBe('active');
    const clash = await call('reservation:create', { deviceId: chargePoint, customerRef: 'CUST-E2E-2', startsAtMs: startsAtMs + 600_000, endsAtMs: startsAtMs + 4_200_000 });
    expect(!clash.ok && clash.error.message).toContain(`already reserved by reservation ${made.value.id} for CUST-E2E-1`);
    // The charge point shows the connector reserved.
    await until('the charge point to report Reserved', async () => {
      const detail = await call('device:get', { deviceId: chargePoint });
      return detail.ok && detail.value.kind === 'chargePoint' && (detail.value.state?.connectors.some((connector) => connector.status === 'Reserved') ?? false);
    });
    const cancelled = await call('reservation:cancel', { reservationId: made.value.id });
    expect(cancelled.ok && cancelled.value.status).toBe('cancelled');
  });

  it('locks and unlocks a car with signed commands, and the car says it did', async () => {
    const car = system.network.devices.find((device) => device.kind === 'car')?.id ?? '';
    for (const [type, key] of [['lock', 'e2e-lock-0001'], ['unlock', 'e2e-unlock-0001']] as const) {
      const sent = await call('command:send', { deviceId: car, type, idempotencyKey: key });
      if (!sent.ok) throw new Error(sent.error.message);
      await until(`${type} to succeed`, () => statusesOf(sent.value).includes('succeeded'));
      expect(stepsOf(sent.value)).toEqual(['queued', 'sent', 'delivered', 'succeeded']);
    }
    await until('the car to report itself unlocked', async () => {
      const detail = await call('device:get', { deviceId: car });
      return detail.ok && detail.value.kind === 'car' && detail.value.state?.sensors.locked.value === false;
    });
  });
});
