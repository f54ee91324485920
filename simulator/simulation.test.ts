import { describe, expect, it } from 'vitest';
import { carPresenceSchema, carTopics } from '../shared/car-protocol.js';
import { freePort, startTestBroker, startTestOcppServer, waitFor } from './testing/servers.js';
import { useWireFixture } from './testing/wire-fixture.js';

const FLEET_KEY = 'test-fleet-key-0123456789';
const wire = useWireFixture({ fleetKey: FLEET_KEY, heartbeatSeconds: 1 });
const { network, carIds, chargePointIds, simulate, statesOf, callsOf } = wire;

function connectorStatuses(identity: string): unknown[] {
  return callsOf(identity, 'StatusNotification')
    .filter((call) => call.params.connectorId === 1)
    .map((call) => call.params.status);
}

function sampled(params: Record<string, unknown>, measurand: string): number {
  const meterValue = Array.isArray(params.meterValue) ? params.meterValue[0] : undefined;
  const samples: unknown = meterValue && typeof meterValue === 'object' && 'sampledValue' in meterValue ? meterValue.sampledValue : [];
  const sample = Array.isArray(samples) ? samples.find((entry) => entry?.measurand === measurand) : undefined;
  return Number(sample?.value);
}

describe('simulated cars over MQTT', () => {
  it('log in with their own credentials, say they are online, and publish valid full states', async () => {
    const simulation = await simulate();
    await waitFor(() => simulation.stats().cars.connected === carIds.length, 10_000, 'cars to connect');
    const carId = carIds[0] ?? '';
    await waitFor(() => statesOf(carId).length >= 1, 5_000, 'the first state');
    const presence = wire.broker.received.find((publish) => publish.topic === carTopics.presence(carId));
    expect(presence?.isRetained).toBe(true);
    expect(carPresenceSchema.parse(presence?.payload)).toEqual({ deviceId: carId, online: true });

    const car = simulation.car(carId);
    await car?.publishState();
    await car?.publishState();
    await waitFor(() => statesOf(carId).length >= 3, 5_000, 'states sent on demand');
    const states = statesOf(carId);
    expect(states.map((state) => state.sequence)).toEqual([0, 1, 2]);
    expect(new Set(states.map((state) => state.bootId))).toEqual(new Set([car?.bootId]));
    const station = network.stations.find((candidate) => candidate.id === network.devices.find((device) => device.id === carId)?.stationId);
    expect(states[0]?.deviceId).toBe(carId);
    expect(states[0]?.position.latitude).toBeCloseTo(station?.latitude ?? 0, 5);
    expect(states[0]?.sensors.plugged.value).toBe(true);
    expect(wire.broker.rejectedLogins).toEqual([]);
  });

  it('publish on the shared schedule at the configured interval', async () => {
    await simulate({ carStateIntervalMs: 300 });
    await waitFor(() => carIds.every((carId) => statesOf(carId).length >= 5), 10_000, 'periodic states');
    for (const carId of carIds) {
      const sequences = statesOf(carId).map((state) => state.sequence);
      expect(sequences).toEqual(sequences.map((_, index) => index));
    }
  });

  it('are refused with a wrong fleet key, and count it as an error', async () => {
    const simulation = await simulate({ fleetKey: 'not-the-fleet-key' });
    const isRefused = () => carIds.every((id) => wire.broker.rejectedLogins.includes(id)) && chargePointIds.every((id) => wire.ocpp.rejectedLogins.includes(id));
    await waitFor(isRefused, 10_000, 'refused logins');
    await waitFor(() => simulation.stats().errors >= carIds.length, 10_000, 'errors counted');
    expect(simulation.stats().cars.connected).toBe(0);
    expect(wire.broker.rejectedLogins).toEqual(expect.arrayContaining(carIds));
    expect(wire.ocpp.rejectedLogins).toEqual(expect.arrayContaining(chargePointIds));
    wire.broker.rejectedLogins.length = 0;
    wire.ocpp.rejectedLogins.length = 0;
  });

  it('leave a last will that marks them offline when the connection drops, then come back', async () => {
    const simulation = await simulate();
    const carId = carIds[1] ?? '';
    await waitFor(() => simulation.car(carId)?.isConnected === true, 10_000, 'the car to connect');
    // Its first state is on the way as it connects: let it land before listening for what follows.
    await waitFor(() => statesOf(carId).length >= 1, 5_000, 'the first state');
    const bootId = simulation.car(carId)?.bootId;
    wire.broker.received.length = 0;
    expect(wire.broker.dropClient(carId)).toBe(true);
    await waitFor(() => wire.broker.received.some((publish) => publish.topic === carTopics.presence(carId) && carPresenceSchema.parse(publish.payload).online === false), 5_000, 'the last will');
    await waitFor(() => statesOf(carId).length >= 1, 15_000, 'a state after reconnecting');
    // Same run of the car's firmware: the boot id stays, the sequence carries on.
    expect(statesOf(carId)[0]?.bootId).toBe(bootId);
    expect(statesOf(carId)[0]?.sequence).toBeGreaterThan(0);
  });

  it('say goodbye when the simulation closes', async () => {
    const simulation = await simulate();
    await waitFor(() => simulation.stats().cars.connected === carIds.length, 10_000, 'cars to connect');
    await simulation.close();
    expect(simulation.stats().cars.connected).toBe(0);
    const lastPresence = (carId: string) => wire.broker.received.findLast((publish) => publish.topic === carTopics.presence(carId))?.payload;
    await waitFor(() => carIds.every((carId) => carPresenceSchema.safeParse(lastPresence(carId)).data?.online === false), 5_000, 'offline presence');
  });
});

describe('a simulation started before its backend', () => {
  it('keeps retrying and connects every device once the servers come up', async () => {
    const [mqttPort, httpPort] = [await freePort(), await freePort()];
    const simulation = await simulate({ httpUrl: `http://127.0.0.1:${httpPort}`, mqttUrl: `mqtt://127.0.0.1:${mqttPort}` });
    await waitFor(() => simulation.stats().errors >= carIds.length + chargePointIds.length, 10_000, 'refused connections');
    expect(simulation.stats().cars.connected + simulation.stats().chargePoints.connected).toBe(0);
    const lateBroker = await startTestBroker(FLEET_KEY, mqttPort);
    const lateOcpp = await startTestOcppServer(FLEET_KEY, 60, httpPort);
    try {
      await waitFor(() => simulation.stats().cars.connected === carIds.length && simulation.stats().chargePoints.connected === chargePointIds.length, 20_000, 'late connections');
      await waitFor(() => chargePointIds.every((id) => lateOcpp.calls.some((call) => call.identity === id && call.method === 'BootNotification')), 5_000, 'boots');
    } finally {
      await simulation.close();
      await lateBroker.close();
      await lateOcpp.close();
    }
  });
});

describe('simulated charge points over OCPP 1.6J', () => {
  it('boot, report both connectors, beat at the backend’s interval and meter while charging', async () => {
    // An hour of charging per second of test, so the meter visibly moves between two readings.
    const simulation = await simulate({ meterValuesIntervalMs: 300, speedFactor: 3_600 });
    await waitFor(() => simulation.stats().chargePoints.connected === chargePointIds.length, 10_000, 'charge points to connect');
    const charging = chargePointIds.find((id) => simulation.world.chargePoints.get(id)?.status === 'Charging');
    expect(charging).toBeDefined();
    const id = charging ?? '';
    await waitFor(() => callsOf(id, 'MeterValues').length >= 2 && callsOf(id, 'Heartbeat').length >= 1, 10_000, 'meter values and a heartbeat');

    const boot = callsOf(id, 'BootNotification')[0]?.params;
    expect(boot).toMatchObject({ chargePointVendor: 'IER', chargePointModel: 'Autolib pillar 1.6' });
    const statuses = callsOf(id, 'StatusNotification').map((call) => [call.params.connectorId, call.params.status]);
    expect(statuses.slice(0, 2)).toEqual([[0, 'Available'], [1, 'Charging']]);
    // The connector's status is dated from when it began (the car plugged in long ago), not from the report.
    const reportedSince = callsOf(id, 'StatusNotification').find((call) => call.params.connectorId === 1)?.params.timestamp;
    expect(Date.parse(String(reportedSince))).toBe(simulation.world.chargePoints.get(id)?.statusChangedAtMs);
    expect(Date.parse(String(reportedSince))).toBeLessThan(Date.now() - 60_000);
    expect(simulation.chargePoint(id)?.heartbeatIntervalMs).toBe(1_000);

    const meterValues = callsOf(id, 'MeterValues').map((call) => call.params);
    const [first, second] = meterValues;
    expect(sampled(first ?? {}, 'Power.Active.Import')).toBe(3_700);
    expect(sampled(second ?? {}, 'Energy.Active.Import.Register')).toBeGreaterThan(sampled(first ?? {}, 'Energy.Active.Import.Register'));
    for (const idle of chargePointIds.filter((other) => simulation.world.chargePoints.get(other)?.status === 'Available')) {
      expect(callsOf(idle, 'MeterValues')).toEqual([]);
    }
  });

  it('follow the world: a car leaving makes its charge point go Finishing then Available', async () => {
    const simulation = await simulate();
    await waitFor(() => chargePointIds.every((id) => connectorStatuses(id).length >= 1), 10_000, 'boot statuses');
    const [carId, car] = [...simulation.world.cars.entries()].find(([, candidate]) => candidate.chargePointId !== null) ?? [];
    const chargePointId = car?.chargePointId ?? '';
    const before = connectorStatuses(chargePointId);
    expect(before).toEqual([expect.stringMatching(/^(Charging|SuspendedEV)$/)]);
    expect(simulation.world.startTrip(carId ?? '')).toBe(true);
    await waitFor(() => connectorStatuses(chargePointId).includes('Available'), 10_000, 'Available');
    expect(connectorStatuses(chargePointId)).toEqual([...before, 'Finishing', 'Available']);
  });

  it('reconnect and boot again when the backend drops them', async () => {
    const simulation = await simulate();
    const id = chargePointIds[0] ?? '';
    await waitFor(() => simulation.chargePoint(id)?.isAccepted === true, 10_000, 'the first boot');
    expect(await wire.ocpp.dropClient(id)).toBe(true);
    await waitFor(() => callsOf(id, 'BootNotification').length >= 2, 15_000, 'a second boot');
    await waitFor(() => simulation.chargePoint(id)?.isAccepted === true, 5_000, 'acceptance');
    expect(simulation.stats().chargePoints.connected).toBe(chargePointIds.length);
  });
});
