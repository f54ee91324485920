import http from 'node:http';
import { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createIngest } from '../ingest/index.js';
import type { Ingest } from '../ingest/index.js';
import { createStateCache } from '../state/index.js';
import type { StateCache } from '../state/index.js';
import { createTestInventory, eventually, insertDevices, listenLocally, testDevice, testSecret } from '../state/test-support.js';
import { attachOcppGateway } from './ocpp.js';
import type { OcppGateway } from './ocpp.js';

const devices = [testDevice('cp-1', 'chargePoint'), testDevice('cp-2', 'chargePoint'), testDevice('car-1', 'car')];

describe.each(testEngines())('OCPP gateway on $name', (engine) => {
  let test: TestDatabase;
  let server: http.Server;
  let state: StateCache;
  let ingest: Ingest;
  let gateway: OcppGateway;
  let endpoint: string;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, devices);
    const inventory = createTestInventory(devices);
    state = createStateCache({ db: test.db, inventory, logger: silentLogger });
    await state.load();
    ingest = createIngest({ db: test.db, state, logger: silentLogger });
    server = http.createServer((_request, response) => response.writeHead(404).end());
    gateway = await attachOcppGateway({ server, inventory, ingest, state, logger: silentLogger });
    endpoint = `ws://127.0.0.1:${await listenLocally(server)}/ocpp`;
  });

  afterAll(async () => {
    await gateway.close();
    await new Promise((resolve) => server.close(resolve));
    await ingest.close();
    await state.close();
    await test.cleanup();
  });

  /** A charge point as a real one speaks: ocpp-rpc's client in strict OCPP 1.6 mode. */
  function chargePoint(identity: string, password: string | null): RPCClient {
    return new RPCClient({
      endpoint,
      identity,
      password,
      protocols: ['ocpp1.6'],
      strictMode: true,
      strictModeValidators: [],
      reconnect: false,
      maxReconnects: 0,
      callTimeoutMs: 5000,
      pingIntervalMs: 30_000,
      deferPingsOnActivity: false,
      respondWithDetailedErrors: false,
      callConcurrency: 1,
      maxBadMessages: Number.POSITIVE_INFINITY,
      wsOpts: {},
      headers: {},
      backoff: { initialDelay: 100, maxDelay: 1000, factor: 2, randomisationFactor: 0 },
    });
  }

  async function refusal(client: RPCClient): Promise<unknown> {
    try {
      await client.connect();
    } catch (error) {
      return error instanceof Error && 'code' in error ? error.code : error;
    }
    await client.close();
    return 'connected';
  }

  it('refuses unknown identities with 404 and wrong credentials with 401', async () => {
    expect(await refusal(chargePoint('cp-unknown', 'whatever'))).toBe(404);
    // A car's id is not a charge point's.
    expect(await refusal(chargePoint('car-1', testSecret('car-1')))).toBe(404);
    expect(await refusal(chargePoint('cp-1', 'wrong-secret'))).toBe(401);
    expect(await refusal(chargePoint('cp-1', null))).toBe(401);
    expect(state.detail('cp-1')?.isOnline).toBe(false);
  });

  it('takes boot, connector status and meter values into the state and history', async () => {
    const client = chargePoint('cp-1', testSecret('cp-1'));
    await client.connect();
    await eventually(() => state.detail('cp-1')?.isOnline === true, 'cp-1 online');
    expect(state.detail('cp-1')?.status).toBe('available');

    const boot = await client.call('BootNotification', { chargePointVendor: 'IER', chargePointModel: 'Pillar 1.6', firmwareVersion: '2.4.1' });
    expect(boot).toMatchObject({ status: 'Accepted', interval: 60 });
    const { currentTime } = z.object({ currentTime: z.iso.datetime() }).parse(boot);
    expect(Math.abs(Date.parse(currentTime) - Date.now())).toBeLessThan(5000);
    expect(await client.call('Heartbeat', {})).toHaveProperty('currentTime');
    const now = new Date().toISOString();
    await client.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available', timestamp: now });
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: now });
    expect(state.detail('cp-1')?.status).toBe('charging');
    await client.call('MeterValues', {
      connectorId: 1,
      meterValue: [
        {
          timestamp: now,
          sampledValue: [
            { value: '15300', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
            { value: '7.2', measurand: 'Power.Active.Import', unit: 'kW' },
          ],
        },
      ],
    });
    const started = await client.call('StartTransaction', { connectorId: 1, idTag: 'CUSTOMER1', meterStart: 15300, timestamp: now });
    const { transactionId } = z.object({ transactionId: z.number().int(), idTagInfo: z.object({ status: z.literal('Accepted') }) }).parse(started);
    expect(await client.call('StopTransaction', { transactionId, meterStop: 15400, timestamp: now })).toEqual({});
    expect(await client.call('Authorize', { idTag: 'CUSTOMER1' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await client.call('DataTransfer', { vendorId: 'com.example' })).toEqual({ status: 'UnknownVendorId' });

    const detail = state.detail('cp-1');
    if (detail?.kind !== 'chargePoint') throw new Error('expected a charge point');
    expect(detail.state).toMatchObject({ vendor: 'IER', model: 'Pillar 1.6', firmwareVersion: '2.4.1', energyWh: 15_300, powerW: 7200 });
    expect(detail.state?.lastHeartbeatAt).not.toBeNull();
    expect(detail.state?.connectors.map(({ connectorId, status }) => ({ connectorId, status }))).toEqual([
      { connectorId: 0, status: 'Available' },
      { connectorId: 1, status: 'Charging' },
    ]);

    await ingest.flush();
    const history = await test.db.query<{ channel: string }>("select channel from telemetry where device_id = 'cp-1' order by received_at, channel");
    expect(history.rows.map((row) => row.channel)).toEqual(
      expect.arrayContaining([
        'ocpp:connection',
        'ocpp:BootNotification',
        'ocpp:Heartbeat',
        'ocpp:StatusNotification',
        'ocpp:MeterValues',
        'ocpp:StartTransaction',
        'ocpp:StopTransaction',
        'ocpp:Authorize',
        'ocpp:DataTransfer',
      ]),
    );
    expect(history.rows.filter((row) => row.channel === 'ocpp:StatusNotification')).toHaveLength(2);

    await client.close();
    await eventually(() => state.detail('cp-1')?.status === 'offline', 'cp-1 offline after it disconnects');
  });

  it('replaces an older connection of the same charge point', async () => {
    const first = chargePoint('cp-2', testSecret('cp-2'));
    await first.connect();
    const firstClosed = new Promise((resolve) => first.once('close', resolve));
    const second = chargePoint('cp-2', testSecret('cp-2'));
    await second.connect();
    await firstClosed;
    // The old connection's end must not mark the charge point offline.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state.detail('cp-2')?.isOnline).toBe(true);
    expect(await second.call('Heartbeat', {})).toHaveProperty('currentTime');
    await second.close();
    await eventually(() => state.detail('cp-2')?.isOnline === false, 'cp-2 offline');
  });

  it('leaves other upgrade paths alone and refuses malformed OCPP paths', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = http.request(`${endpoint.replace('ws:', 'http:')}/cp-1/extra`, { headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
      request.on('response', (response) => resolve(response.statusCode));
      request.on('upgrade', () => reject(new Error('upgraded')));
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(404);
  });
});
