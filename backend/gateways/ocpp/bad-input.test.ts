import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventually } from '../../state/test-support.js';
import { testEngines } from '../../store/testing.js';
import { PILLAR_BOOT, bootedChargePoint, rawChargePoint, startOcppHarness } from './test-support.js';
import type { OcppHarness } from './test-support.js';

const MAX_FRAME_BYTES = 4096;
const callError = z.tuple([z.literal(4), z.string(), z.string(), z.string(), z.unknown()]);

/** The message id and error code of a CALLERROR. */
function errorOf(frame: unknown): [string, string] {
  const [, messageId, code] = callError.parse(frame);
  return [messageId, code];
}

const status = { connectorId: 1, errorCode: 'NoError', status: 'Available' };

describe.each(testEngines())('OCPP bad input on $name', (engine) => {
  let harness: OcppHarness;

  beforeAll(async () => {
    harness = await startOcppHarness(engine, { maxFrameBytes: MAX_FRAME_BYTES });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('answers frames that are not OCPP-J with FormationViolation, and a CALL without payload with ProtocolError', async () => {
    const raw = await rawChargePoint(harness.endpoint, 'cp-1');
    expect(errorOf(await raw.exchange('hello, central system'))).toEqual(['-1', 'FormationViolation']);
    expect(errorOf(await raw.exchange(Buffer.from([0xff, 0x00, 0x13])))).toEqual(['-1', 'FormationViolation']);
    expect(errorOf(await raw.exchange('{"messageTypeId":2}'))).toEqual(['-1', 'FormationViolation']);
    expect(errorOf(await raw.exchange('["2","m-1","Heartbeat",{}]'))).toEqual(['-1', 'FormationViolation']);
    expect(errorOf(await raw.exchange('[2,17,"Heartbeat",{}]'))).toEqual(['-1', 'FormationViolation']);
    expect(errorOf(await raw.exchange('[2,"m-2"]'))).toEqual(['m-2', 'FormationViolation']);
    expect(errorOf(await raw.exchange('[7,"m-3","Heartbeat",{}]'))).toEqual(['-1', 'FormationViolation']);
    expect(errorOf(await raw.exchange('[2,"m-4","Heartbeat"]'))).toEqual(['m-4', 'ProtocolError']);
    // An answer to a call never made is dropped without a reply (OCPP-J never answers a CALLRESULT).
    raw.socket.send('[3,"never-asked",{}]');
    expect(await raw.exchange('[2,"m-5","Heartbeat",{}]')).toEqual([3, 'm-5', { currentTime: expect.any(String) }]);
    raw.socket.close();
  });

  it('answers an unknown action with NotImplemented', async () => {
    const raw = await rawChargePoint(harness.endpoint, 'cp-2');
    expect(errorOf(await raw.exchange('[2,"u-1","TeleportCar",{}]'))).toEqual(['u-1', 'NotImplemented']);
    // A central system's own action sent the wrong way round is not one this side implements either.
    expect(errorOf(await raw.exchange('[2,"u-2","RemoteStartTransaction",{"idTag":"A"}]'))).toEqual(['u-2', 'NotImplemented']);
    raw.socket.close();
  });

  it('answers schema and range violations with the OCPP 1.6 code for each, records none of them, and keeps the connection', async () => {
    const { endpoint, received } = harness;
    const raw = await rawChargePoint(endpoint, 'cp-3');
    await eventually(() => received.some((message) => message.deviceId === 'cp-3'), 'cp-3 connected');
    const before = received.length;
    const ofCp3 = () => received.slice(before).filter((message) => message.deviceId === 'cp-3');
    const call = (messageId: string, action: string, params: unknown) => raw.exchange(JSON.stringify([2, messageId, action, params]));
    // Wrong JSON types.
    expect(errorOf(await call('t-1', 'StatusNotification', { ...status, connectorId: '1' }))).toEqual(['t-1', 'TypeConstraintViolation']);
    expect(errorOf(await call('t-2', 'MeterValues', { connectorId: 1, meterValue: 'lots' }))).toEqual(['t-2', 'TypeConstraintViolation']);
    expect(errorOf(await call('t-3', 'StatusNotification', { ...status, timestamp: 'yesterday' }))).toEqual(['t-3', 'TypeConstraintViolation']);
    expect(errorOf(await call('t-4', 'Heartbeat', []))).toEqual(['t-4', 'TypeConstraintViolation']);
    // Values the specification does not allow.
    expect(errorOf(await call('p-1', 'StatusNotification', { ...status, status: 'Exploded' }))).toEqual(['p-1', 'PropertyConstraintViolation']);
    expect(errorOf(await call('p-2', 'Authorize', { idTag: 'X'.repeat(21) }))).toEqual(['p-2', 'PropertyConstraintViolation']);
    expect(errorOf(await call('p-3', 'StatusNotification', { ...status, connectorId: -1 }))).toEqual(['p-3', 'PropertyConstraintViolation']);
    expect(errorOf(await call('p-4', 'StartTransaction', { connectorId: 0, idTag: 'A', meterStart: 0, timestamp: new Date().toISOString() }))).toEqual(['p-4', 'PropertyConstraintViolation']);
    expect(errorOf(await call('p-5', 'StartTransaction', { connectorId: 1, idTag: 'A', meterStart: -5, timestamp: new Date().toISOString() }))).toEqual(['p-5', 'PropertyConstraintViolation']);
    expect(errorOf(await call('p-6', 'StopTransaction', { transactionId: 1, meterStop: 1e300, timestamp: new Date().toISOString() }))).toEqual(['p-6', 'PropertyConstraintViolation']);
    // A required field missing (ocpp-rpc sends the OCPP-J 1.6 errata's spelling).
    expect(errorOf(await call('o-1', 'StatusNotification', { connectorId: 1, errorCode: 'NoError' }))).toEqual(['o-1', 'OccurrenceConstraintViolation']);
    expect(errorOf(await call('o-2', 'BootNotification', { chargePointVendor: 'IER' }))).toEqual(['o-2', 'OccurrenceConstraintViolation']);
    // A field the message does not have.
    expect(errorOf(await call('f-1', 'Heartbeat', { extra: true }))).toEqual(['f-1', 'FormationViolation']);

    expect(ofCp3()).toEqual([]);
    expect(await call('ok-1', 'StatusNotification', status)).toEqual([3, 'ok-1', {}]);
    expect(ofCp3().map((message) => message.channel)).toEqual(['ocpp:StatusNotification']);
    raw.socket.close();
  });

  it('closes a connection that sends nothing but garbage, and only that one', async () => {
    const { endpoint, state } = harness;
    const healthy = await bootedChargePoint(endpoint, 'cp-4');
    const raw = await rawChargePoint(endpoint, 'cp-5');
    for (let count = 0; count < 10; count++) expect(errorOf(await raw.exchange('garbage'))[1]).toBe('FormationViolation');
    raw.socket.send('garbage');
    expect(await raw.closed()).toBe(1002);
    await eventually(() => state.detail('cp-5')?.isOnline === false, 'cp-5 offline');
    expect(await healthy.call('Heartbeat', {})).toHaveProperty('currentTime');
    await healthy.close();
  });

  it('closes a connection whose frame is over the limit, keeps what it sent before, and leaves the fleet alone', async () => {
    const { endpoint, state, received } = harness;
    const healthy = await bootedChargePoint(endpoint, 'cp-6');
    const raw = await rawChargePoint(endpoint, 'cp-7');
    expect(await raw.exchange(JSON.stringify([2, 'boot-1', 'BootNotification', PILLAR_BOOT]))).toMatchObject([3, 'boot-1', { status: 'Accepted' }]);
    raw.socket.send(JSON.stringify([2, 'big-1', 'DataTransfer', { vendorId: 'com.example', data: 'x'.repeat(MAX_FRAME_BYTES) }]));
    expect(await raw.closed()).toBe(1009);
    await eventually(() => harness.logs.some((line) => line.includes('"chargePointId":"cp-7"') && line.includes('Max payload size exceeded')), 'a log line naming cp-7 and the limit');
    await eventually(() => state.detail('cp-7')?.isOnline === false, 'cp-7 offline');
    expect(received.some((message) => message.deviceId === 'cp-7' && message.channel === 'ocpp:DataTransfer')).toBe(false);

    expect(await healthy.call('Heartbeat', {})).toHaveProperty('currentTime');
    expect(state.detail('cp-6')?.isOnline).toBe(true);
    await harness.ingest.flush();
    const history = await harness.test.db.query<{ channel: string }>("select channel from telemetry where device_id = 'cp-7' order by received_at");
    expect(history.rows.map((row) => row.channel)).toEqual(['ocpp:connection', 'ocpp:BootNotification', 'ocpp:connection']);
    // A frame just under the limit is fine.
    const reconnected = await rawChargePoint(endpoint, 'cp-7');
    const data = 'y'.repeat(MAX_FRAME_BYTES - 200);
    expect(await reconnected.exchange(JSON.stringify([2, 'big-2', 'DataTransfer', { vendorId: 'com.example', data }]))).toEqual([3, 'big-2', { status: 'UnknownVendorId' }]);
    reconnected.socket.close();
    await healthy.close();
  });
});
