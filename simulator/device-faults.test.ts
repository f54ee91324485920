/**
 * The faults a detector looks for, seen from the wire: what the simulated devices say to real
 * third-party servers while a device reports a fault, a low battery, a stuck sensor, logs in with a
 * wrong password or fails a firmware update, and what they say once it is over.
 */
import { describe, expect, it } from 'vitest';
import type { CarState } from '../shared/car-protocol.js';
import type { Simulation } from './index.js';
import { waitFor } from './testing/servers.js';
import { useWireFixture } from './testing/wire-fixture.js';
import { distanceKm } from './world/geo.js';

// Every car of this network starts parked on a charger and charging; three charge points are idle.
const wire = useWireFixture({ fleetKey: 'device-faults-test-fleet-key-0123', heartbeatSeconds: 60 });
const { network, carIds, chargePointIds, connected, statesOf, callsOf } = wire;
const carId = carIds[0] ?? '';

function connectorCalls(identity: string, connectorId: number) {
  return callsOf(identity, 'StatusNotification').filter((call) => call.params.connectorId === connectorId);
}

/** The energy register in a MeterValues request. */
function energyOf(params: Record<string, unknown>): number {
  const [meterValue] = Array.isArray(params.meterValue) ? params.meterValue : [];
  const samples: unknown = meterValue && typeof meterValue === 'object' && 'sampledValue' in meterValue ? meterValue.sampledValue : [];
  const sample: unknown = Array.isArray(samples) ? samples.find((entry) => entry?.measurand === 'Energy.Active.Import.Register') : undefined;
  return sample && typeof sample === 'object' && 'value' in sample ? Number(sample.value) : Number.NaN;
}

function carHandle(simulation: Simulation, id = carId) {
  const car = simulation.car(id);
  if (!car) throw new Error(`no car ${id}`);
  return car;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Publishes a state now and waits until the broker has recorded it: its acknowledgement comes first. */
async function publishRecorded(simulation: Simulation, id = carId): Promise<CarState | undefined> {
  const before = statesOf(id).length;
  await carHandle(simulation, id).publishState();
  await waitFor(() => statesOf(id).length > before, 5_000, `a state of ${id}`);
  return statesOf(id).at(-1);
}

describe('faults a car reports', () => {
  it('reportedFault: a state listing the code goes out at once, and one without it when the fault ends', async () => {
    const simulation = await connected();
    const before = statesOf(carId).length;
    simulation.faults.inject(carId, { kind: 'reportedFault', code: 'BMS_OVERTEMP' });
    await waitFor(() => statesOf(carId).length > before, 5_000, 'the state with the fault');
    expect(statesOf(carId).at(-1)?.faults).toEqual(['BMS_OVERTEMP']);
    expect((await publishRecorded(simulation))?.faults).toEqual(['BMS_OVERTEMP']);
    const during = statesOf(carId).length;
    simulation.faults.clear(carId, 'reportedFault');
    await waitFor(() => statesOf(carId).length > during, 5_000, 'the state after the fault');
    expect(statesOf(carId).at(-1)?.faults).toEqual([]);
  });

  it('lowBattery: the battery and its range at the fault’s level, not charging since the fault began', async () => {
    const simulation = await connected();
    const truth = statesOf(carId).at(-1);
    expect(truth?.sensors.charging.value).toBe(true);
    simulation.faults.inject(carId, { kind: 'lowBattery', percent: 6 });
    await pause(1_100);
    const low = await publishRecorded(simulation);
    expect([low?.batteryPercent, low?.rangeKm, low?.sensors.charging.value, low?.sensors.plugged.value]).toEqual([6, 15, false, true]);
    expect(low?.sensors.charging.sinceSeconds).toBe(1);
    simulation.faults.clear(carId);
    const after = await publishRecorded(simulation);
    expect(after?.sensors.charging.value).toBe(true);
    expect(after?.batteryPercent).toBeGreaterThanOrEqual(truth?.batteryPercent ?? Infinity);
  });

  it('stuckSensor: the odometer keeps the reading it had when the fault began while the car drives on', async () => {
    // Fast physics so that a short drive covers kilometres; getting in still takes its real seconds.
    const simulation = await connected({ speedFactor: 200 });
    const car = simulation.world.cars.get(carId);
    const from = network.stations.find((station) => station.id === car?.stationId);
    const farthest = [...network.stations].sort((left, right) => (from ? distanceKm(from, right) - distanceKm(from, left) : 0))[0];
    expect(simulation.world.startTrip(carId, farthest?.id)).toBe(true);
    await waitFor(() => car?.activity === 'driving', 15_000, 'the car on the road');
    simulation.faults.inject(carId, { kind: 'stuckSensor' });
    const frozen = (await publishRecorded(simulation))?.odometerKm ?? Number.NaN;
    await pause(150);
    const stuck = await publishRecorded(simulation);
    expect(car?.activity).toBe('driving');
    expect((car?.odometerKm ?? 0) - frozen).toBeGreaterThan(0.1);
    expect([stuck?.odometerKm, (stuck?.position.speedKmh ?? 0) > 0]).toEqual([frozen, true]);
    simulation.faults.clear(carId);
    expect((await publishRecorded(simulation))?.odometerKm).toBeGreaterThan(frozen + 0.1);
  }, 30_000);

  it('badCredentials: the car drops its session, is refused `attempts` times, then logs in again with its secret', async () => {
    const simulation = await connected();
    const car = carHandle(simulation);
    const errors = simulation.stats().errors;
    const active = simulation.faults.inject(carId, { kind: 'badCredentials', attempts: 3, everyMs: 300 });
    expect(active.untilMs).toBe(active.sinceMs + 900);
    await waitFor(() => !car.isConnected, 5_000, 'the session dropped');
    await waitFor(() => car.isConnected, 10_000, 'the car back with its secret');
    expect(wire.broker.rejectedLogins).toEqual([carId, carId, carId]);
    expect(simulation.stats().loginsRefused).toBe(3);
    expect(simulation.stats().errors).toBe(errors);
    expect(simulation.faults.list()).toEqual([]);
    // Back for good: states flow again.
    expect(await publishRecorded(simulation)).toBeDefined();
  });
});

describe('faults a charge point reports', () => {
  const idle = chargePointIds.find((id) => id === 'cp-00003') ?? '';
  const charging = chargePointIds[0] ?? '';

  it('reportedFault: the connector reports Faulted with the errorCode, dated from the fault, through a reconnection, then the truth', async () => {
    const simulation = await connected();
    const active = simulation.faults.inject(idle, { kind: 'reportedFault', errorCode: 'HighTemperature' });
    await waitFor(() => connectorCalls(idle, 1).length >= 2, 5_000, 'the faulted status');
    expect(connectorCalls(idle, 1).at(-1)?.params).toMatchObject({ status: 'Faulted', errorCode: 'HighTemperature', timestamp: new Date(active.sinceMs).toISOString() });
    // A charge point that boots again still reports its fault.
    simulation.faults.inject(idle, { kind: 'reconnectStorm' });
    await waitFor(() => callsOf(idle, 'BootNotification').length === 2 && connectorCalls(idle, 1).length >= 3, 10_000, 'the boot after the storm');
    expect(connectorCalls(idle, 1).at(-1)?.params).toMatchObject({ status: 'Faulted', errorCode: 'HighTemperature' });
    expect(connectorCalls(idle, 0).at(-1)?.params).toMatchObject({ status: 'Available', errorCode: 'NoError' });
    const endedMs = Date.now();
    simulation.faults.clear(idle);
    await waitFor(() => connectorCalls(idle, 1).length >= 4, 5_000, 'the status after the fault');
    const after = connectorCalls(idle, 1).at(-1)?.params;
    expect(after).toMatchObject({ status: 'Available', errorCode: 'NoError' });
    // Dated when the fault ended, so that it is newer than the Faulted status it replaces.
    expect(Date.parse(String(after?.timestamp))).toBeGreaterThanOrEqual(endedMs);
  });

  it('reportedFault on connector 0: the whole charge point reports Faulted, connector 1 keeps its truth', async () => {
    const simulation = await connected();
    simulation.faults.inject(idle, { kind: 'reportedFault', connectorId: 0 });
    await waitFor(() => connectorCalls(idle, 0).length >= 2, 5_000, 'the faulted charge point');
    expect(connectorCalls(idle, 0).at(-1)?.params).toMatchObject({ status: 'Faulted', errorCode: 'GroundFailure' });
    simulation.faults.clear(idle);
    await waitFor(() => connectorCalls(idle, 0).length >= 3, 5_000, 'the charge point after the fault');
    expect(connectorCalls(idle, 0).at(-1)?.params).toMatchObject({ status: 'Available', errorCode: 'NoError' });
    expect(connectorCalls(idle, 1).map((call) => call.params.status)).toEqual(['Available']);
  });

  it('stuckSensor: the energy register stays where it was while the connector charges on', async () => {
    const simulation = await connected({ meterValuesIntervalMs: 100, speedFactor: 100 });
    await waitFor(() => callsOf(charging, 'MeterValues').length >= 2, 5_000, 'meter values');
    simulation.faults.inject(charging, { kind: 'stuckSensor' });
    const before = callsOf(charging, 'MeterValues').length;
    await waitFor(() => callsOf(charging, 'MeterValues').length >= before + 5, 5_000, 'meter values under the fault');
    const stuck = callsOf(charging, 'MeterValues').slice(before).map((call) => energyOf(call.params));
    expect(new Set(stuck).size).toBe(1);
    expect(simulation.world.chargePoints.get(charging)?.energyWh ?? 0).toBeGreaterThan((stuck[0] ?? Infinity) + 20);
    expect(simulation.world.chargePoints.get(charging)?.status).toBe('Charging');
    simulation.faults.clear(charging);
    const cleared = callsOf(charging, 'MeterValues').length;
    await waitFor(() => callsOf(charging, 'MeterValues').length >= cleared + 2, 5_000, 'meter values after the fault');
    expect(energyOf(callsOf(charging, 'MeterValues').at(-1)?.params ?? {})).toBeGreaterThan((stuck[0] ?? Infinity) + 20);
  });

  it('badCredentials: the charge point closes, is refused `attempts` times, then boots again with its secret', async () => {
    const simulation = await connected();
    const handle = simulation.chargePoint(idle);
    const errors = simulation.stats().errors;
    simulation.faults.inject(idle, { kind: 'badCredentials', attempts: 4, everyMs: 250 });
    await waitFor(() => handle?.isConnected === false, 5_000, 'the connection closed');
    await waitFor(() => callsOf(idle, 'BootNotification').length === 2 && handle?.isAccepted === true, 10_000, 'a boot with the right secret');
    expect(wire.ocpp.rejectedLogins).toEqual([idle, idle, idle, idle]);
    expect(simulation.stats().loginsRefused).toBe(4);
    expect(simulation.stats().errors).toBe(errors);
  });

  it('firmwareFailure: Downloading, Downloaded, Installing, InstallationFailed; then an attempt that succeeds when the fault ends', async () => {
    const simulation = await connected();
    simulation.faults.inject(idle, { kind: 'firmwareFailure', everyMs: 100 });
    const statuses = () => callsOf(idle, 'FirmwareStatusNotification').map((call) => call.params.status);
    await waitFor(() => statuses().length >= 4, 5_000, 'the failed update');
    await pause(300);
    expect(statuses()).toEqual(['Downloading', 'Downloaded', 'Installing', 'InstallationFailed']);
    simulation.faults.clear(idle);
    await waitFor(() => statuses().length >= 8, 5_000, 'the update that succeeds');
    expect(statuses().slice(4)).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
    expect(simulation.stats().errors).toBe(0);
  });

  it('firmwareFailure at the download: Downloading, DownloadFailed', async () => {
    const simulation = await connected();
    simulation.faults.inject(idle, { kind: 'firmwareFailure', stage: 'download', everyMs: 100 });
    await waitFor(() => callsOf(idle, 'FirmwareStatusNotification').length >= 2, 5_000, 'the failed download');
    expect(callsOf(idle, 'FirmwareStatusNotification').map((call) => call.params.status)).toEqual(['Downloading', 'DownloadFailed']);
  });
});
