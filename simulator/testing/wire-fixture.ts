/**
 * A small simulated fleet against real third-party servers (an MQTT broker and an OCPP server), for
 * tests of what the devices say on the wire. Registers the file's hooks: the servers start once, and
 * after each test the simulations stop and everything the servers recorded is forgotten.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { carStateSchema, carTopics } from '../../shared/car-protocol.js';
import type { CarState } from '../../shared/car-protocol.js';
import { generateDemoNetwork } from '../../shared/network.js';
import type { Network } from '../../shared/network.js';
import { startSimulation } from '../index.js';
import type { Simulation, SimulationOptions } from '../index.js';
import { startTestBroker, startTestOcppServer, waitFor } from './servers.js';
import type { ReceivedCall, TestBroker, TestOcppServer, TestOcppServerOptions } from './servers.js';

export interface WireFixtureOptions {
  readonly fleetKey: string;
  /** The heartbeat interval the OCPP server gives charge points at boot. */
  readonly heartbeatSeconds: number;
  readonly ocpp?: TestOcppServerOptions;
  /** Settings every simulation of the file starts with, besides the quiet defaults. */
  readonly simulation?: Partial<SimulationOptions>;
}

export interface WireFixture {
  /** Four stations, three cars (parked on chargers and charging) and six charge points. */
  readonly network: Network;
  readonly carIds: string[];
  readonly chargePointIds: string[];
  readonly broker: TestBroker;
  readonly ocpp: TestOcppServer;
  /** A simulation of the network, started and not waited for. */
  simulate(options?: Partial<SimulationOptions>): Promise<Simulation>;
  /** A simulation whose cars are connected and have each published a state, and whose charge points are accepted. */
  connected(options?: Partial<SimulationOptions>): Promise<Simulation>;
  statesOf(carId: string): CarState[];
  callsOf(identity: string, method: string): ReceivedCall[];
}

export function useWireFixture(options: WireFixtureOptions): WireFixture {
  const network = generateDemoNetwork({ seed: 4, stations: 4, cars: 3, chargePoints: 6 });
  const carIds = network.devices.filter((device) => device.kind === 'car').map((device) => device.id);
  const chargePointIds = network.devices.filter((device) => device.kind === 'chargePoint').map((device) => device.id);
  let broker: TestBroker | null = null;
  let ocpp: TestOcppServer | null = null;
  const running: Simulation[] = [];

  const servers = () => {
    if (!broker || !ocpp) throw new Error('The wire fixture is used before its servers started (beforeAll)');
    return { broker, ocpp };
  };

  beforeAll(async () => {
    broker = await startTestBroker(options.fleetKey);
    ocpp = await startTestOcppServer(options.fleetKey, options.heartbeatSeconds, 0, options.ocpp);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((simulation) => simulation.close()));
    const recorded = servers();
    for (const list of [recorded.broker.received, recorded.broker.subscriptions, recorded.broker.rejectedLogins, recorded.ocpp.calls, recorded.ocpp.rejectedLogins, recorded.ocpp.disconnects]) list.length = 0;
  });

  afterAll(async () => {
    await broker?.close();
    await ocpp?.close();
  });

  const statesOf = (carId: string): CarState[] =>
    servers()
      .broker.received.filter((publish) => publish.topic === carTopics.state(carId))
      .map((publish) => carStateSchema.parse(publish.payload));

  const simulate = async (overrides: Partial<SimulationOptions> = {}): Promise<Simulation> => {
    const { broker: mqtt, ocpp: central } = servers();
    const simulation = await startSimulation({
      network,
      fleetKey: options.fleetKey,
      httpUrl: central.httpUrl,
      mqttUrl: mqtt.url,
      carStateIntervalMs: 60_000,
      meterValuesIntervalMs: 60_000,
      drivingShare: 0.001,
      tickMs: 20,
      ...options.simulation,
      ...overrides,
    });
    running.push(simulation);
    return simulation;
  };

  return {
    network,
    carIds,
    chargePointIds,
    get broker() {
      return servers().broker;
    },
    get ocpp() {
      return servers().ocpp;
    },
    simulate,
    async connected(overrides = {}) {
      const simulation = await simulate(overrides);
      await waitFor(() => simulation.stats().cars.connected === carIds.length, 10_000, 'cars to connect');
      await waitFor(() => chargePointIds.every((id) => simulation.chargePoint(id)?.isAccepted === true), 10_000, 'charge points to boot');
      await waitFor(() => carIds.every((id) => statesOf(id).length >= 1), 5_000, 'first states');
      return simulation;
    },
    statesOf,
    callsOf: (identity, method) => servers().ocpp.calls.filter((call) => call.identity === identity && call.method === method),
  };
}
