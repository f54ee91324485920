import { describe, expect, it } from 'vitest';
import { carCommandAckSchema } from '../../shared/car-commands.js';
import type { CarCommand, CarCommandAck } from '../../shared/car-commands.js';
import { carStateSchema, carTopics } from '../../shared/car-protocol.js';
import { generateDemoNetwork } from '../../shared/network.js';
import { testCommandKey } from '../testing/command-key.js';
import { waitFor } from '../testing/servers.js';
import { useWireFixture } from '../testing/wire-fixture.js';
import { World } from '../world/world.js';
import { COMMAND_WINDOW_MS, CommandReceiver, CommandVerifier } from './car-commands.js';
import type { CommandVerifierOptions } from './car-commands.js';

const NOW = Date.parse('2026-11-27T14:02:11.250Z');
const MINUTE = 60_000;
const CAR = 'car-00001';
const TOPIC = carTopics.command(CAR);
const key = testCommandKey();

function verifier(overrides: Partial<CommandVerifierOptions> = {}): CommandVerifier {
  return new CommandVerifier({ carId: CAR, publicKey: key.publicKey, clock: () => NOW, ...overrides });
}

/** What the car would say of this message: 'ok' or the reason it refused it. */
function verdictOf(message: unknown, check = verifier(), topic = TOPIC): string {
  const verdict = check.verify(message, topic);
  return verdict.isValid ? 'ok' : verdict.reason;
}

describe('the car’s command checks', () => {
  it('accept a command signed by the backend for this car, recently', () => {
    const command = key.command(CAR, 'lock', NOW);
    const verdict = verifier().verify(command, TOPIC);
    expect(verdict).toEqual({ isValid: true, command });
  });

  it('refuse every command without a key', () => {
    expect(verdictOf(key.command(CAR, 'lock', NOW), verifier({ publicKey: undefined }))).toBe('no command key');
  });

  it('refuse a command altered after signing, whatever was changed', () => {
    const command = key.command(CAR, 'lock', NOW, { expiresAt: new Date(NOW + MINUTE).toISOString() });
    const altered: Partial<CarCommand>[] = [
      { type: 'unlock' },
      { params: { force: true } },
      { commandId: 'cmd-other' },
      { issuedAt: new Date(NOW + 1).toISOString() },
      { expiresAt: new Date(NOW + 2 * MINUTE).toISOString() },
      { expiresAt: undefined },
      { nonce: 'AAECAwQFBgcICQoLDA0ODw' },
    ];
    for (const change of altered) expect(verdictOf({ ...command, ...change }), JSON.stringify(change)).toBe('bad signature');
  });

  it('refuse a command signed by another key', () => {
    expect(verdictOf(testCommandKey().command(CAR, 'unlock', NOW))).toBe('bad signature');
  });

  it('refuse a command meant for another car, on its topic or on this one', () => {
    expect(verdictOf(key.command('car-00002', 'unlock', NOW))).toBe('bad signature');
    expect(verdictOf(key.command('car-00002', 'unlock', NOW), verifier(), carTopics.command('car-00002'))).toBe('not for this car');
  });

  it('refuse what is not a command, or carries a field the signature does not cover', () => {
    expect(verdictOf(undefined)).toBe('malformed');
    expect(verdictOf({ ...key.command(CAR, 'lock', NOW), priority: 'high' })).toBe('malformed');
    expect(verdictOf(key.command(CAR, 'lock', NOW, { params: { force: true } }))).toBe('bad params');
  });

  it('refuse a second delivery of the same command', () => {
    const check = verifier();
    const command = key.command(CAR, 'unlock', NOW);
    expect(verdictOf(command, check)).toBe('ok');
    expect(verdictOf(command, check)).toBe('replayed');
    expect(verdictOf(key.command(CAR, 'unlock', NOW), check)).toBe('ok');
  });

  it('refuse commands issued outside the window of the car’s own clock, which may drift', () => {
    expect(verdictOf(key.command(CAR, 'lock', NOW - COMMAND_WINDOW_MS - 1))).toBe('too old');
    expect(verdictOf(key.command(CAR, 'lock', NOW + COMMAND_WINDOW_MS + 1))).toBe('too new');
    expect(verdictOf(key.command(CAR, 'lock', NOW - COMMAND_WINDOW_MS + 1_000))).toBe('ok');
    // A car four minutes fast still takes a command sent now; eight minutes fast, it cannot tell.
    expect(verdictOf(key.command(CAR, 'lock', NOW), verifier({ clock: () => NOW + 4 * MINUTE }))).toBe('ok');
    expect(verdictOf(key.command(CAR, 'lock', NOW), verifier({ clock: () => NOW + 8 * MINUTE }))).toBe('too old');
  });

  it('refuse a command past its expiry', () => {
    expect(verdictOf(key.command(CAR, 'lock', NOW - MINUTE, { expiresAt: new Date(NOW - 1).toISOString() }))).toBe('expired');
    expect(verdictOf(key.command(CAR, 'lock', NOW - MINUTE, { expiresAt: new Date(NOW + 1).toISOString() }))).toBe('ok');
  });

  it('forget nonces when full only by refusing everything issued up to the one forgotten', () => {
    const check = verifier({ nonceCapacity: 2 });
    const first = key.command(CAR, 'lock', NOW - 3_000);
    for (const command of [first, key.command(CAR, 'lock', NOW - 2_000), key.command(CAR, 'lock', NOW - 1_000)]) expect(verdictOf(command, check)).toBe('ok');
    expect(verdictOf(first, check)).toBe('too old');
    expect(verdictOf(key.command(CAR, 'lock', NOW - 3_000), check)).toBe('too old');
    expect(verdictOf(key.command(CAR, 'lock', NOW), check)).toBe('ok');
  });

  it('forget nonces once their commands are too old to pass, and still refuse those', () => {
    let carNow = NOW;
    const check = verifier({ clock: () => carNow, nonceCapacity: 2 });
    const first = key.command(CAR, 'lock', NOW);
    expect(verdictOf(first, check)).toBe('ok');
    carNow += COMMAND_WINDOW_MS + 1;
    // The first nonce is forgotten to make room; the next two fit without dropping a live one.
    expect(verdictOf(key.command(CAR, 'lock', carNow), check)).toBe('ok');
    expect(verdictOf(key.command(CAR, 'lock', carNow), check)).toBe('ok');
    expect(verdictOf(first, check)).toBe('too old');
  });
});

/** A car in a small world, and what it answered. */
function receiverFixture(hasKey = true) {
  const world = new World(generateDemoNetwork({ seed: 4, stations: 4, cars: 3, chargePoints: 6 }), { seed: 4, nowMs: NOW, drivingShare: 0.001 });
  const car = [...world.cars.values()][0];
  if (!car) throw new Error('no car in the world');
  const acks: CarCommandAck[] = [];
  const calls: string[] = [];
  const clock = () => NOW;
  const receiver = new CommandReceiver(car, {
    verifier: new CommandVerifier({ carId: car.id, publicKey: hasKey ? key.publicKey : undefined, clock }),
    controls: world,
    link: {
      publishAck: async (ack) => void acks.push(carCommandAckSchema.parse(ack)),
      publishState: async () => void calls.push('publishState'),
      reboot: async () => void calls.push('reboot'),
    },
    clock,
  });
  const send = (command: unknown) => receiver.receive(carTopics.command(car.id), Buffer.from(JSON.stringify(command)));
  const answers = () => acks.map((ack) => [ack.commandId, ack.status, ack.reason]);
  return { world, car, send, acks, calls, answers };
}

describe('the car acting on commands', () => {
  it('unlocks and locks, answering accepted then succeeded', async () => {
    const { car, send, answers } = receiverFixture();
    expect(car.sensors.locked.value).toBe(true);
    const unlock = key.command(car.id, 'unlock', NOW);
    await send(unlock);
    expect(car.sensors.locked.value).toBe(false);
    const lock = key.command(car.id, 'lock', NOW);
    await send(lock);
    expect(car.sensors.locked.value).toBe(true);
    expect(answers()).toEqual([
      [unlock.commandId, 'accepted', undefined],
      [unlock.commandId, 'succeeded', undefined],
      [lock.commandId, 'accepted', undefined],
      [lock.commandId, 'succeeded', undefined],
    ]);
  });

  it('cannot lock with a door open, and says so', async () => {
    const { world, car, send, acks } = receiverFixture();
    expect(world.startTrip(car.id)).toBe(true);
    await send(key.command(car.id, 'lock', NOW));
    expect(car.sensors.locked.value).toBe(false);
    expect(acks.at(-1)).toMatchObject({ status: 'failed', reason: 'doors open' });
  });

  it('immobilises a car, which then stays put, and releases it', async () => {
    const { world, car, send, acks } = receiverFixture();
    await send(key.command(car.id, 'immobilise', NOW));
    expect(car.isImmobilised).toBe(true);
    expect(world.startTrip(car.id)).toBe(false);
    await send(key.command(car.id, 'release', NOW));
    expect(car.isImmobilised).toBe(false);
    expect(world.startTrip(car.id)).toBe(true);
    expect(acks.map((ack) => ack.status)).toEqual(['accepted', 'succeeded', 'accepted', 'succeeded']);
  });

  it('sends its state, reboots or flashes when asked', async () => {
    const { car, send, acks, calls } = receiverFixture();
    for (const type of ['requestState', 'rebootTelematics', 'locate'] as const) await send(key.command(car.id, type, NOW));
    expect(calls).toEqual(['publishState', 'reboot']);
    expect(acks.map((ack) => ack.status)).toEqual(['accepted', 'succeeded', 'accepted', 'succeeded', 'accepted', 'succeeded']);
  });

  it('never acts on a refused command, and says why', async () => {
    const { car, send, answers } = receiverFixture();
    const tampered = { ...key.command(car.id, 'lock', NOW), type: 'immobilise' };
    await send(tampered);
    const replayed = key.command(car.id, 'unlock', NOW);
    await send(replayed);
    await send({ ...replayed, commandId: 'cmd-again' });
    await send(replayed);
    expect(car.isImmobilised).toBe(false);
    expect(answers()).toEqual([
      [tampered.commandId, 'rejected', 'bad signature'],
      [replayed.commandId, 'accepted', undefined],
      [replayed.commandId, 'succeeded', undefined],
      ['cmd-again', 'rejected', 'bad signature'],
      [replayed.commandId, 'rejected', 'replayed'],
    ]);
  });

  it('refuses everything without a key, and cannot answer what names no command', async () => {
    const { car, send, answers } = receiverFixture(false);
    const unlock = key.command(car.id, 'unlock', NOW);
    await send(unlock);
    await send({ type: 'unlock' });
    expect(car.sensors.locked.value).toBe(true);
    expect(answers()).toEqual([[unlock.commandId, 'rejected', 'no command key']]);
  });
});

describe('signed commands over a real broker', () => {
  const wire = useWireFixture({ fleetKey: 'test-fleet-key-commands-0123', heartbeatSeconds: 60 });

  const acksOf = (carId: string, commandId: string) =>
    wire.broker.received
      .filter((publish) => publish.topic === carTopics.commandAck(carId))
      .map((publish) => carCommandAckSchema.parse(publish.payload))
      .filter((ack) => ack.commandId === commandId);
  const answered = (carId: string, commandId: string, count: number) => waitFor(() => acksOf(carId, commandId).length >= count, 10_000, `${count} answers to ${commandId}`);

  it('reach the car on its cmd topic: accepted, done, succeeded; a tampered copy is rejected', async () => {
    const simulation = await wire.connected({ commandPublicKey: key.publicKey });
    const carId = wire.carIds[0] ?? '';
    const car = simulation.world.cars.get(carId);
    const unlock = key.command(carId, 'unlock', Date.now());
    await wire.broker.publish(carTopics.command(carId), JSON.stringify(unlock));
    await answered(carId, unlock.commandId, 2);
    expect(acksOf(carId, unlock.commandId).map((ack) => ack.status)).toEqual(['accepted', 'succeeded']);
    expect(car?.sensors.locked.value).toBe(false);

    const immobilise = key.command(carId, 'immobilise', Date.now());
    const tampered = { ...immobilise, commandId: `${immobilise.commandId}-x` };
    await wire.broker.publish(carTopics.command(carId), JSON.stringify(tampered));
    await answered(carId, tampered.commandId, 1);
    expect(acksOf(carId, tampered.commandId)).toMatchObject([{ status: 'rejected', reason: 'bad signature' }]);
    expect(car?.isImmobilised).toBe(false);
  });

  it('are subscribed to before the car says it is online: the backend sends what it kept on hearing that', async () => {
    await wire.connected({ commandPublicKey: key.publicKey });
    for (const carId of wire.carIds) {
      const presence = wire.broker.received.findIndex((publish) => publish.topic === carTopics.presence(carId));
      const subscription = wire.broker.subscriptions.find((each) => each.clientId === carId && each.topic === carTopics.command(carId));
      expect(presence).toBeGreaterThanOrEqual(0);
      expect(subscription?.afterPublishes, carId).toBeLessThanOrEqual(presence);
    }
  });

  it('reboot the telematics unit: answered, then back from a new boot', async () => {
    const simulation = await wire.connected({ commandPublicKey: key.publicKey });
    const carId = wire.carIds[1] ?? '';
    const bootBefore = simulation.car(carId)?.bootId;
    const reboot = key.command(carId, 'rebootTelematics', Date.now());
    await wire.broker.publish(carTopics.command(carId), JSON.stringify(reboot));
    await answered(carId, reboot.commandId, 2);
    expect(acksOf(carId, reboot.commandId).map((ack) => ack.status)).toEqual(['accepted', 'succeeded']);
    const bootAfter = simulation.car(carId)?.bootId;
    expect(bootAfter).not.toBe(bootBefore);
    await waitFor(() => wire.statesOf(carId).some((state) => state.bootId === bootAfter), 5_000, 'a state from the new boot');
    expect(wire.statesOf(carId).find((state) => state.bootId === bootAfter)?.sequence).toBe(0);
  });

  it('are judged by the car’s own clock: a clock 15 minutes fast finds a command sent now too old', async () => {
    const simulation = await wire.connected({ commandPublicKey: key.publicKey });
    const carId = wire.carIds[0] ?? '';
    simulation.faults.inject(carId, { kind: 'clockSkew', seconds: 900 });
    const lock = key.command(carId, 'lock', Date.now());
    await wire.broker.publish(carTopics.command(carId), JSON.stringify(lock));
    await answered(carId, lock.commandId, 1);
    expect(acksOf(carId, lock.commandId)).toMatchObject([{ status: 'rejected', reason: 'too old' }]);
  });

  it('are all refused by a car that was given no key', async () => {
    await wire.connected();
    const carId = wire.carIds[2] ?? '';
    const locate = key.command(carId, 'locate', Date.now());
    await wire.broker.publish(carTopics.command(carId), JSON.stringify(locate));
    await answered(carId, locate.commandId, 1);
    expect(acksOf(carId, locate.commandId)).toMatchObject([{ status: 'rejected', reason: 'no command key' }]);
    expect(wire.broker.received.filter((publish) => publish.topic === carTopics.state(carId)).every((publish) => carStateSchema.safeParse(publish.payload).success)).toBe(true);
  });
});
