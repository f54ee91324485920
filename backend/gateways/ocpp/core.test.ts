import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testEngines } from '../../store/testing.js';
import { PILLAR_BOOT, bootedChargePoint, chargePoint, rawChargePoint, startOcppHarness } from './test-support.js';
import type { OcppHarness } from './test-support.js';

const bootAnswer = z.object({ status: z.enum(['Accepted', 'Pending', 'Rejected']), currentTime: z.iso.datetime(), interval: z.number().int() });
const startAnswer = z.object({ transactionId: z.number().int(), idTagInfo: z.object({ status: z.string() }) });
const outboundCall = z.object({ outbound: z.boolean(), payload: z.tuple([z.literal(2), z.string(), z.string(), z.unknown()]) });

async function rpcErrorCode(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error && 'rpcErrorCode' in error ? error.rpcErrorCode : error;
  }
  return 'answered';
}

describe.each(testEngines())('OCPP Core profile on $name', (engine) => {
  let harness: OcppHarness;

  beforeAll(async () => {
    harness = await startOcppHarness(engine, { blockedIdTags: ['Stolen-Tag'] });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('answers every Core call as OCPP 1.6 says and takes each into the state and history with its message id', async () => {
    const { endpoint, state, received } = harness;
    const client = chargePoint(endpoint, 'cp-1');
    const sentIds = new Map<string, string>();
    client.on('call', (event: unknown) => {
      const call = outboundCall.safeParse(event);
      if (call.success && call.data.outbound) sentIds.set(call.data.payload[2], call.data.payload[1]);
    });
    await client.connect();

    const boot = bootAnswer.parse(await client.call('BootNotification', PILLAR_BOOT));
    expect(boot).toMatchObject({ status: 'Accepted', interval: 60 });
    expect(Math.abs(Date.parse(boot.currentTime) - Date.now())).toBeLessThan(5000);
    expect(await client.call('Heartbeat', {})).toHaveProperty('currentTime');
    const now = new Date().toISOString();
    expect(await client.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available', timestamp: now })).toEqual({});
    expect(await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: now })).toEqual({});
    expect(await client.call('Authorize', { idTag: 'CUSTOMER1' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    const started = startAnswer.parse(await client.call('StartTransaction', { connectorId: 1, idTag: 'CUSTOMER1', meterStart: 15300, timestamp: now }));
    expect(started.idTagInfo.status).toBe('Accepted');
    const meter = { timestamp: now, sampledValue: [{ value: '15400', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }, { value: '7.2', measurand: 'Power.Active.Import', unit: 'kW' }] };
    expect(await client.call('MeterValues', { connectorId: 1, transactionId: started.transactionId, meterValue: [meter] })).toEqual({});
    expect(await client.call('StopTransaction', { transactionId: started.transactionId, meterStop: 15500, timestamp: now, idTag: 'CUSTOMER1', reason: 'Local' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await client.call('DataTransfer', { vendorId: 'com.example' })).toEqual({ status: 'UnknownVendorId' });
    expect(await client.call('DataTransfer', { vendorId: 'cyberponies', messageId: 'Unheard-of' })).toEqual({ status: 'UnknownMessageId' });
    expect(await client.call('FirmwareStatusNotification', { status: 'Installed' })).toEqual({});
    expect(await client.call('DiagnosticsStatusNotification', { status: 'Uploaded' })).toEqual({});

    const detail = state.detail('cp-1');
    if (detail?.kind !== 'chargePoint') throw new Error('expected a charge point');
    expect(detail.state).toMatchObject({ vendor: 'IER', model: 'Autolib pillar 1.6', firmwareVersion: '2.4.1', energyWh: 15_400, powerW: 7200 });
    expect(detail.state?.lastHeartbeatAt).not.toBeNull();
    expect(detail.state?.connectors.map(({ connectorId, status }) => ({ connectorId, status }))).toEqual([
      { connectorId: 0, status: 'Available' },
      { connectorId: 1, status: 'Charging' },
    ]);

    const calls = received.filter((message) => message.deviceId === 'cp-1' && message.channel !== 'ocpp:connection');
    expect(calls.map((message) => message.channel)).toEqual([
      'ocpp:BootNotification',
      'ocpp:Heartbeat',
      'ocpp:StatusNotification',
      'ocpp:StatusNotification',
      'ocpp:Authorize',
      'ocpp:StartTransaction',
      'ocpp:MeterValues',
      'ocpp:StopTransaction',
      'ocpp:DataTransfer',
      'ocpp:DataTransfer',
      'ocpp:FirmwareStatusNotification',
      'ocpp:DiagnosticsStatusNotification',
    ]);
    // The envelope carries the OCPP message id, so ingest can tell a resent call from a new one.
    expect(new Set(calls.map((message) => message.messageId)).size).toBe(calls.length);
    // OCPP message ids are unique within a connection only: the connection is the boot.
    const connections = new Set(received.filter((message) => message.deviceId === 'cp-1').map((message) => message.bootId));
    expect(connections.size).toBe(1);
    expect([...connections][0]).toEqual(expect.any(String));
    for (const message of calls) {
      if (message.channel === 'ocpp:Heartbeat') expect(message.messageId).toBe(sentIds.get('Heartbeat'));
      if (message.channel === 'ocpp:StopTransaction') expect(message.messageId).toBe(sentIds.get('StopTransaction'));
    }

    await harness.ingest.flush();
    const history = await harness.test.db.query<{ channel: string }>("select channel from telemetry where device_id = 'cp-1'");
    expect(history.rows.filter((row) => row.channel === 'ocpp:StatusNotification')).toHaveLength(2);
    const stored = await harness.test.db.query('select connector_id, id_tag, meter_start_wh, meter_stop_wh, stop_reason from transactions where id = $1', [started.transactionId]);
    expect(stored.rows.map((row) => ({ ...row, meter_start_wh: Number(row.meter_start_wh), meter_stop_wh: Number(row.meter_stop_wh) }))).toEqual([
      { connector_id: 1, id_tag: 'CUSTOMER1', meter_start_wh: 15300, meter_stop_wh: 15500, stop_reason: 'Local' },
    ]);
    await client.close();
  });

  it('rejects a boot whose vendor or model is not the inventory model, and refuses other calls until Accepted', async () => {
    const { endpoint, received } = harness;
    const client = chargePoint(endpoint, 'cp-2');
    await client.connect();
    const rejected = bootAnswer.parse(await client.call('BootNotification', { chargePointVendor: 'Someone', chargePointModel: 'Other box' }));
    expect(rejected).toMatchObject({ status: 'Rejected', interval: 600 });
    const before = received.length;
    expect(await rpcErrorCode(client.call('Heartbeat', {}))).toBe('SecurityError');
    expect(await rpcErrorCode(client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }))).toBe('SecurityError');
    // Refused calls are not recorded: the charge point keeps them and sends them again once Accepted.
    expect(received.slice(before).filter((message) => message.deviceId === 'cp-2')).toEqual([]);
    // OCPP's CiString compares case-insensitively.
    const accepted = bootAnswer.parse(await client.call('BootNotification', { chargePointVendor: 'ier', chargePointModel: 'AUTOLIB PILLAR 1.6' }));
    expect(accepted.status).toBe('Accepted');
    expect(await client.call('Heartbeat', {})).toHaveProperty('currentTime');
    await client.close();
  });

  it('numbers transactions uniquely across charge points, gives a resent start its id, and answers every stop', async () => {
    const { endpoint, test } = harness;
    const first = await bootedChargePoint(endpoint, 'cp-3');
    const second = await bootedChargePoint(endpoint, 'cp-4');
    const timestamp = new Date().toISOString();
    const start = { connectorId: 1, idTag: 'CUSTOMER2', meterStart: 100, timestamp };
    const a = startAnswer.parse(await first.call('StartTransaction', start));
    const b = startAnswer.parse(await second.call('StartTransaction', start));
    const c = startAnswer.parse(await first.call('StartTransaction', { ...start, connectorId: 2 }));
    expect(new Set([a.transactionId, b.transactionId, c.transactionId]).size).toBe(3);
    // The answer was lost, so the charge point sends the same start again.
    expect(startAnswer.parse(await first.call('StartTransaction', start)).transactionId).toBe(a.transactionId);

    const stop = { meterStop: 200, timestamp: new Date().toISOString() };
    expect(await first.call('StopTransaction', { ...stop, transactionId: a.transactionId })).toEqual({});
    // A resent stop, a transaction of another charge point, and one never heard of: all answered.
    expect(await first.call('StopTransaction', { ...stop, transactionId: a.transactionId, meterStop: 999 })).toEqual({});
    expect(await first.call('StopTransaction', { ...stop, transactionId: b.transactionId, idTag: 'CUSTOMER2' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await first.call('StopTransaction', { ...stop, transactionId: 2_000_000_000 })).toEqual({});
    expect(await first.call('StopTransaction', { ...stop, transactionId: -5 })).toEqual({});

    const rows = await test.db.query<{ id: number; meter_stop_wh: unknown }>('select id, meter_stop_wh from transactions where id = any($1::int[]) order by id', [[a.transactionId, b.transactionId]]);
    expect(rows.rows.map((row) => ({ id: row.id, meterStop: row.meter_stop_wh === null ? null : Number(row.meter_stop_wh) }))).toEqual(
      [
        { id: a.transactionId, meterStop: 200 },
        { id: b.transactionId, meterStop: null },
      ].sort((left, right) => left.id - right.id),
    );
    await Promise.all([first.close(), second.close()]);
  });

  it('answers Blocked for a blocked id tag, and still numbers its transaction', async () => {
    const client = await bootedChargePoint(harness.endpoint, 'cp-5');
    expect(await client.call('Authorize', { idTag: 'STOLEN-TAG' })).toEqual({ idTagInfo: { status: 'Blocked' } });
    const started = startAnswer.parse(await client.call('StartTransaction', { connectorId: 1, idTag: 'stolen-tag', meterStart: 0, timestamp: new Date().toISOString() }));
    expect(started.idTagInfo.status).toBe('Blocked');
    expect(started.transactionId).toBeGreaterThan(0);
    await client.close();
  });

  it('answers calls from a charge point that does not wait, one at a time and in the order sent', async () => {
    const raw = await rawChargePoint(harness.endpoint, 'cp-6');
    const timestamp = new Date().toISOString();
    const frames = [1, 2, 3, 4, 5].map((connectorId) => JSON.stringify([2, `start-${connectorId}`, 'StartTransaction', { connectorId, idTag: 'CUSTOMER3', meterStart: 0, timestamp }]));
    const answers = await Promise.all(frames.map((frame) => raw.exchange(frame)));
    const parsed = answers.map((answer) => z.tuple([z.literal(3), z.string(), startAnswer]).parse(answer));
    expect(parsed.map(([, messageId]) => messageId)).toEqual(['start-1', 'start-2', 'start-3', 'start-4', 'start-5']);
    const ids = parsed.map(([, , answer]) => answer.transactionId);
    expect(ids).toEqual([...ids].sort((left, right) => left - right));
    raw.socket.close();
  });
});

describe.each(testEngines())('OCPP registration held Pending on $name', (engine) => {
  let harness: OcppHarness;

  beforeAll(async () => {
    harness = await startOcppHarness(engine, { registration: 'pending' });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('answers Pending with a retry interval and lets the charge point only boot again', async () => {
    const client = chargePoint(harness.endpoint, 'cp-7');
    await client.connect();
    expect(bootAnswer.parse(await client.call('BootNotification', PILLAR_BOOT))).toMatchObject({ status: 'Pending', interval: 60 });
    expect(await rpcErrorCode(client.call('Heartbeat', {}))).toBe('SecurityError');
    expect(await rpcErrorCode(client.call('StartTransaction', { connectorId: 1, idTag: 'A', meterStart: 0, timestamp: new Date().toISOString() }))).toBe('SecurityError');
    expect(bootAnswer.parse(await client.call('BootNotification', PILLAR_BOOT)).status).toBe('Pending');
    // While Pending the central system may still call the charge point.
    client.handle('GetConfiguration', async () => ({ configurationKey: [] }));
    expect(await harness.gateway.call('cp-7', 'GetConfiguration', {})).toEqual({ configurationKey: [] });
    await client.close();
  });
});
