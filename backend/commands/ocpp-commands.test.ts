/**
 * Charge point commands end to end: the command service, the OCPP gateway on a real socket, and
 * ocpp-rpc in strict OCPP 1.6 mode as a third-party charge point answering them.
 */
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Command, CommandStatus } from '../../shared/commands.js';
import type { OperatorIdentity } from '../../shared/console-api.js';
import { bootedChargePoint, chargePoint, PILLAR_BOOT, startOcppHarness } from '../gateways/ocpp/test-support.js';
import type { OcppHarness } from '../gateways/ocpp/test-support.js';
import { silentLogger, testEngines } from '../store/testing.js';
import { OcppCommandFollower, ocppTransport } from './ocpp-transport.js';
import { createCommandService } from './service.js';
import type { CommandService, CommandTransport } from './service.js';
import { commandById } from './store.js';

const admin: OperatorIdentity = { id: 1, username: 'ada', role: 'admin' };
const noCars: CommandTransport = {
  isReachable: () => false,
  send: () => Promise.reject(new Error('no cars here')),
};

let clickCount = 0;
const key = () => `ocpp-click-${++clickCount}`;

describe.each(testEngines())('charge point commands over OCPP on $name', (engine) => {
  let harness: OcppHarness;
  let service: CommandService;
  const clients: RPCClient[] = [];

  /** The command once it reaches `status` (the service announces every move). */
  function reaches(command: Command, status: CommandStatus): Promise<Command> {
    return new Promise((resolve) => {
      const stop = service.onChange((changed) => {
        if (changed.id !== command.id || changed.status !== status) return;
        stop();
        resolve(changed);
      });
      void commandById(harness.test.db, command.id).then((stored) => {
        if (stored?.status !== status) return;
        stop();
        resolve(stored);
      });
    });
  }

  async function submit(request: Record<string, unknown>): Promise<Command> {
    const result = await service.submit(admin, { idempotencyKey: key(), ...request });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  async function booted(identity: string): Promise<RPCClient> {
    const client = await bootedChargePoint(harness.endpoint, identity);
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    const follower = new OcppCommandFollower(silentLogger);
    harness = await startOcppHarness(engine, {}, undefined, follower);
    service = createCommandService({ db: harness.test.db, inventory: harness.inventory, transports: { chargePoint: ocppTransport(harness.gateway), car: noCars }, logger: silentLogger });
    follower.service = service;
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close({ code: 1000 })));
  });

  afterAll(async () => {
    await service.close();
    await harness.close();
  });

  it('unlocks a connector: the charge point gets the call and its answer is the result', async () => {
    const client = await booted('cp-1');
    const asked: unknown[] = [];
    client.handle('UnlockConnector', async ({ params }) => {
      asked.push(params);
      return { status: 'Unlocked' };
    });
    const done = await reaches(await submit({ deviceId: 'cp-1', type: 'unlockConnector', params: { connectorId: 1 } }), 'succeeded');
    expect(asked).toEqual([{ connectorId: 1 }]);
    expect(done.transitions.map((step) => step.status)).toEqual(['queued', 'sent', 'succeeded']);
    expect(done.transitions.at(-1)?.detail).toBe('The charge point answered Unlocked');
  });

  it('carries each OCPP command to the charge point as OCPP 1.6 says, and takes Accepted as done', async () => {
    const client = await booted('cp-8');
    const heard: [string, unknown][] = [];
    const answering = (action: string) => client.handle(action, async ({ params }) => {
      heard.push([action, params]);
      return { status: 'Accepted' };
    });
    for (const action of ['ChangeAvailability', 'RemoteStartTransaction', 'RemoteStopTransaction', 'TriggerMessage']) answering(action);
    const cases = [
      { type: 'changeAvailability', params: { connectorId: 0, type: 'Inoperative' }, action: 'ChangeAvailability', payload: { connectorId: 0, type: 'Inoperative' } },
      { type: 'remoteStart', params: { connectorId: 1, idTag: 'CUSTOMER-7' }, action: 'RemoteStartTransaction', payload: { connectorId: 1, idTag: 'CUSTOMER-7' } },
      { type: 'remoteStop', params: { transactionId: 4711 }, action: 'RemoteStopTransaction', payload: { transactionId: 4711 } },
      { type: 'triggerMessage', params: { requestedMessage: 'StatusNotification', connectorId: 1 }, action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification', connectorId: 1 } },
    ];
    for (const { type, params, action, payload } of cases) {
      const done = await reaches(await submit({ deviceId: 'cp-8', type, params }), 'succeeded');
      expect(heard.at(-1)).toEqual([action, payload]);
      expect(done.transitions.at(-1)?.detail).toBe('The charge point answered Accepted');
    }
    expect(heard).toHaveLength(cases.length);
  });

  it('reboots a charge point: accepted first, succeeded when it boots again', async () => {
    const client = await booted('cp-2');
    client.handle('Reset', async () => ({ status: 'Accepted' }));
    const command = await submit({ deviceId: 'cp-2', type: 'reset', params: { type: 'Soft' } });
    await reaches(command, 'delivered');
    await client.close({ code: 1000 });
    const again = await booted('cp-2');
    expect(again.state).toBe(1);
    const done = await reaches(command, 'succeeded');
    expect(done.transitions.map((step) => step.status)).toEqual(['queued', 'sent', 'delivered', 'succeeded']);
  });

  it('reports a refusal and an unknown call as rejected, with what the charge point said', async () => {
    const client = await booted('cp-3');
    client.handle('RemoteStartTransaction', async () => ({ status: 'Rejected' }));
    const refused = await reaches(await submit({ deviceId: 'cp-3', type: 'remoteStart', params: { connectorId: 1, idTag: 'CUSTOMER-7' } }), 'rejected');
    expect(refused.transitions.at(-1)?.detail).toBe('The charge point answered Rejected');
    const unknown = await reaches(await submit({ deviceId: 'cp-3', type: 'triggerMessage', params: { requestedMessage: 'Heartbeat' } }), 'rejected');
    expect(unknown.transitions.at(-1)?.detail).toContain('NotImplemented');
  });

  it('says when the charge point does not answer in time', async () => {
    const client = await booted('cp-4');
    // It answers, but a second late: the command has timed out by then.
    client.handle('ChangeAvailability', () => new Promise((resolve) => setTimeout(() => resolve({ status: 'Accepted' }), 1000)));
    const command: Command = {
      id: 'never-answered',
      deviceId: 'cp-4',
      type: 'changeAvailability',
      params: { connectorId: 0, type: 'Inoperative' },
      status: 'sent',
      operator: 'ada',
      createdAtMs: Date.now(),
      expiresAtMs: null,
      batchId: null,
      transitions: [],
    };
    expect(await ocppTransport(harness.gateway).send(command, 200)).toEqual({ status: 'timedOut', detail: 'No answer within 0.2 s' });
  });

  it('keeps a queued command for an offline charge point and sends it when it connects', async () => {
    const command = await submit({ deviceId: 'cp-5', type: 'triggerMessage', params: { requestedMessage: 'StatusNotification', connectorId: 1 } });
    expect(command.status).toBe('queued');
    const client = chargePoint(harness.endpoint, 'cp-5');
    clients.push(client);
    const asked: unknown[] = [];
    client.handle('TriggerMessage', async ({ params }) => {
      asked.push(params);
      return { status: 'Accepted' };
    });
    await client.connect();
    await client.call('BootNotification', PILLAR_BOOT);
    await reaches(command, 'succeeded');
    expect(asked).toEqual([{ requestedMessage: 'StatusNotification', connectorId: 1 }]);
  });

  it('fails an unlock for an offline charge point at once, and does not send it when it connects', async () => {
    const command = await submit({ deviceId: 'cp-6', type: 'unlockConnector', params: { connectorId: 1 } });
    expect(command.status).toBe('failed');
    const client = await booted('cp-6');
    let unlocks = 0;
    client.handle('UnlockConnector', async () => {
      unlocks++;
      return { status: 'Unlocked' };
    });
    await client.call('Heartbeat', {});
    expect(unlocks).toBe(0);
    expect((await commandById(harness.test.db, command.id))?.status).toBe('failed');
  });

  it('follows a firmware update through its progress to its installation', async () => {
    const client = await booted('cp-7');
    client.handle('UpdateFirmware', async () => ({}));
    const command = await submit({ deviceId: 'cp-7', type: 'updateFirmware', params: { location: 'https://firmware.example/pillar-2.5.0.bin' } });
    await reaches(command, 'delivered');
    const details = async () => (await commandById(harness.test.db, command.id))?.transitions.map((step) => step.detail) ?? [];
    await client.call('FirmwareStatusNotification', { status: 'Downloading' });
    await vi.waitFor(async () => expect(await details()).toContain('Downloading the firmware'));
    await client.call('FirmwareStatusNotification', { status: 'Installing' });
    await vi.waitFor(async () => expect(await details()).toContain('Installing the firmware'));
    expect((await commandById(harness.test.db, command.id))?.status).toBe('delivered');
    await client.call('FirmwareStatusNotification', { status: 'Installed' });
    const done = await reaches(command, 'succeeded');
    expect(done.transitions.map((step) => step.status)).toEqual(['queued', 'sent', 'delivered', 'delivered', 'delivered', 'succeeded']);
    expect(done.transitions.at(-1)?.detail).toBe('Firmware installed');
  });
});
