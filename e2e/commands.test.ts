/**
 * Commands and reservations through the whole system, as a console makes them: the real backend on real
 * sockets and the simulator's charge points and cars answering over OCPP and MQTT. Every command of the
 * catalogue is sent here at least once and followed to its true end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../backend/store/testing.js';
import { COMMAND_TYPES } from '../shared/commands.js';
import type { Command, CommandType } from '../shared/commands.js';
import { connectConsoleClient, until } from './support/console-client.js';
import type { ConsoleClient } from './support/console-client.js';
import { startSystem } from './support/system.js';
import type { RunningSystem } from './support/system.js';

const engine = testEngines()[0];
if (!engine) throw new Error('PGlite is always an engine');

describe('commands and reservations end to end', () => {
  let system: RunningSystem;
  let hub: ConsoleClient;
  /** Charge points a test has taken for itself: the next test looks for a free one elsewhere. */
  const taken: string[] = [];
  /** The types this file has sent, to prove at the end that none was left out. */
  const sentTypes = new Set<CommandType>();
  let keys = 0;

  async function send(deviceId: string, type: CommandType, params: Record<string, unknown> = {}): Promise<Command> {
    sentTypes.add(type);
    keys += 1;
    return hub.must('command:send', { deviceId, type, params, idempotencyKey: `e2e-${type}-${keys.toString().padStart(4, '0')}` });
  }

  async function chargePointDetail(deviceId: string) {
    const detail = await hub.must('device:get', { deviceId });
    if (detail.kind !== 'chargePoint') throw new Error(`${deviceId} is not a charge point`);
    return detail;
  }

  /** A charge point that is free now (the simulator's cars charge at some), taken for the calling test. */
  async function freeChargePoint(): Promise<string> {
    for (const device of system.network.devices) {
      if (device.kind !== 'chargePoint' || taken.includes(device.id)) continue;
      const detail = await chargePointDetail(device.id);
      if (detail.status === 'available' && detail.isOnline) {
        taken.push(device.id);
        return device.id;
      }
    }
    throw new Error('no free charge point');
  }

  const connectorStatus = async (deviceId: string) => (await chargePointDetail(deviceId)).state?.connectors.find((connector) => connector.connectorId === 1)?.status;

  beforeAll(async () => {
    system = await startSystem({ engine, fleet: { stations: 2, cars: 2, chargePoints: 8 }, drivingShare: 0 });
    await system.waitUntilAllOnline();
    hub = await connectConsoleClient(system);
  }, 120_000);

  afterAll(async () => {
    hub?.close();
    await system?.close();
  });

  it('reboots a charge point: it goes offline, comes back, and the command says so', async () => {
    const chargePoint = await freeChargePoint();
    const sent = await send(chargePoint, 'reset', { type: 'Soft' });
    const online: boolean[] = [];
    const noteOnline = async () => {
      const detail = await hub.call('device:get', { deviceId: chargePoint });
      if (detail.ok && online.at(-1) !== detail.value.isOnline) online.push(detail.value.isOnline);
    };
    await until('the reboot to succeed', async () => {
      await noteOnline();
      return hub.stepsOf(sent).includes('succeeded');
    });
    expect(hub.stepsOf(sent)).toEqual(['queued', 'sent', 'delivered', 'succeeded']);
    // Online, then offline while it reboots, then online again.
    await until('the charge point online again', async () => {
      await noteOnline();
      return online.at(-1) === true && online.includes(false);
    });
    expect(online).toEqual([true, false, true]);
    const again = await hub.must('command:send', { deviceId: chargePoint, type: 'reset', params: { type: 'Soft' }, idempotencyKey: 'e2e-reset-0001' });
    expect(again.id).toBe(sent.id);
  });

  it('takes a connector out of service and back, and unlocks it', async () => {
    const chargePoint = await freeChargePoint();
    await hub.reaches(await send(chargePoint, 'changeAvailability', { connectorId: 1, type: 'Inoperative' }), 'succeeded');
    await until('the connector to report Unavailable', async () => (await connectorStatus(chargePoint)) === 'Unavailable');
    await hub.reaches(await send(chargePoint, 'changeAvailability', { connectorId: 1, type: 'Operative' }), 'succeeded');
    await until('the connector to report Available', async () => (await connectorStatus(chargePoint)) === 'Available');
    const unlocked = await hub.reaches(await send(chargePoint, 'unlockConnector', { connectorId: 1 }), 'succeeded');
    expect(unlocked.transitions.at(-1)?.detail).toMatch(/unlocked/i);
  });

  it('starts a session remotely and stops it by the transaction the console is shown', async () => {
    const chargePoint = await freeChargePoint();
    await hub.reaches(await send(chargePoint, 'remoteStart', { connectorId: 1, idTag: 'E2E-VISITOR' }), 'succeeded');
    let transactionId: number | undefined;
    await until('the session to be open', async () => {
      transactionId = (await chargePointDetail(chargePoint)).openTransactions?.find((open) => open.idTag === 'E2E-VISITOR')?.transactionId;
      return transactionId !== undefined;
    });
    await until('the connector to report Charging', async () => (await connectorStatus(chargePoint)) === 'Charging');
    await hub.reaches(await send(chargePoint, 'remoteStop', { transactionId }), 'succeeded');
    await until('the session to be closed', async () => ((await chargePointDetail(chargePoint)).openTransactions ?? []).length === 0);
  });

  it('asks a charge point for a message, and follows a firmware update through its steps to the new version', async () => {
    const chargePoint = await freeChargePoint();
    await hub.reaches(await send(chargePoint, 'triggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 }), 'succeeded');
    const update = await send(chargePoint, 'updateFirmware', { location: 'https://firmware.example/pillar-9.9.1.bin' });
    const installed = await hub.reaches(update, 'succeeded', 60_000);
    expect(installed.transitions.map((step) => step.detail).filter((detail) => detail?.includes('irmware'))).toEqual(
      expect.arrayContaining(['Downloading the firmware', 'Installing the firmware', 'Firmware installed']),
    );
    await until('the new version to be reported', async () => (await chargePointDetail(chargePoint)).firmwareVersion === '9.9.1', 30_000);
  });

  it('reserves a charge point, which the charge point accepts, and refuses a second reservation over it', async () => {
    const chargePoint = await freeChargePoint();
    const startsAtMs = Date.now();
    const made = await hub.must('reservation:create', { deviceId: chargePoint, customerRef: 'CUST-E2E-1', startsAtMs, endsAtMs: startsAtMs + 3_600_000 });
    expect(made.status).toBe('active');
    const clash = await hub.call('reservation:create', { deviceId: chargePoint, customerRef: 'CUST-E2E-2', startsAtMs: startsAtMs + 600_000, endsAtMs: startsAtMs + 4_200_000 });
    expect(!clash.ok && clash.error.message).toContain(`already reserved by reservation ${made.id} for CUST-E2E-1`);
    await until('the charge point to report Reserved', async () => (await connectorStatus(chargePoint)) === 'Reserved');
    const cancelled = await hub.must('reservation:cancel', { reservationId: made.id });
    expect(cancelled.status).toBe('cancelled');
    await until('the charge point to report Available again', async () => (await connectorStatus(chargePoint)) === 'Available');
  });

  it('sends every car command with a signature the car checks, and the car says it did each', async () => {
    const car = system.network.devices.find((device) => device.kind === 'car')?.id ?? '';
    const carState = async () => {
      const detail = await hub.must('device:get', { deviceId: car });
      return detail.kind === 'car' ? detail.state : null;
    };
    for (const type of ['lock', 'unlock'] as const) {
      const done = await hub.reaches(await send(car, type), 'succeeded');
      expect(done.transitions.map((step) => step.status)).toEqual(['queued', 'sent', 'delivered', 'succeeded']);
    }
    await until('the car to report itself unlocked', async () => (await carState())?.sensors.locked.value === false);
    for (const type of ['locate', 'requestState', 'immobilise', 'release', 'lock'] as const) await hub.reaches(await send(car, type), 'succeeded');
    await until('the car to report itself locked', async () => (await carState())?.sensors.locked.value === true);
    // Done only once the unit reports from its new boot.
    const reboot = await hub.reaches(await send(car, 'rebootTelematics'), 'succeeded', 30_000);
    expect(reboot.transitions.map((step) => step.status)).toEqual(['queued', 'sent', 'delivered', 'succeeded']);
  });

  it('left no command of the catalogue unsent', () => {
    expect([...sentTypes].sort()).toEqual([...COMMAND_TYPES].sort());
  });
});
