/**
 * For car command tests: the backend's side as the server wires it (state, ingest, a car broker, the car
 * transport and its follower, the command service) on a real database, for cars provisioned with the
 * demo secrets of a fleet key. Test-only.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CarCommandAck, CarCommandAckStatus } from '../../shared/car-commands.js';
import { isTerminal } from '../../shared/commands.js';
import type { Command, CommandStatus, CommandType } from '../../shared/commands.js';
import type { OperatorIdentity } from '../../shared/console-api.js';
import { demoDeviceSecret } from '../../shared/demo-secrets.js';
import { generateDemoNetwork } from '../../shared/network.js';
import type { Network } from '../../shared/network.js';
import type { CarGateway } from '../gateways/car-gateway.js';
import { startTestCarGateway } from '../gateways/test-brokers.js';
import type { TestBroker } from '../gateways/test-brokers.js';
import { createIngest } from '../ingest/index.js';
import { createInventory } from '../inventory/inventory.js';
import { createStateCache } from '../state/index.js';
import type { StateCache } from '../state/index.js';
import { openTestDatabase, silentLogger } from '../store/testing.js';
import type { TestDatabase, TestEngine } from '../store/testing.js';
import { loadOrCreateCommandKey } from './car-signing.js';
import type { CommandKey } from './car-signing.js';
import { CarCommandFollower, carTransport } from './car-transport.js';
import type { CarTransport } from './car-transport.js';
import { createCommandService } from './service.js';
import type { CommandService, CommandTransport } from './service.js';
import { commandById } from './store.js';

const admin: OperatorIdentity = { id: 1, username: 'ada', role: 'admin' };

const noChargePoints: CommandTransport = {
  isReachable: () => false,
  send: () => Promise.reject(new Error('no charge points here')),
};

/** Cars parked at a few stations, named `{prefix}-1`, `{prefix}-2`, …: a Mosquitto may be shared by several runs. */
export function carFleet(prefix: string, count: number): Network {
  const generated = generateDemoNetwork({ seed: 3, stations: 4, cars: count, chargePoints: count });
  const devices = generated.devices.filter((device) => device.kind === 'car').map((device, index) => ({ ...device, id: `${prefix}-${index + 1}` }));
  if (devices.length !== count) throw new Error(`the fleet has ${devices.length} cars, not ${count}`);
  return { ...generated, devices };
}

/** A command as the service hands it to its transport, for tests that call the transport directly. */
export function sentCommand(deviceId: string, type: CommandType): Command {
  return { id: randomUUID(), deviceId, type, params: {}, status: 'sent', operator: admin.username, createdAtMs: Date.now(), expiresAtMs: null, batchId: null, transitions: [] };
}

export interface CarCommandHarness {
  readonly test: TestDatabase;
  readonly state: StateCache;
  readonly gateway: CarGateway;
  readonly key: CommandKey;
  readonly transport: CarTransport;
  readonly service: CommandService;
  /** Every answer the gateway heard, with the car of its topic, in order. */
  readonly heard: readonly { readonly carId: string; readonly ack: CarCommandAck }[];
  answersTo(commandId: string): CarCommandAckStatus[];
  /** An admin's command, as stored and first handled. */
  submit(deviceId: string, type: CommandType): Promise<Command>;
  /** The command once it reaches `status` (the service announces every move); fails if it ends otherwise. */
  reaches(command: Command, status: CommandStatus): Promise<Command>;
  close(): Promise<void>;
}

export async function startCarCommandHarness(broker: TestBroker, engine: TestEngine, network: Network, fleetKey: string): Promise<CarCommandHarness> {
  const test = await openTestDatabase(engine);
  const inventory = await createInventory(test.db);
  await inventory.provision(network, (carId) => demoDeviceSecret(fleetKey, carId));
  const state = createStateCache({ db: test.db, inventory, logger: silentLogger });
  await state.load();
  const ingest = createIngest({ db: test.db, state, logger: silentLogger });
  // As the server wires them: the follower hears ingest before the broker starts, and is given the service last.
  const follower = new CarCommandFollower(silentLogger);
  ingest.onAccepted(follower.accepted);
  const cars = network.devices.map((device) => ({ carId: device.id, secret: demoDeviceSecret(fleetKey, device.id) }));
  const started = await startTestCarGateway(broker, { inventory, ingest, state, logger: silentLogger, cars });
  const { gateway } = started;
  const heard: { readonly carId: string; readonly ack: CarCommandAck }[] = [];
  gateway.onCommandAck((carId, ack) => heard.push({ carId, ack }));
  const dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-car-commands-'));
  const key = await loadOrCreateCommandKey(dataDir);
  const transport = carTransport({ gateway, state, key, follower, logger: silentLogger });
  const service = createCommandService({ db: test.db, inventory, transports: { chargePoint: noChargePoints, car: transport }, logger: silentLogger });
  follower.service = service;
  let clickCount = 0;

  return {
    test,
    state,
    gateway,
    key,
    transport,
    service,
    heard,
    answersTo: (commandId) => heard.filter(({ ack }) => ack.commandId === commandId).map(({ ack }) => ack.status),
    async submit(deviceId, type) {
      const result = await service.submit(admin, { deviceId, type, idempotencyKey: `car-click-${++clickCount}` });
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    },
    reaches(command, status) {
      return new Promise((resolve, reject) => {
        // A command that ended otherwise never will: say how, rather than wait for the test's timeout.
        const settle = (current: Command | null) => {
          if (current?.id !== command.id) return;
          if (current.status === status) resolve(current);
          else if (isTerminal(current.status)) reject(new Error(`${command.type} ended ${current.status}: ${current.transitions.at(-1)?.detail ?? ''}`));
          else return;
          stop();
        };
        const stop = service.onChange(settle);
        void commandById(test.db, command.id).then(settle);
      });
    },
    async close() {
      transport.close();
      await service.close();
      await started.close();
      await ingest.close();
      await state.close();
      await test.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
