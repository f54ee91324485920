/**
 * Car commands against simulated cars: the backend's command service, car transport and broker (the
 * embedded one, and an external Mosquitto when the tests have one), and the simulator's cars, which check,
 * carry out and answer the signed commands as real ones must.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carFleet, sentCommand, startCarCommandHarness } from '../backend/commands/car-test-support.js';
import type { CarCommandHarness } from '../backend/commands/car-test-support.js';
import { loadOrCreateCommandKey } from '../backend/commands/car-signing.js';
import { testBrokers, uniqueCarPrefix } from '../backend/gateways/test-brokers.js';
import { eventually } from '../backend/state/test-support.js';
import { testEngines } from '../backend/store/testing.js';
import { startSimulation } from '../simulator/index.js';
import type { Simulation } from '../simulator/index.js';

const FLEET_KEY = 'car-commands-e2e-fleet-key-0123';
const combinations = testBrokers().flatMap((broker) => (broker.name === 'embedded' ? testEngines() : testEngines().slice(0, 1)).map((engine) => ({ broker, engine })));

describe.each(combinations)('car commands to simulated cars over the $broker.name broker, on $engine.name', ({ broker, engine }) => {
  const prefix = uniqueCarPrefix();
  const network = carFleet(prefix, 6);
  // One car per test, so that none inherits what another did to its car.
  const idOf = (index: number) => `${prefix}-${index}`;
  const [online, stranger, returning, neverQueued, silent, fastClock] = [idOf(1), idOf(2), idOf(3), idOf(4), idOf(5), idOf(6)];
  let harness: CarCommandHarness;
  let anotherDataDir = '';
  const simulations: Simulation[] = [];

  beforeAll(async () => {
    harness = await startCarCommandHarness(broker, engine, network, FLEET_KEY);
    anotherDataDir = await mkdtemp(join(tmpdir(), 'cyberponies-another-backend-'));
  });

  afterAll(async () => {
    await Promise.all(simulations.map((simulation) => simulation.close()));
    await harness.close();
    await rm(anotherDataDir, { recursive: true, force: true });
  });

  function stateOf(carId: string) {
    const detail = harness.state.detail(carId);
    return detail?.kind === 'car' ? detail.state : null;
  }

  /** A simulated car, ready for commands: it has said it is online and sent a first state. */
  async function simulate(carId: string, commandPublicKey = harness.key.publicKey): Promise<Simulation> {
    const simulation = await startSimulation({
      network: { ...network, devices: network.devices.filter((device) => device.id === carId) },
      fleetKey: FLEET_KEY,
      // No charge point in these fleets: nothing connects there.
      httpUrl: 'http://127.0.0.1:1',
      mqttUrl: harness.gateway.url,
      commandPublicKey,
      carStateIntervalMs: 60_000,
      drivingShare: 0.001,
      isWarmStart: false,
      tickMs: 20,
    });
    simulations.push(simulation);
    await eventually(() => stateOf(carId) !== null, `${carId}'s first state`, 10_000);
    return simulation;
  }

  const isLocked = (simulation: Simulation, carId: string) => simulation.world.cars.get(carId)?.sensors.locked.value;

  async function outOfCoverage(simulation: Simulation, carId: string): Promise<void> {
    simulation.faults.inject(carId, { kind: 'backlog', forMs: 60_000 });
    await eventually(() => harness.state.detail(carId)?.isOnline === false, `${carId} offline`);
  }

  it('unlocks and locks an online car: the car does it, and each command succeeds', async () => {
    const carId = online;
    const simulation = await simulate(carId);
    expect(isLocked(simulation, carId)).toBe(true);
    const unlocked = await harness.reaches(await harness.submit(carId, 'unlock'), 'succeeded');
    expect(isLocked(simulation, carId)).toBe(false);
    expect(unlocked.transitions.at(-1)?.detail).toBe('Done, says the car');
    expect(harness.answersTo(unlocked.id)).toEqual(['accepted', 'succeeded']);

    await harness.reaches(await harness.submit(carId, 'lock'), 'succeeded');
    expect(isLocked(simulation, carId)).toBe(true);
  });

  it('ends rejected, with the reason, a command the car refuses: it was given another key', async () => {
    const carId = stranger;
    const anotherBackend = await loadOrCreateCommandKey(anotherDataDir);
    const simulation = await simulate(carId, anotherBackend.publicKey);
    const refused = await harness.reaches(await harness.submit(carId, 'unlock'), 'rejected');
    expect(refused.transitions.at(-1)?.detail).toBe('The car refused it: bad signature');
    expect(isLocked(simulation, carId)).toBe(true);
  });

  it('keeps a lock for a car out of coverage and sends it when the car says it is back', async () => {
    const carId = returning;
    const simulation = await simulate(carId);
    await outOfCoverage(simulation, carId);
    simulation.world.setLocked(carId, false);
    const command = await harness.submit(carId, 'lock');
    expect(command.status).toBe('queued');

    simulation.faults.clear(carId);
    await harness.reaches(command, 'succeeded');
    expect(isLocked(simulation, carId)).toBe(true);
  });

  it('fails an unlock for an offline car at once, and never sends it when the car comes back', async () => {
    const carId = neverQueued;
    const simulation = await simulate(carId);
    await outOfCoverage(simulation, carId);
    const unlock = await harness.submit(carId, 'unlock');
    expect(unlock.status).toBe('failed');
    expect(unlock.transitions.at(-1)?.detail).toContain('offline');

    const sequenceBefore = stateOf(carId)?.sequence ?? -1;
    simulation.faults.clear(carId);
    // A state sent after it came back follows its presence: whatever it was owed went first.
    await eventually(() => (stateOf(carId)?.sequence ?? -1) > sequenceBefore, 'a state from the car back in coverage', 10_000);
    // A car's commands go one after another: once this one is answered, anything sent before it was too.
    await harness.reaches(await harness.submit(carId, 'locate'), 'succeeded');
    expect(harness.answersTo(unlock.id)).toEqual([]);
    expect(isLocked(simulation, carId)).toBe(true);
  });

  it('times out when the car does not answer, and the car, reading the command late, refuses it as expired', async () => {
    const carId = silent;
    const simulation = await simulate(carId);
    simulation.world.setLocked(carId, false);
    // The network path dies without a word: the broker still counts the car as connected.
    simulation.faults.inject(carId, { kind: 'silent', mode: 'halfOpen' });
    const command = sentCommand(carId, 'lock');
    expect(harness.transport.isReachable(carId)).toBe(true);
    expect(await harness.transport.send(command, 300)).toEqual({ status: 'timedOut', detail: 'No answer within 0.3 s' });

    simulation.faults.clear(carId);
    await eventually(() => harness.answersTo(command.id).length > 0, 'the late answer', 10_000);
    expect(harness.heard.find(({ ack }) => ack.commandId === command.id)?.ack).toMatchObject({ status: 'rejected', reason: 'expired' });
    expect(isLocked(simulation, carId)).toBe(false);
  });

  it("gives the deadline on the car's own clock: a car two minutes fast still takes an unlock", async () => {
    const carId = fastClock;
    const simulation = await simulate(carId);
    simulation.faults.inject(carId, { kind: 'clockSkew', seconds: 120 });
    await simulation.car(carId)?.publishState();
    await eventually(() => (harness.state.detail(carId)?.clockOffsetMs ?? 0) > 110_000, 'the clock offset estimated');
    const unlocked = await harness.reaches(await harness.submit(carId, 'unlock'), 'succeeded');
    expect(isLocked(simulation, carId)).toBe(false);
    expect(harness.answersTo(unlocked.id)).toEqual(['accepted', 'succeeded']);
  });
});
