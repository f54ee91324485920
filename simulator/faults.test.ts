/** Each fault, seen from the wire: what the simulated devices send to real third-party servers. */
import { describe, expect, it } from 'vitest';
import { carBacklogSchema, carPresenceSchema, carStateSchema, carTopics } from '../shared/car-protocol.js';
import type { Simulation } from './index.js';
import { waitFor } from './testing/servers.js';
import { useWireFixture } from './testing/wire-fixture.js';

const wire = useWireFixture({ fleetKey: 'faults-test-fleet-key-0123456789', heartbeatSeconds: 1, ocpp: { pingIntervalMs: 500 }, simulation: { keepaliveSeconds: 1 } });
const { carIds, chargePointIds, connected, statesOf, callsOf } = wire;
const carId = carIds[0] ?? '';

function presencesOf(id: string): boolean[] {
  return wire.broker.received.filter((publish) => publish.topic === carTopics.presence(id)).map((publish) => carPresenceSchema.parse(publish.payload).online);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function handle(simulation: Simulation, id = carId) {
  const car = simulation.car(id);
  if (!car) throw new Error(`no car ${id}`);
  return car;
}

describe('car faults on MQTT', () => {
  it('drop: a share of states never leaves, and the sequence still counts them', async () => {
    const simulation = await connected();
    const car = handle(simulation);
    const first = car.sequence;
    simulation.faults.inject(carId, { kind: 'drop', share: 0.5 });
    for (let sent = 0; sent < 6; sent++) await car.publishState();
    simulation.faults.clear(carId);
    await car.publishState();
    await waitFor(() => statesOf(carId).some((state) => state.sequence === first + 6), 5_000, 'the state after the fault');
    expect(statesOf(carId).map((state) => state.sequence).filter((sequence) => sequence >= first)).toEqual([first, first + 2, first + 4, first + 6]);
    expect(simulation.stats().messagesDropped).toBe(3);
  });

  it('duplicate: the same state, same sequence, arrives twice', async () => {
    const simulation = await connected();
    const car = handle(simulation);
    simulation.faults.inject(carId, { kind: 'duplicate' });
    await car.publishState();
    // Cleared at once: the car's own periodic state, due any moment, would be duplicated too.
    simulation.faults.clear(carId);
    const sequence = car.sequence - 1;
    await waitFor(() => statesOf(carId).filter((state) => state.sequence === sequence).length >= 2, 5_000, 'the duplicate');
    const [once, twice] = wire.broker.received.filter((publish) => publish.topic === carTopics.state(carId) && carStateSchema.parse(publish.payload).sequence === sequence);
    expect(twice?.payload).toEqual(once?.payload);
    expect(simulation.stats().messagesDuplicated).toBe(1);
  });

  it('clockSkew: the state is dated by a clock that is off', async () => {
    const simulation = await connected();
    simulation.faults.inject(carId, { kind: 'clockSkew', seconds: -600 });
    const before = Date.now();
    await handle(simulation).publishState();
    const skewedTime = Date.parse(statesOf(carId).at(-1)?.deviceTime ?? '');
    expect(skewedTime).toBeLessThan(before - 590_000);
    expect(skewedTime).toBeGreaterThan(before - 610_000);
  });

  it('backlog: out of coverage the car goes offline and queues, then sends it all as one history batch', async () => {
    const simulation = await connected({ carStateIntervalMs: 100 });
    const car = handle(simulation);
    wire.broker.received.length = 0;
    simulation.faults.inject(carId, { kind: 'backlog', forMs: 1_000 });
    await waitFor(() => presencesOf(carId).includes(false), 5_000, 'the last will');
    await waitFor(() => car.backlogSize >= 4, 5_000, 'a queue');
    await waitFor(() => car.backlogSize === 0 && statesOf(carId).length >= 1, 10_000, 'the queue sent');
    const batches = wire.broker.received.filter((publish) => publish.topic === carTopics.history(carId)).map((publish) => carBacklogSchema.parse(publish.payload));
    expect(batches).toHaveLength(1);
    const queued = batches[0]?.states.map((state) => state.sequence) ?? [];
    expect(queued.length).toBeGreaterThanOrEqual(4);
    // Sent before anything new: the first live state follows the batch's last.
    expect([...queued, statesOf(carId)[0]?.sequence]).toEqual([...queued, 0].map((_, index) => (queued[0] ?? 0) + index));
  });

  it('backlog delivered on state: the queued states arrive as late messages, in order', async () => {
    const simulation = await connected({ carStateIntervalMs: 100 });
    const car = handle(simulation);
    wire.broker.received.length = 0;
    simulation.faults.inject(carId, { kind: 'backlog', forMs: 1_000, delivery: 'state' });
    await waitFor(() => presencesOf(carId).includes(false), 5_000, 'the last will');
    await waitFor(() => car.backlogSize >= 4, 5_000, 'a queue');
    expect(statesOf(carId)).toEqual([]);
    await waitFor(() => car.backlogSize === 0 && car.isConnected, 10_000, 'the queue sent');
    await waitFor(() => statesOf(carId).length >= 6, 5_000, 'states after the queue');
    const states = statesOf(carId);
    const sequences = states.map((state) => state.sequence);
    expect(sequences).toEqual(sequences.map((_, index) => (sequences[0] ?? 0) + index));
    // The queued states carry the time they were made, the oldest a second before the car came back.
    expect(Date.parse(states[0]?.deviceTime ?? '')).toBeLessThan(Date.parse(states.at(-1)?.deviceTime ?? '') - 800);
    expect(presencesOf(carId)).toEqual([false, true]);
  });

  it('flapping: the plugged sensor flips at every period, and each flip is sent', async () => {
    const simulation = await connected();
    const before = statesOf(carId).length;
    const plugged = statesOf(carId).at(-1)?.sensors.plugged.value;
    simulation.faults.inject(carId, { kind: 'flapping', sensor: 'plugged', everyMs: 200 });
    await waitFor(() => statesOf(carId).length >= before + 4, 5_000, 'flips');
    const flips = statesOf(carId).slice(before, before + 4).map((state) => state.sensors.plugged);
    expect(flips.map((sensor) => sensor.value)).toEqual([!plugged, plugged, !plugged, plugged]);
    expect(flips.every((sensor) => sensor.sinceSeconds === 0)).toBe(true);
  });

  it('impossible: the cable is connected while the hatch over it never opened', async () => {
    const simulation = await connected();
    simulation.faults.inject(carId, { kind: 'impossible', combination: 'pluggedHatchClosed' });
    await handle(simulation).publishState();
    const sensors = statesOf(carId).at(-1)?.sensors;
    expect(sensors?.plugged.value).toBe(true);
    expect(sensors?.chargeHatchOpen?.value).toBe(false);
    expect(sensors?.chargeHatchOpen?.sinceSeconds).toBeGreaterThan(sensors?.plugged.sinceSeconds ?? Infinity);
    // The truth, without the fault: the hatch is open while plugged.
    expect(statesOf(carId)[0]?.sensors.chargeHatchOpen?.value).toBe(statesOf(carId)[0]?.sensors.plugged.value);
  });

  it('silent, keeping the connection: nothing is sent, the broker keeps the car', async () => {
    const simulation = await connected({ carStateIntervalMs: 100 });
    simulation.faults.inject(carId, { kind: 'silent' });
    await pause(200);
    const count = statesOf(carId).length;
    await pause(2_000);
    expect(statesOf(carId).length).toBe(count);
    expect(presencesOf(carId)).toEqual([true]);
    expect(handle(simulation).isConnected).toBe(true);
    simulation.faults.clear(carId, 'silent');
    await waitFor(() => statesOf(carId).length > count, 5_000, 'states again');
  });

  it('silent, half-open: no FIN, so only the broker’s keep-alive finds it; the car stays away until cleared', async () => {
    const simulation = await connected({ carStateIntervalMs: 100 });
    simulation.faults.inject(carId, { kind: 'silent', mode: 'halfOpen' });
    await pause(100);
    const count = statesOf(carId).length;
    await waitFor(() => presencesOf(carId).includes(false), 5_000, 'the broker giving up on the car');
    await pause(1_500);
    expect(statesOf(carId).length).toBe(count);
    expect(presencesOf(carId)).toEqual([true, false]);
    simulation.faults.clear(carId);
    await waitFor(() => presencesOf(carId).at(-1) === true && statesOf(carId).length > count, 10_000, 'the car back');
  });

  it('reconnectStorm: every device drops at once and comes back', async () => {
    const simulation = await connected();
    wire.ocpp.calls.length = 0;
    simulation.faults.inject('*', { kind: 'reconnectStorm' });
    await waitFor(() => carIds.every((id) => presencesOf(id).filter((online) => !online).length === 1 && presencesOf(id).at(-1) === true), 10_000, 'every car back');
    await waitFor(() => chargePointIds.every((id) => callsOf(id, 'BootNotification').length === 1), 10_000, 'every charge point booted again');
    expect(simulation.faults.list()).toEqual([]);
  });
});

describe('charge point faults on OCPP 1.6J', () => {
  const id = chargePointIds[0] ?? '';

  it('drop: heartbeats never leave while the fault lasts', async () => {
    const simulation = await connected();
    simulation.faults.inject(id, { kind: 'drop', share: 1 });
    await pause(100);
    const count = callsOf(id, 'Heartbeat').length;
    await pause(2_500);
    expect(callsOf(id, 'Heartbeat').length).toBe(count);
    expect(callsOf(chargePointIds[1] ?? '', 'Heartbeat').length).toBeGreaterThan(1);
    simulation.faults.clear(id);
    await waitFor(() => callsOf(id, 'Heartbeat').length > count, 5_000, 'heartbeats again');
  });

  it('duplicate: the same call is resent with the same message id', async () => {
    const simulation = await connected();
    simulation.faults.inject(id, { kind: 'duplicate' });
    await simulation.chargePoint(id)?.sendStatus(1);
    await waitFor(() => callsOf(id, 'StatusNotification').length >= 4, 5_000, 'the resent status');
    const [first, second] = callsOf(id, 'StatusNotification').slice(-2);
    expect(second?.messageId).toBe(first?.messageId);
    expect(second?.params).toEqual(first?.params);
  });

  it('clockSkew: OCPP timestamps follow the skewed clock', async () => {
    const simulation = await connected();
    simulation.faults.inject(id, { kind: 'clockSkew', seconds: 3_600 });
    const before = Date.now();
    await simulation.chargePoint(id)?.sendStatus(0);
    const timestamp = Date.parse(String(callsOf(id, 'StatusNotification').at(-1)?.params.timestamp));
    expect(timestamp).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(timestamp).toBeLessThan(before + 3_610_000);
  });

  it('flapping: the connector flips Available/Preparing, each status dated from its flip', async () => {
    const simulation = await connected();
    simulation.faults.inject(id, { kind: 'flapping', everyMs: 200 });
    await waitFor(() => callsOf(id, 'StatusNotification').length >= 6, 5_000, 'flips');
    const flips = callsOf(id, 'StatusNotification').slice(2, 6);
    expect(flips.map((call) => call.params.status)).toEqual(['Preparing', 'Available', 'Preparing', 'Available']);
    const times = flips.map((call) => Date.parse(String(call.params.timestamp)));
    expect(times.slice(1).map((time, index) => time - (times[index] ?? 0))).toEqual([200, 200, 200]);
  });

  it('silent, half-open: the server’s ping finds the dead link; no new boot until cleared', async () => {
    const simulation = await connected();
    simulation.faults.inject(id, { kind: 'silent', mode: 'halfOpen' });
    // The server hears nothing, not even a close: its unanswered ping is what ends the connection.
    await waitFor(() => wire.ocpp.disconnects.includes(id), 10_000, 'the server giving up on the link');
    const boots = callsOf(id, 'BootNotification').length;
    await pause(1_500);
    expect(callsOf(id, 'BootNotification').length).toBe(boots);
    simulation.faults.clear(id);
    await waitFor(() => callsOf(id, 'BootNotification').length > boots, 10_000, 'a boot after the fault');
  });

  it('backlog: meter values made out of coverage arrive late, in order, after the boot', async () => {
    const simulation = await connected({ meterValuesIntervalMs: 100 });
    const charging = chargePointIds.find((each) => simulation.world.chargePoints.get(each)?.status === 'Charging') ?? '';
    simulation.faults.inject(charging, { kind: 'backlog', forMs: 1_000 });
    await waitFor(() => simulation.chargePoint(charging)?.isConnected === false, 5_000, 'out of coverage');
    const before = wire.ocpp.calls.length;
    await waitFor(() => (simulation.chargePoint(charging)?.backlogSize ?? 0) >= 4, 5_000, 'a queue');
    expect(wire.ocpp.calls.slice(before).filter((call) => call.identity === charging)).toEqual([]);
    await waitFor(() => simulation.chargePoint(charging)?.backlogSize === 0 && simulation.chargePoint(charging)?.isAccepted === true, 10_000, 'back');
    await waitFor(() => callsOf(charging, 'StatusNotification').length >= 4, 5_000, 'statuses after the queue');
    const after = wire.ocpp.calls.slice(before).filter((call) => call.identity === charging);
    expect(after[0]?.method).toBe('BootNotification');
    const late = after.slice(1).filter((call) => call.method === 'MeterValues');
    expect(late.length).toBeGreaterThanOrEqual(4);
    const times = late.map((call) => Date.parse(String(JSON.stringify(call.params).match(/"timestamp":"([^"]+)"/)?.[1])));
    expect(times).toEqual([...times].sort((left, right) => left - right));
    expect(after.findIndex((call) => call.method === 'StatusNotification')).toBeGreaterThan(after.findIndex((call) => call.method === 'MeterValues'));
  });
});
