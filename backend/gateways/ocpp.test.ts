import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, testSecret } from '../state/test-support.js';
import { testEngines } from '../store/testing.js';
import { createAuthGuard } from './auth-guard.js';
import { bootedChargePoint, chargePoint, connectOutcome, rawChargePoint, startOcppHarness } from './ocpp/test-support.js';
import type { OcppHarness } from './ocpp/test-support.js';

// Long enough that a busy test machine does not miss a healthy pong; a silent socket goes within two intervals.
const PING_INTERVAL_MS = 1000;

describe.each(testEngines())('OCPP connections on $name', (engine) => {
  let harness: OcppHarness;

  beforeAll(async () => {
    harness = await startOcppHarness(engine, { pingIntervalMs: PING_INTERVAL_MS });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('refuses unknown identities with 404 and wrong credentials with 401 (Security Profile 1)', async () => {
    const { endpoint, state } = harness;
    expect(await connectOutcome(chargePoint(endpoint, 'cp-unknown', { password: 'whatever' }))).toBe(404);
    // A car's id is not a charge point's.
    expect(await connectOutcome(chargePoint(endpoint, 'car-1', { password: testSecret('car-1') }))).toBe(404);
    expect(await connectOutcome(chargePoint(endpoint, 'cp-1', { password: 'wrong-secret' }))).toBe(401);
    expect(await connectOutcome(chargePoint(endpoint, 'cp-1', { password: null }))).toBe(401);
    expect(state.detail('cp-1')?.isOnline).toBe(false);
  });

  it('replaces an older connection of the same charge point, which keeps its registration', async () => {
    const { endpoint, state } = harness;
    const first = await bootedChargePoint(endpoint, 'cp-2');
    const firstClosed = new Promise((resolve) => first.once('close', resolve));
    const second = chargePoint(endpoint, 'cp-2');
    await second.connect();
    await firstClosed;
    // The old connection's end must not mark the charge point offline.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state.detail('cp-2')?.isOnline).toBe(true);
    // A reconnection without a new boot is still Accepted.
    expect(await second.call('Heartbeat', {})).toHaveProperty('currentTime');
    await second.close();
    await eventually(() => state.detail('cp-2')?.isOnline === false, 'cp-2 offline');
  });

  it('drops a connection that stops answering pings and marks the charge point offline; healthy ones stay', async () => {
    const { endpoint, state } = harness;
    const healthy = await bootedChargePoint(endpoint, 'cp-3');
    const silent = await rawChargePoint(endpoint, 'cp-4', { autoPong: false });
    await eventually(() => state.detail('cp-4')?.isOnline === true, 'cp-4 online');
    // ocpp-rpc pings every interval and gives up when the previous ping is still unanswered.
    expect(await silent.closed()).toBe(1006);
    await eventually(() => state.detail('cp-4')?.isOnline === false, 'cp-4 offline after missing pongs');
    expect(harness.logs.some((line) => line.includes('"chargePointId":"cp-4"') && line.includes('Charge point connection lost'))).toBe(true);
    expect(state.detail('cp-3')?.isOnline).toBe(true);
    expect(await healthy.call('Heartbeat', {})).toHaveProperty('currentTime');
    await healthy.close();
  });

  it('has one outstanding call per connection towards a charge point; the next waits for the answer', async () => {
    const { endpoint, gateway } = harness;
    const client = await bootedChargePoint(endpoint, 'cp-5');
    const events: string[] = [];
    client.handle('GetConfiguration', async ({ params }) => {
      const key = String(params?.key?.[0]);
      events.push(`start ${key}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      events.push(`end ${key}`);
      return { configurationKey: [{ key, readonly: true, value: '1' }] };
    });
    const answers = await Promise.all([
      gateway.call('cp-5', 'GetConfiguration', { key: ['First'] }),
      gateway.call('cp-5', 'GetConfiguration', { key: ['Second'] }),
    ]);
    expect(events).toEqual(['start First', 'end First', 'start Second', 'end Second']);
    expect(answers).toEqual([
      { configurationKey: [{ key: 'First', readonly: true, value: '1' }] },
      { configurationKey: [{ key: 'Second', readonly: true, value: '1' }] },
    ]);
    await expect(gateway.call('cp-unknown', 'GetConfiguration', {})).rejects.toThrow('not connected');
    await client.close();
  });

  it('leaves other upgrade paths alone and refuses malformed OCPP paths', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = http.request(`${harness.endpoint.replace('ws:', 'http:')}/cp-1/extra`, { headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
      request.on('response', (response) => resolve(response.statusCode));
      request.on('upgrade', () => reject(new Error('upgraded')));
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(404);
  });
});

describe.each(testEngines())('OCPP authentication failures on $name', (engine) => {
  let harness: OcppHarness;
  let nowMs = 1_000_000;

  beforeAll(async () => {
    const guard = createAuthGuard({ now: () => nowMs, freeFailures: 2, baseDelayMs: 10_000, maxDelayMs: 60_000 });
    harness = await startOcppHarness(engine, {}, guard);
  });

  afterAll(async () => {
    await harness.close();
  });

  it('slows down an address that keeps failing, even with the right password, until its wait is over', async () => {
    const { endpoint } = harness;
    expect(await connectOutcome(chargePoint(endpoint, 'cp-1', { password: 'guess-1' }))).toBe(401);
    expect(await connectOutcome(chargePoint(endpoint, 'cp-unknown', { password: 'guess-2' }))).toBe(404);
    expect(await connectOutcome(chargePoint(endpoint, 'cp-1', { password: 'guess-3' }))).toBe(401);
    // Past the free failures the address waits; its credentials are not even checked.
    expect(await connectOutcome(chargePoint(endpoint, 'cp-1'))).toBe(429);
    nowMs += 61_000;
    expect(await connectOutcome(chargePoint(endpoint, 'cp-1'))).toBe('connected');
  });
});
