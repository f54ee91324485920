/**
 * The whole system for end-to-end tests, the way `npm start` runs it: a real backend (store, gateways,
 * hub, HTTP) on free ports and the simulator connecting every device over real sockets. The store is
 * PGlite, or a private schema on a PostgreSQL server (dropped on close) when the engine says so.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { defaultConfig } from '../../backend/config.js';
import type { BackendConfig } from '../../backend/config.js';
import { startBackend } from '../../backend/server.js';
import type { RunningBackend } from '../../backend/server.js';
import { createTestSchema } from '../../backend/store/testing.js';
import type { TestEngine, TestSchema } from '../../backend/store/testing.js';
import { startSimulation } from '../../simulator/index.js';
import type { Simulation } from '../../simulator/index.js';
import { generateDemoNetwork } from '../../shared/network.js';
import type { DemoNetworkOptions, Network } from '../../shared/network.js';
import type { LoginAnswer } from '../../shared/console-api.js';
import { healthSchema, loginAnswerSchema } from '../../shared/api-schemas.js';

export const OUTLINE_GEOJSON = new URL('../../../shared/data/paris-petite-couronne.geojson', import.meta.url).pathname;

export interface RunningSystem {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly network: Network;
  readonly backend: RunningBackend;
  readonly simulation: Simulation;
  /** Resolves once the backend reports every device online. */
  waitUntilAllOnline(timeoutMs?: number): Promise<void>;
  /** Stops the backend and starts it again on the same ports and store, the simulator still running. */
  restartBackend(): Promise<void>;
  login(): Promise<LoginAnswer>;
  close(): Promise<void>;
}

export interface SystemOptions {
  readonly fleet?: Omit<DemoNetworkOptions, 'seed'>;
  /** Every car sends its state this often. */
  readonly carStateIntervalMs?: number;
  /** Where history and state are stored (default PGlite): a PostgreSQL engine gets its own schema. */
  readonly engine?: TestEngine;
  /** The backend pings each charge point this often and drops one that missed the previous ping. */
  readonly ocppPingIntervalSeconds?: number;
  /** Cars' MQTT keep-alive: the broker drops a silent car after 1.5 times this. */
  readonly keepaliveSeconds?: number;
  /** The share of cars on the road at a time (the simulator's default otherwise). */
  readonly drivingShare?: number;
  /** How much faster than real time the simulated cars drive and charge. */
  readonly speedFactor?: number;
  /** Charging charge points send meter values this often. */
  readonly meterValuesIntervalMs?: number;
  /** Backend settings on top of the test's defaults. */
  readonly backendConfig?: Partial<BackendConfig>;
}

/** A fleet small enough to start in seconds, large enough to cover Paris. */
export const TEST_FLEET = { stations: 120, cars: 250, chargePoints: 450 } as const;

export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-e2e-'));
  const password = randomBytes(12).toString('base64url');
  const fleet = { seed: 7, ...(options.fleet ?? TEST_FLEET) };
  const logger = pino({ level: process.env.CYBERPONIES_TEST_LOG_LEVEL ?? 'warn' });
  const schema: TestSchema | null = options.engine?.databaseUrl ? await createTestSchema(options.engine.databaseUrl) : null;
  const config = defaultConfig({
    host: '127.0.0.1',
    port: 0,
    mqttPort: 0,
    dataDir,
    // Only the engine asked for, whatever DATABASE_URL says: most end-to-end tests need just one.
    databaseUrl: schema?.databaseUrl ?? null,
    demo: true,
    demoSeed: fleet.seed,
    demoStations: fleet.stations,
    demoCars: fleet.cars,
    demoChargePoints: fleet.chargePoints,
    outlineGeojson: existsSync(OUTLINE_GEOJSON) ? OUTLINE_GEOJSON : null,
    ...(options.ocppPingIntervalSeconds === undefined ? {} : { ocppPingInterval: options.ocppPingIntervalSeconds }),
    ...options.backendConfig,
  });
  const hooks = { announce: () => undefined, environment: { CYBERPONIES_ADMIN_PASSWORD: password } };
  let backend = await startBackend(config, logger, hooks).catch(async (error: unknown) => {
    await schema?.drop();
    throw error;
  });
  const fleetKey = backend.demoFleet?.fleetKey;
  if (!fleetKey) throw new Error('the backend started without a demo fleet');
  const network = generateDemoNetwork(fleet);
  const simulation = await startSimulation({
    network,
    fleetKey,
    httpUrl: backend.httpUrl,
    mqttUrl: `mqtt://127.0.0.1:${backend.mqttPort}`,
    carStateIntervalMs: options.carStateIntervalMs ?? 2_000,
    connectionsPerSecond: 2_000,
    commandPublicKey: backend.commandKey.publicKey,
    ...(options.speedFactor === undefined ? {} : { speedFactor: options.speedFactor }),
    ...(options.meterValuesIntervalMs === undefined ? {} : { meterValuesIntervalMs: options.meterValuesIntervalMs }),
    ...(options.keepaliveSeconds === undefined ? {} : { keepaliveSeconds: options.keepaliveSeconds }),
    ...(options.drivingShare === undefined ? {} : { drivingShare: options.drivingShare }),
  });
  const url = backend.httpUrl;

  return {
    url,
    username: 'admin',
    password,
    network,
    get backend() {
      return backend;
    },
    simulation,
    async waitUntilAllOnline(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        const health = healthSchema.parse(await (await fetch(`${url}/health`)).json());
        last = JSON.stringify(health.devices);
        if (health.devices.online === network.devices.length) return;
        await new Promise((done) => setTimeout(done, 200));
      }
      throw new Error(`not every device came online within ${timeoutMs} ms: ${last}`);
    },
    async restartBackend() {
      const ports = { port: backend.httpPort, mqttPort: backend.mqttPort };
      await backend.close();
      backend = await startBackend({ ...config, ...ports }, logger, hooks);
    },
    async login() {
      const response = await fetch(`${url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
      return loginAnswerSchema.parse(await response.json());
    },
    async close() {
      await simulation.close();
      await backend.close();
      await schema?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
