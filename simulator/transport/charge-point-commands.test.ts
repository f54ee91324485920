/**
 * A simulated charge point commanded by a real ocpp-rpc central system (strict OCPP 1.6J both ways):
 * each call's answer, and the messages the charge point sends after it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoDeviceSecret } from '../../shared/demo-secrets.js';
import { FaultRegistry } from '../faults/registry.js';
import { ocppEndpoint } from '../index.js';
import { Scheduler } from '../scheduler.js';
import { SimulationCounters } from '../stats.js';
import { startTestOcppServer, waitFor } from '../testing/servers.js';
import type { ReceivedCall, TestOcppServer } from '../testing/servers.js';
import type { SimulatedChargePoint } from '../world/charge-point.js';
import { firmwareVersionFrom } from './charge-point-firmware.js';
import { ChargePointLink } from './charge-point-link.js';

const FLEET_KEY = 'charge-point-commands-test-key-0123';
const BLOCKED_TAG = 'BLOCKED-1';
const METER_START_WH = 1_000_000;

let server: TestOcppServer;
const cleanups: (() => Promise<void>)[] = [];
const counted: SimulationCounters[] = [];
let chargePointCount = 0;

beforeAll(async () => {
  server = await startTestOcppServer(FLEET_KEY, 60, 0, { blockedIdTags: [BLOCKED_TAG] });
});

afterEach(async () => {
  // Whatever a test did, the central system understood every call and the charge point every answer.
  const lastErrors = counted.splice(0).map((counters) => counters.lastError);
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  server.calls.length = 0;
  server.disconnects.length = 0;
  expect(lastErrors.filter((error) => error !== null)).toEqual([]);
});

afterAll(() => server.close());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Rig {
  readonly id: string;
  /** The world's side of the charge point: a test plugs cars in by changing it, then calls link.statusChanged(). */
  readonly chargePoint: SimulatedChargePoint;
  readonly link: ChargePointLink;
  readonly faults: FaultRegistry;
  call(method: string, params: Record<string, unknown>): Promise<unknown>;
  /** Everything this charge point sent, in order. */
  sent(): ReceivedCall[];
  sentOf(method: string): ReceivedCall[];
  /** Connector `connectorId`'s reported statuses, in order. */
  statuses(connectorId: number): unknown[];
  waitForSent(method: string, count: number, what?: string): Promise<ReceivedCall>;
}

/**
 * One charge point on its own link and scheduler, idle and Available, booted. Faults are looked up as it
 * works, not announced to it: what an announcement does by itself (a failing update reported at once) is
 * device-faults.test.ts's.
 */
async function bootedChargePoint(): Promise<Rig> {
  const id = `cp-cmd-${++chargePointCount}`;
  const now = () => Date.now();
  const chargePoint: SimulatedChargePoint = {
    id,
    stationId: 'station-1',
    vendor: 'IER',
    model: 'Autolib pillar 1.6',
    serialNumber: `SN-${id}`,
    firmwareVersion: '2.4.1',
    status: 'Available',
    statusChangedAtMs: now() - 3_600_000,
    carId: null,
    energyWh: METER_START_WH,
    powerW: 0,
    settlesAtMs: null,
  };
  const scheduler = new Scheduler();
  const faults = new FaultRegistry(now);
  const counters = new SimulationCounters();
  counted.push(counters);
  const link = new ChargePointLink(chargePoint, {
    endpoint: ocppEndpoint(server.httpUrl),
    secret: demoDeviceSecret(FLEET_KEY, id),
    counters,
    scheduler,
    now,
    heartbeatIntervalMs: 60_000,
    meterValuesIntervalMs: 60_000,
    phaseMs: 30_000,
    faults,
    commandTiming: { resetDelayMs: 50, rebootMs: 100, firmwareStepMs: 40 },
  });
  const timer = setInterval(() => {
    faults.expire(now());
    scheduler.runDue(now());
  }, 10);
  cleanups.push(async () => {
    clearInterval(timer);
    await link.close();
  });
  const sent = () => server.calls.filter((call) => call.identity === id);
  const sentOf = (method: string) => sent().filter((call) => call.method === method);
  const statuses = (connectorId: number) => sentOf('StatusNotification').filter((call) => call.params.connectorId === connectorId).map((call) => call.params.status);
  const waitForSent = async (method: string, count: number, what = `${count} × ${method}`) => {
    await waitFor(() => sentOf(method).length >= count, 5_000, what);
    const call = sentOf(method)[count - 1];
    if (!call) throw new Error(`no ${method} #${count}`);
    return call;
  };
  link.start();
  await waitFor(() => link.isAccepted && statuses(1).length === 1, 5_000, 'the boot and its statuses');
  return { id, chargePoint, link, faults, call: (method, params) => server.call(id, method, params), sent, sentOf, statuses, waitForSent };
}

/** A remote start on connector 1 for `idTag`, through to the connector reporting Charging. */
async function remoteStart(rig: Rig, idTag: string): Promise<number> {
  const starts = rig.sentOf('StartTransaction').length;
  expect(await rig.call('RemoteStartTransaction', { connectorId: 1, idTag })).toEqual({ status: 'Accepted' });
  await rig.waitForSent('StartTransaction', starts + 1);
  await waitFor(() => rig.link.transactionId !== null && rig.statuses(1).at(-1) === 'Charging', 5_000, 'Charging');
  return rig.link.transactionId ?? Number.NaN;
}

/** Plugs a car of the world in (or pulls it out), as the world does, and tells the link. */
function plugCar(rig: Rig, carId: string | null, status: SimulatedChargePoint['status']): void {
  rig.chargePoint.carId = carId;
  rig.chargePoint.status = status;
  rig.chargePoint.statusChangedAtMs = Date.now();
  rig.link.statusChanged();
}

describe('Reset', () => {
  it('Soft: Accepted, stops the session (SoftReset), closes, and boots again on a new connection', async () => {
    const rig = await bootedChargePoint();
    const transactionId = await remoteStart(rig, 'DRIVER-1');
    expect(await rig.call('Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    const stop = await rig.waitForSent('StopTransaction', 1);
    expect(stop.params).toMatchObject({ transactionId, reason: 'SoftReset', idTag: 'DRIVER-1' });
    await rig.waitForSent('BootNotification', 2, 'a second boot');
    expect(server.disconnects).toContain(rig.id);
    const order = rig.sent().map((call) => call.method);
    expect(order.indexOf('StopTransaction')).toBeLessThan(order.lastIndexOf('BootNotification'));
    // Back as after a reboot: both connectors reported again, the session gone. Connector 1 may already
    // read Available from before the reboot, so the wait is for connector 0's report after the boot.
    await waitFor(() => rig.statuses(0).length === 2 && rig.statuses(1).at(-1) === 'Available', 5_000, 'both connectors reported after the boot');
    expect(rig.link.isAccepted).toBe(true);
  });

  it('Hard: Accepted, cuts the session, and stops it (HardReset) once the new boot is accepted', async () => {
    const rig = await bootedChargePoint();
    const transactionId = await remoteStart(rig, 'DRIVER-2');
    expect(await rig.call('Reset', { type: 'Hard' })).toEqual({ status: 'Accepted' });
    const stop = await rig.waitForSent('StopTransaction', 1);
    expect(stop.params).toMatchObject({ transactionId, reason: 'HardReset' });
    const order = rig.sent().map((call) => call.method);
    expect(order.lastIndexOf('BootNotification')).toBeGreaterThan(order.indexOf('StartTransaction'));
    expect(order.indexOf('StopTransaction')).toBeGreaterThan(order.lastIndexOf('BootNotification'));
    expect(server.disconnects).toContain(rig.id);
  });
});

describe('UnlockConnector', () => {
  it('Unlocked; NotSupported for a connector it lacks; UnlockFailed under an unlockFailure fault', async () => {
    const rig = await bootedChargePoint();
    expect(await rig.call('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
    expect(await rig.call('UnlockConnector', { connectorId: 2 })).toEqual({ status: 'NotSupported' });
    expect(await rig.call('UnlockConnector', { connectorId: 0 })).toEqual({ status: 'NotSupported' });
    rig.faults.inject(rig.id, { kind: 'unlockFailure' });
    expect(await rig.call('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'UnlockFailed' });
    rig.faults.clear(rig.id);
    expect(await rig.call('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
  });

  it('stops a session on the connector (UnlockCommand) before answering', async () => {
    const rig = await bootedChargePoint();
    const transactionId = await remoteStart(rig, 'DRIVER-3');
    expect(await rig.call('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
    expect(rig.sentOf('StopTransaction').map((call) => call.params)).toEqual([expect.objectContaining({ transactionId, reason: 'UnlockCommand' })]);
    await waitFor(() => rig.statuses(1).at(-1) === 'Available', 5_000, 'Available');
  });
});

describe('ChangeAvailability', () => {
  it('takes the connector out of service and back, with a StatusNotification each time', async () => {
    const rig = await bootedChargePoint();
    expect(await rig.call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(1).at(-1) === 'Unavailable', 5_000, 'Unavailable');
    expect(rig.statuses(0)).toEqual(['Available']);
    expect(await rig.call('RemoteStartTransaction', { idTag: 'DRIVER-4' })).toEqual({ status: 'Rejected' });
    expect(await rig.call('ChangeAvailability', { connectorId: 1, type: 'Operative' })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(1).at(-1) === 'Available', 5_000, 'Available again');
    expect(rig.statuses(1)).toEqual(['Available', 'Unavailable', 'Available']);
  });

  it('connector 0 is the whole charge point; an unknown connector is Rejected', async () => {
    const rig = await bootedChargePoint();
    expect(await rig.call('ChangeAvailability', { connectorId: 3, type: 'Inoperative' })).toEqual({ status: 'Rejected' });
    expect(await rig.call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(0).at(-1) === 'Unavailable' && rig.statuses(1).at(-1) === 'Unavailable', 5_000, 'both Unavailable');
    expect(await rig.call('ChangeAvailability', { connectorId: 0, type: 'Operative' })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(0).at(-1) === 'Available' && rig.statuses(1).at(-1) === 'Available', 5_000, 'both Available');
  });

  it('Scheduled during a session, applied when it ends; and when a car of the world leaves', async () => {
    const rig = await bootedChargePoint();
    const transactionId = await remoteStart(rig, 'DRIVER-5');
    expect(await rig.call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).toEqual({ status: 'Scheduled' });
    await pause(100);
    expect(rig.statuses(1).at(-1)).toBe('Charging');
    expect(await rig.call('RemoteStopTransaction', { transactionId })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(1).at(-1) === 'Unavailable', 5_000, 'Unavailable once the session ended');
    expect(await rig.call('ChangeAvailability', { connectorId: 1, type: 'Operative' })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(1).at(-1) === 'Available', 5_000, 'Available');

    plugCar(rig, 'car-1', 'Charging');
    await waitFor(() => rig.statuses(1).at(-1) === 'Charging', 5_000, 'the car charging');
    expect(await rig.call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).toEqual({ status: 'Scheduled' });
    plugCar(rig, null, 'Available');
    await waitFor(() => rig.statuses(1).at(-1) === 'Unavailable', 5_000, 'Unavailable once the car left');
  });
});

describe('RemoteStartTransaction and RemoteStopTransaction', () => {
  it('start a session on an Available connector and stop it; refuse what is not theirs', async () => {
    const rig = await bootedChargePoint();
    const transactionId = await remoteStart(rig, 'DRIVER-6');
    const start = rig.sentOf('StartTransaction')[0]?.params;
    expect(start).toMatchObject({ connectorId: 1, idTag: 'DRIVER-6', meterStart: METER_START_WH });
    expect(start).not.toHaveProperty('reservationId');
    expect(Math.abs(Date.parse(String(start?.timestamp)) - Date.now())).toBeLessThan(5_000);
    // Taken now: a second start is refused, as is a start on a connector it lacks.
    expect(await rig.call('RemoteStartTransaction', { idTag: 'DRIVER-7' })).toEqual({ status: 'Rejected' });
    expect(await rig.call('RemoteStartTransaction', { connectorId: 2, idTag: 'DRIVER-7' })).toEqual({ status: 'Rejected' });
    // The meter runs for the session, and says which transaction it meters.
    expect(await rig.call('TriggerMessage', { requestedMessage: 'MeterValues' })).toEqual({ status: 'Accepted' });
    expect((await rig.waitForSent('MeterValues', 1)).params).toMatchObject({ connectorId: 1, transactionId });

    expect(await rig.call('RemoteStopTransaction', { transactionId: transactionId + 1_000 })).toEqual({ status: 'Rejected' });
    await pause(500);
    expect(await rig.call('RemoteStopTransaction', { transactionId })).toEqual({ status: 'Accepted' });
    const stop = (await rig.waitForSent('StopTransaction', 1)).params;
    expect(stop).toMatchObject({ transactionId, idTag: 'DRIVER-6', reason: 'Remote' });
    // A car drawing 3.7 kW for half a second: about half a watt-hour, never less than the start.
    expect(Number(stop.meterStop)).toBeGreaterThanOrEqual(METER_START_WH);
    await waitFor(() => rig.statuses(1).at(-1) === 'Available', 5_000, 'Available after the stop');
    expect(await rig.call('RemoteStopTransaction', { transactionId })).toEqual({ status: 'Rejected' });
  });

  it('start on a connector a car of the world has just been plugged into, and stop when the car leaves', async () => {
    const rig = await bootedChargePoint();
    plugCar(rig, 'car-2', 'Preparing');
    const transactionId = await remoteStart(rig, 'DRIVER-8');
    plugCar(rig, null, 'Finishing');
    expect((await rig.waitForSent('StopTransaction', 1)).params).toMatchObject({ transactionId, reason: 'EVDisconnected' });
  });

  it('refuse a connector charging a car without a session, and a faulted one', async () => {
    const rig = await bootedChargePoint();
    plugCar(rig, 'car-3', 'Charging');
    expect(await rig.call('RemoteStartTransaction', { idTag: 'DRIVER-9' })).toEqual({ status: 'Rejected' });
    plugCar(rig, null, 'Available');
    rig.faults.inject(rig.id, { kind: 'reportedFault' });
    expect(await rig.call('RemoteStartTransaction', { idTag: 'DRIVER-9' })).toEqual({ status: 'Rejected' });
    await pause(100);
    expect(rig.sentOf('StartTransaction')).toEqual([]);
  });

  it('stop a session at once (DeAuthorized) when the central system blocks its tag', async () => {
    const rig = await bootedChargePoint();
    expect(await rig.call('RemoteStartTransaction', { idTag: BLOCKED_TAG })).toEqual({ status: 'Accepted' });
    const start = await rig.waitForSent('StartTransaction', 1);
    const stop = await rig.waitForSent('StopTransaction', 1);
    expect(stop.params).toMatchObject({ idTag: BLOCKED_TAG, reason: 'DeAuthorized' });
    expect(rig.sent().indexOf(stop)).toBeGreaterThan(rig.sent().indexOf(start));
    await waitFor(() => rig.statuses(1).at(-1) === 'Available', 5_000, 'Available');
  });
});

describe('TriggerMessage', () => {
  it('sends what is asked for, NotImplemented for diagnostics, Rejected for a connector it lacks', async () => {
    const rig = await bootedChargePoint();
    expect(await rig.call('TriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual({ status: 'Accepted' });
    await rig.waitForSent('Heartbeat', 1);
    expect(await rig.call('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(1).length === 2, 5_000, 'connector 1 reported');
    expect(rig.statuses(0)).toHaveLength(1);
    expect(await rig.call('TriggerMessage', { requestedMessage: 'StatusNotification' })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(0).length === 2 && rig.statuses(1).length === 3, 5_000, 'both connectors reported');
    expect(await rig.call('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 })).toEqual({ status: 'Accepted' });
    expect((await rig.waitForSent('MeterValues', 1)).params).not.toHaveProperty('transactionId');
    expect(await rig.call('TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).toEqual({ status: 'Accepted' });
    expect((await rig.waitForSent('FirmwareStatusNotification', 1)).params).toEqual({ status: 'Idle' });
    expect(await rig.call('TriggerMessage', { requestedMessage: 'BootNotification' })).toEqual({ status: 'Accepted' });
    await rig.waitForSent('BootNotification', 2, 'a triggered boot');
    expect(server.disconnects).not.toContain(rig.id);
    expect(await rig.call('TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' })).toEqual({ status: 'NotImplemented' });
    expect(await rig.call('TriggerMessage', { requestedMessage: 'Heartbeat', connectorId: 4 })).toEqual({ status: 'Rejected' });
    await pause(100);
    expect(rig.sentOf('Heartbeat')).toHaveLength(1);
    expect(rig.sentOf('DiagnosticsStatusNotification')).toEqual([]);
  });
});

describe('UpdateFirmware', () => {
  const location = 'https://firmware.example/ier/pillar-2.5.0.bin';
  const firmwareStatuses = (rig: Rig) => rig.sentOf('FirmwareStatusNotification').map((call) => call.params.status);

  it('waits for retrieveDate, goes Downloading … Installed, then reboots into the new version', async () => {
    const rig = await bootedChargePoint();
    const retrieveDate = new Date(Date.now() + 400).toISOString();
    expect(await rig.call('UpdateFirmware', { location, retrieveDate })).toEqual({});
    await pause(200);
    expect(firmwareStatuses(rig)).toEqual([]);
    const boot = await rig.waitForSent('BootNotification', 2, 'the boot into the new firmware');
    expect(firmwareStatuses(rig)).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
    expect(rig.sentOf('BootNotification')[0]?.params.firmwareVersion).toBe('2.4.1');
    expect(boot.params.firmwareVersion).toBe('2.5.0');
    expect(server.disconnects).toContain(rig.id);
    expect(rig.sent().indexOf(boot)).toBeGreaterThan(rig.sent().findIndex((call) => call.params.status === 'Installed'));
  });

  it('under a firmwareFailure fault: InstallationFailed, and no reboot', async () => {
    const rig = await bootedChargePoint();
    rig.faults.inject(rig.id, { kind: 'firmwareFailure', stage: 'install', everyMs: 30 });
    expect(await rig.call('UpdateFirmware', { location, retrieveDate: new Date().toISOString() })).toEqual({});
    await waitFor(() => firmwareStatuses(rig).length >= 4, 5_000, 'the failed update');
    await pause(300);
    expect(firmwareStatuses(rig)).toEqual(['Downloading', 'Downloaded', 'Installing', 'InstallationFailed']);
    expect(rig.sentOf('BootNotification')).toHaveLength(1);
  });

  it('a failed download is retried `retries` times; one after the fault ended succeeds', async () => {
    const rig = await bootedChargePoint();
    rig.faults.inject(rig.id, { kind: 'firmwareFailure', stage: 'download', everyMs: 30 });
    expect(await rig.call('UpdateFirmware', { location, retrieveDate: new Date().toISOString(), retries: 2, retryInterval: 1 })).toEqual({});
    await waitFor(() => firmwareStatuses(rig).length >= 2, 5_000, 'the failed download');
    expect(firmwareStatuses(rig)).toEqual(['Downloading', 'DownloadFailed']);
    rig.faults.clear(rig.id);
    const boot = await rig.waitForSent('BootNotification', 2, 'the boot after the retried download');
    expect(firmwareStatuses(rig)).toEqual(['Downloading', 'DownloadFailed', 'Downloading', 'Downloaded', 'Installing', 'Installed']);
    expect(boot.params.firmwareVersion).toBe('2.5.0');
  });

  it('reads the new version from the file name', () => {
    expect(firmwareVersionFrom('https://firmware.example/ier/pillar-2.5.0.bin', '2.4.1')).toBe('2.5.0');
    expect(firmwareVersionFrom('ftp://firmware.example/pillar_v3.1.img?token=1', '2.4.1')).toBe('3.1');
    expect(firmwareVersionFrom('https://firmware.example/nightly.tar.gz', '2.4.1')).toBe('nightly');
    expect(firmwareVersionFrom('https://firmware.example/', '2.4.1')).toBe('2.4.1');
  });
});

describe('ReserveNow and CancelReservation', () => {
  const inAMinute = () => new Date(Date.now() + 60_000).toISOString();

  it('reserve an Available connector, refuse another reservation and other tags, and cancel', async () => {
    const rig = await bootedChargePoint();
    expect(await rig.call('ReserveNow', { connectorId: 1, expiryDate: inAMinute(), idTag: 'DRIVER-10', reservationId: 41 })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(1).at(-1) === 'Reserved', 5_000, 'Reserved');
    expect(await rig.call('ReserveNow', { connectorId: 1, expiryDate: inAMinute(), idTag: 'DRIVER-11', reservationId: 42 })).toEqual({ status: 'Rejected' });
    // The same id replaces the reservation.
    expect(await rig.call('ReserveNow', { connectorId: 1, expiryDate: inAMinute(), idTag: 'DRIVER-10', reservationId: 41 })).toEqual({ status: 'Accepted' });
    expect(await rig.call('RemoteStartTransaction', { idTag: 'DRIVER-11' })).toEqual({ status: 'Rejected' });
    expect(await rig.call('CancelReservation', { reservationId: 42 })).toEqual({ status: 'Rejected' });
    expect(await rig.call('CancelReservation', { reservationId: 41 })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(1).at(-1) === 'Available', 5_000, 'Available after the cancellation');
    expect(await rig.call('CancelReservation', { reservationId: 41 })).toEqual({ status: 'Rejected' });
    expect(rig.statuses(1)).toEqual(['Available', 'Reserved', 'Available']);
  });

  it('a reservation expires at its expiryDate', async () => {
    const rig = await bootedChargePoint();
    const expiryDate = new Date(Date.now() + 400).toISOString();
    expect(await rig.call('ReserveNow', { connectorId: 1, expiryDate, idTag: 'DRIVER-12', reservationId: 43 })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(1).at(-1) === 'Reserved', 5_000, 'Reserved');
    await waitFor(() => rig.statuses(1).at(-1) === 'Available', 5_000, 'Available at expiry');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiryDate));
    expect(await rig.call('CancelReservation', { reservationId: 43 })).toEqual({ status: 'Rejected' });
  });

  it('a remote start with the reserved tag uses the reservation', async () => {
    const rig = await bootedChargePoint();
    expect(await rig.call('ReserveNow', { connectorId: 1, expiryDate: inAMinute(), idTag: 'DRIVER-13', reservationId: 44 })).toEqual({ status: 'Accepted' });
    const transactionId = await remoteStart(rig, 'driver-13');
    expect(rig.sentOf('StartTransaction')[0]?.params).toMatchObject({ idTag: 'driver-13', reservationId: 44 });
    expect(await rig.call('RemoteStopTransaction', { transactionId })).toEqual({ status: 'Accepted' });
    // Used up: the connector is free once the session is over, and the reservation is gone.
    await waitFor(() => rig.statuses(1).at(-1) === 'Available', 5_000, 'Available after the session');
    expect(await rig.call('CancelReservation', { reservationId: 44 })).toEqual({ status: 'Rejected' });
  });

  it('a card the central system authorises, at the reader, uses the reservation', async () => {
    const rig = await bootedChargePoint();
    expect(await rig.call('ReserveNow', { connectorId: 1, expiryDate: inAMinute(), idTag: 'DRIVER-14', reservationId: 45 })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(1).at(-1) === 'Reserved', 5_000, 'Reserved');
    expect(await rig.link.presentIdTag('DRIVER-15')).toBe(false);
    expect(await rig.link.presentIdTag('DRIVER-14')).toBe(true);
    expect(rig.sentOf('Authorize').map((call) => call.params)).toEqual([{ idTag: 'DRIVER-14' }]);
    expect((await rig.waitForSent('StartTransaction', 1)).params).toMatchObject({ idTag: 'DRIVER-14', reservationId: 45 });
    await waitFor(() => rig.statuses(1).at(-1) === 'Charging', 5_000, 'Charging');
  });

  it('Occupied, Faulted, Unavailable, and Rejected for a connector it lacks', async () => {
    const rig = await bootedChargePoint();
    const reserve = (reservationId: number, connectorId = 1) => rig.call('ReserveNow', { connectorId, expiryDate: inAMinute(), idTag: 'DRIVER-16', reservationId });
    expect(await reserve(50, 2)).toEqual({ status: 'Rejected' });
    expect(await reserve(50, 0)).toEqual({ status: 'Rejected' });

    const transactionId = await remoteStart(rig, 'DRIVER-17');
    expect(await reserve(51)).toEqual({ status: 'Occupied' });
    expect(await rig.call('RemoteStopTransaction', { transactionId })).toEqual({ status: 'Accepted' });
    await waitFor(() => rig.statuses(1).at(-1) === 'Available', 5_000, 'Available');
    plugCar(rig, 'car-4', 'Charging');
    expect(await reserve(52)).toEqual({ status: 'Occupied' });
    plugCar(rig, null, 'Available');

    rig.faults.inject(rig.id, { kind: 'reportedFault', errorCode: 'GroundFailure' });
    expect(await reserve(53)).toEqual({ status: 'Faulted' });
    rig.faults.clear(rig.id);

    expect(await rig.call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' })).toEqual({ status: 'Accepted' });
    expect(await reserve(54)).toEqual({ status: 'Unavailable' });
    expect(await rig.call('ChangeAvailability', { connectorId: 0, type: 'Operative' })).toEqual({ status: 'Accepted' });
    expect(await reserve(55)).toEqual({ status: 'Accepted' });
  });
});
