/**
 * Car commands through the backend's own parts: the command service, the car transport and a real broker
 * (the embedded one, and an external Mosquitto when the tests have one), with the `mqtt` client playing a
 * third-party car that answers as each test says. The simulator's cars answer them in e2e/car-commands.test.ts.
 */
import { createPublicKey, verify } from 'node:crypto';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carCommandSchema, signingBytes } from '../../shared/car-commands.js';
import type { CarCommand, CarCommandAck, CarCommandAckStatus } from '../../shared/car-commands.js';
import { carTopics } from '../../shared/car-protocol.js';
import { demoDeviceSecret } from '../../shared/demo-secrets.js';
import { testBrokers, uniqueCarPrefix } from '../gateways/test-brokers.js';
import { eventually, testCarState } from '../state/test-support.js';
import { silentLogger, testEngines } from '../store/testing.js';
import { carTransport } from './car-transport.js';
import type { CarTransport } from './car-transport.js';
import { carFleet, sentCommand, startCarCommandHarness } from './car-test-support.js';
import type { CarCommandHarness } from './car-test-support.js';
import type { CommandOutcome } from './service.js';
import { commandById } from './store.js';

const FLEET_KEY = 'car-commands-test-fleet-key-0123';
const combinations = testBrokers().flatMap((broker) => (broker.name === 'embedded' ? testEngines() : testEngines().slice(0, 1)).map((engine) => ({ broker, engine })));

interface Received {
  readonly command: CarCommand;
  readonly isRetained: boolean;
}

/** A car as the test plays it: what it was sent, and what it says. */
interface ScriptedCar {
  readonly client: MqttClient;
  readonly received: readonly Received[];
  /** The `count`-th command it was sent, once it has come. */
  command(count: number): Promise<Received>;
  answer(commandId: string, status: CarCommandAckStatus, reason?: string): Promise<unknown>;
  /** Says it is online, as a car does once it has subscribed to its commands. */
  announce(): Promise<unknown>;
}

describe.each(combinations)('car commands over the $broker.name broker, on $engine.name', ({ broker, engine }) => {
  const prefix = uniqueCarPrefix();
  const network = carFleet(prefix, 7);
  // One car per test, but for the impostor, who speaks up in another car's test.
  const carId = (index: number) => `${prefix}-${index}`;
  const [signed, fastClock, impostor, answering, returning, neverQueued, silentSince] = [carId(1), carId(2), carId(3), carId(4), carId(5), carId(6), carId(7)];
  let harness: CarCommandHarness;
  /** A transport of its own, to see what goes on to the service after a command's first answer. */
  let recording: CarTransport;
  const later: [string, CommandOutcome][] = [];
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    harness = await startCarCommandHarness(broker, engine, network, FLEET_KEY);
    const follower = { answered: (commandId: string, outcome: CommandOutcome) => void later.push([commandId, outcome]) };
    recording = carTransport({ gateway: harness.gateway, state: harness.state, key: harness.key, follower, logger: silentLogger });
  });

  afterAll(async () => {
    recording.close();
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await harness.close();
  });

  /** Connected and subscribed to its commands; not announced. */
  async function scriptedCar(carId: string): Promise<ScriptedCar> {
    const client = await mqtt.connectAsync(harness.gateway.url, { clientId: carId, username: carId, password: demoDeviceSecret(FLEET_KEY, carId), reconnectPeriod: 0, connectTimeout: 5000 });
    clients.push(client);
    const received: Received[] = [];
    client.on('message', (_topic, payload, packet) => received.push({ command: carCommandSchema.parse(JSON.parse(payload.toString())), isRetained: packet.retain }));
    await client.subscribeAsync(carTopics.command(carId), { qos: 1 });
    return {
      client,
      received,
      async command(count) {
        await eventually(() => received.length >= count, `command ${count} to ${carId}`);
        const arrived = received[count - 1];
        if (!arrived) throw new Error(`no command ${count}`);
        return arrived;
      },
      answer(commandId, status, reason) {
        const ack: CarCommandAck = { commandId, status, ...(reason === undefined ? {} : { reason }), at: new Date().toISOString() };
        return client.publishAsync(carTopics.commandAck(carId), JSON.stringify(ack), { qos: 1 });
      },
      announce: () => client.publishAsync(carTopics.presence(carId), JSON.stringify({ deviceId: carId, online: true }), { qos: 1, retain: true }),
    };
  }

  it('signs each command as it sends it, for that car alone, with a deadline as far off as the wait for its answer', async () => {
    const car = await scriptedCar(signed);
    const command = sentCommand(signed, 'locate');
    const sentAtMs = Date.now();
    const answered = recording.send(command, 5_000);
    const { command: published, isRetained } = await car.command(1);
    expect(isRetained).toBe(false);
    expect(published).toMatchObject({ commandId: command.id, type: 'locate', params: {} });
    expect(Date.parse(published.issuedAt)).toBeGreaterThanOrEqual(sentAtMs);
    expect(Date.parse(published.expiresAt ?? '')).toBe(Date.parse(published.issuedAt) + 5_000);
    const { signature, ...unsigned } = published;
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: harness.key.publicKey }, format: 'jwk' });
    const verifies = (carId: string) => verify(null, signingBytes(carId, unsigned), publicKey, Buffer.from(signature, 'base64url'));
    expect(verifies(command.deviceId)).toBe(true);
    expect(verifies(impostor)).toBe(false);
    await car.answer(command.id, 'succeeded');
    expect(await answered).toEqual({ status: 'succeeded', detail: 'Done, says the car' });
  });

  it("gives the deadline on the car's own clock, which may be off", async () => {
    const car = await scriptedCar(fastClock);
    await car.client.publishAsync(carTopics.state(fastClock), JSON.stringify(testCarState(fastClock, 1, { deviceTimeMs: Date.now() + 120_000 })), { qos: 1 });
    await eventually(() => (harness.state.detail(fastClock)?.clockOffsetMs ?? 0) > 110_000, 'the clock offset estimated');
    void recording.send(sentCommand(fastClock, 'unlock'), 5_000);
    const { command } = await car.command(1);
    const offsetMs = harness.state.detail(fastClock)?.clockOffsetMs ?? 0;
    expect(Date.parse(command.expiresAt ?? '')).toBe(Date.parse(command.issuedAt) + 5_000 + offsetMs);
    await car.answer(command.commandId, 'rejected', 'no command key');
  });

  it('hears only the car a command went to, and takes no rejection of a command that car accepted', async () => {
    const car = await scriptedCar(answering);
    const other = await scriptedCar(impostor);
    const command = sentCommand(answering, 'lock');
    const answered = recording.send(command, 5_000);
    await car.command(1);
    // Another car names the command: it cannot answer for this one.
    await other.answer(command.id, 'rejected', 'forged');
    await car.answer(command.id, 'accepted');
    expect(await answered).toEqual({ status: 'delivered', detail: 'Accepted by the car' });
    // A second copy's answer, an answer to nothing sent, then the result: only the result counts.
    await car.answer(command.id, 'rejected', 'replayed');
    await car.answer('no-such-command', 'succeeded');
    await car.answer(command.id, 'succeeded');
    await eventually(() => later.length > 0, 'the result');
    expect(later.splice(0)).toEqual([[command.id, { status: 'succeeded', detail: 'Done, says the car' }]]);

    const refused = sentCommand(answering, 'unlock');
    const refusal = recording.send(refused, 5_000);
    await car.command(2);
    await car.answer(refused.id, 'rejected', 'too old');
    expect(await refusal).toEqual({ status: 'rejected', detail: 'The car refused it: too old' });

    const slow = sentCommand(answering, 'lock');
    expect(await recording.send(slow, 100)).toEqual({ status: 'timedOut', detail: 'No answer within 0.1 s' });
    await car.command(3);
    // The truth, late: the service corrects the timeout with it.
    await car.answer(slow.id, 'accepted');
    await car.answer(slow.id, 'failed', 'doors open');
    await eventually(() => later.length >= 2, 'the late answers');
    expect(later.splice(0)).toEqual([
      [slow.id, { status: 'delivered', detail: 'Accepted by the car' }],
      [slow.id, { status: 'failed', detail: 'The car could not do it: doors open' }],
    ]);
  });

  it('keeps a lock for an offline car until the car says it is online, not merely connected, and then it succeeds', async () => {
    const command = await harness.submit(returning, 'lock');
    expect(command.status).toBe('queued');
    const car = await scriptedCar(returning);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(car.received).toEqual([]);
    expect((await commandById(harness.test.db, command.id))?.status).toBe('queued');

    await car.announce();
    const { command: published } = await car.command(1);
    expect(published).toMatchObject({ commandId: command.id, type: 'lock' });
    await car.answer(command.id, 'accepted');
    await car.answer(command.id, 'succeeded');
    const done = await harness.reaches(command, 'succeeded');
    expect(done.transitions.at(-1)?.detail).toBe('Done, says the car');
  });

  it('sends what a car is owed on its first message since it was offline, presence or not', async () => {
    // As through an external broker after a backend restart: the car, connected all along, says no presence.
    const command = await harness.submit(silentSince, 'requestState');
    expect(command.status).toBe('queued');
    const car = await scriptedCar(silentSince);
    await car.client.publishAsync(carTopics.state(silentSince), JSON.stringify(testCarState(silentSince, 1)), { qos: 1 });
    const { command: published } = await car.command(1);
    expect(published).toMatchObject({ commandId: command.id, type: 'requestState' });
    await car.answer(command.id, 'succeeded');
    await harness.reaches(command, 'succeeded');
  });

  it('fails an unlock for an offline car at once, and never sends it when the car comes back', async () => {
    const unlock = await harness.submit(neverQueued, 'unlock');
    expect(unlock.status).toBe('failed');
    expect(unlock.transitions.at(-1)?.detail).toContain('offline');

    const car = await scriptedCar(neverQueued);
    await car.announce();
    await eventually(() => harness.state.detail(neverQueued)?.isOnline === true, 'the car online');
    const locate = await harness.submit(neverQueued, 'locate');
    // A car's commands go one after another: what its presence released went before this one.
    const { command: published } = await car.command(1);
    await car.answer(published.commandId, 'succeeded');
    await harness.reaches(locate, 'succeeded');
    expect(car.received.map(({ command }) => command.commandId)).toEqual([locate.id]);
    expect((await commandById(harness.test.db, unlock.id))?.status).toBe('failed');
  });
});
