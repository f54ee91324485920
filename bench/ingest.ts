/**
 * `npm run bench:ingest`: the backend under the whole Autolib'-scale network, then more until it breaks.
 * Starts `cyberponies serve` as its own process (PGlite, or PostgreSQL when DATABASE_URL is set) with the
 * demo fleet on a fresh data directory, pinned to one core; a lean load generator on the other core
 * connects every car over MQTT and every charge point over OCPP 1.6J and sends one message per device
 * per interval times each step's multiplier. Per step: messages offered and accepted, backend CPU,
 * device-to-console latency (probe devices watched by a socket.io console), history rows per second, and
 * what gave way. Prints a table and JSON, and writes bench/results/ingest-<time>.json. `--help` for flags.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { carStateSchema } from '../shared/car-protocol.js';
import { demoDeviceSecret } from '../shared/demo-secrets.js';
import { generateDemoNetwork } from '../shared/network.js';
import type { Network } from '../shared/network.js';
import { readDemoFleet } from '../simulator/fleet-file.js';
import type { Database } from '../backend/store/index.js';
import { BackendProcess, PROJECT_ROOT } from './ingest/backend-process.js';
import { ConsoleWatch } from './ingest/console-watch.js';
import { createDevice } from './ingest/devices.js';
import { carStatePayload } from './ingest/payloads.js';
import type { LoadDevice } from './ingest/devices.js';
import { createBenchSchema, historyRowCount, historyRowsReceived, openHistory } from './ingest/history.js';
import type { BenchSchema } from './ingest/history.js';
import { LoadProcess } from './ingest/load-client.js';
import { parseOptions, USAGE } from './ingest/options.js';
import type { BenchOptions } from './ingest/options.js';
import { postgresServerPids, serverCpu } from './ingest/postgres-cpu.js';
import { Probes } from './ingest/probes.js';
import { conclusion, progressLine, table } from './ingest/report.js';
import { measureStep, takeReading, withHistoryRows } from './ingest/step.js';
import type { StepResult } from './ingest/step.js';

const SEED = 1;
const CONNECT_TIMEOUT_MS = 600_000;
const STOP_TIMEOUT_MS = 300_000;

function say(text: string): void {
  process.stderr.write(`${text}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Ctrl-C ends the run at the next step boundary and still cleans up; the backend, in the same process
// group, receives it too and stops on its own.
let isInterrupted = false;
process.once('SIGINT', () => {
  isInterrupted = true;
  say('Interrupted: stopping after this step…');
});

/** This process (console and probes) shares the load generator's core, away from the backend's. */
function pinSelf(core: number): void {
  try {
    execFileSync('taskset', ['-a', '-c', '-p', String(core), String(process.pid)], { stdio: 'ignore' });
  } catch {
    say('(could not pin the benchmark process; measuring anyway)');
  }
}

function probeDevices(network: Network, count: number, fleetKey: string, endpoints: { httpUrl: string; mqttUrl: string }, options: BenchOptions): LoadDevice[] {
  const stations = new Map(network.stations.map((station) => [station.id, station]));
  const cars = network.devices.filter((device) => device.kind === 'car');
  const chargePoints = network.devices.filter((device) => device.kind === 'chargePoint');
  const carCount = Math.min(cars.length, Math.ceil(count / 2));
  const chosen = [...cars.slice(0, carCount), ...chargePoints.slice(0, count - carCount)];
  return chosen.map((device) => {
    const station = stations.get(device.stationId);
    const spec = { id: device.id, kind: device.kind, secret: demoDeviceSecret(fleetKey, device.id), latitude: station?.latitude ?? 48.8566, longitude: station?.longitude ?? 2.3522 };
    return createDevice(spec, endpoints, options.ocppClient, () => undefined);
  });
}

async function waitForOnline(backend: BackendProcess, expected: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let online = 0;
  while (Date.now() < deadline) {
    online = (await backend.health())?.devices.online ?? online;
    if (online >= expected) break;
    await sleep(500);
  }
  return online;
}

const options = parseOptions(process.argv.slice(2));
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

// The broker acknowledges a car's message even when the backend then drops it as invalid, so make sure
// the template still follows the contract before counting acknowledgements as accepted messages.
const sampleCar = carStateSchema.safeParse(JSON.parse(carStatePayload({ id: 'car-00001', kind: 'car', secret: '', latitude: 48.85, longitude: 2.35 }, 'boot', 0, new Date().toISOString(), 0)));
if (!sampleCar.success) throw new Error(`The benchmark's car message no longer follows shared/car-protocol.ts: ${sampleCar.error.message}`);

const serverUrl = process.env.DATABASE_URL ?? null;
const dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-bench-ingest-'));
const fleet = { seed: SEED, stations: options.stations, cars: options.cars, chargePoints: options.chargePoints };
const engine = serverUrl ? 'postgres' : 'pglite';
say(`Database: ${engine === 'postgres' ? 'PostgreSQL server (DATABASE_URL), in a fresh schema' : 'PGlite (embedded); set DATABASE_URL for a PostgreSQL server'}`);
say(`Cores: ${options.cores ? `backend on core ${options.cores.backend}; load generator, console and probes on core ${options.cores.load}` : 'not pinned'}`);

let schema: BenchSchema | null = null;
let backend: BackendProcess | null = null;
let load: LoadProcess | null = null;
let watch: ConsoleWatch | null = null;
let probes: Probes | null = null;
let liveHistory: Database | null = null;
const steps: StepResult[] = [];
let setup: Record<string, unknown> = {};
let failure: string | null = null;

try {
  schema = serverUrl ? await createBenchSchema(serverUrl, dataDir) : null;
  const adminPassword = randomBytes(18).toString('base64url');
  const started = performance.now();
  backend = await BackendProcess.start({ dataDir, databaseUrl: schema?.databaseUrl ?? null, adminPassword, fleet, core: options.cores?.backend ?? null });
  const backendReadySeconds = (performance.now() - started) / 1000;
  if (options.cores) pinSelf(options.cores.load);
  const demo = await readDemoFleet(dataDir);
  if (!demo) throw new Error('the backend did not write its demo fleet file');
  const endpoints = { httpUrl: backend.httpUrl, mqttUrl: `mqtt://127.0.0.1:${backend.mqttPort}` };
  say(`Backend ready in ${backendReadySeconds.toFixed(1)} s at ${backend.httpUrl} (MQTT port ${backend.mqttPort}), pid ${backend.pid}`);

  const network = generateDemoNetwork(fleet);
  watch = await ConsoleWatch.connect(backend.httpUrl, await backend.login(adminPassword));
  const probeList = probeDevices(network, Math.min(options.probes, network.devices.length), demo.fleetKey, endpoints, options);
  probes = new Probes(probeList, watch);
  load = LoadProcess.start(options.cores?.load ?? null);
  say(`Connecting ${network.devices.length} devices (${options.ocppClient === 'ws' ? 'raw ws' : 'ocpp-rpc'} charge points, mqtt cars)…`);
  const connected = await load.setUp(
    {
      ...endpoints,
      fleetKey: demo.fleetKey,
      network: fleet,
      excludedIds: probeList.map((device) => device.id),
      ocppClient: options.ocppClient,
      connectConcurrency: 200,
    },
    CONNECT_TIMEOUT_MS,
  );
  const probesConnected = await probes.connect();
  const online = await waitForOnline(backend, connected.connected + probesConnected.connected, 60_000);
  say(`Connected ${connected.connected + probesConnected.connected} of ${network.devices.length} devices in ${connected.seconds.toFixed(1)} s; the backend counts ${online} online${connected.firstError ? ` (first failure: ${connected.firstError})` : ''}`);
  setup = {
    backendReadySeconds: Math.round(backendReadySeconds * 10) / 10,
    devices: network.devices.length,
    loadDevices: connected.devices,
    probeDevices: probeList.length,
    connected: connected.connected + probesConnected.connected,
    connectFailures: connected.failed + probesConnected.failed,
    connectSeconds: Math.round(connected.seconds * 10) / 10,
    onlineAtStart: online,
  };

  liveHistory = schema ? await openHistory(dataDir, schema.databaseUrl) : null;
  const historyDatabase = liveHistory;
  const runningBackend = backend;
  const serverPort = Number(new URL(serverUrl ?? 'postgres://localhost').port || 5432);
  const sources = {
    backend,
    load,
    watch,
    probes,
    countHistory: historyDatabase ? () => historyRowCount(historyDatabase) : null,
    postgresServerCpu: historyDatabase ? async () => serverCpu(await postgresServerPids(historyDatabase, runningBackend.pid, serverPort)) : null,
  };
  probes.start();
  for (const multiplier of options.steps) {
    if (isInterrupted) break;
    const target = (multiplier * connected.devices) / options.interval;
    load.setRate(target);
    await sleep(options.warmup * 1000);
    const start = await takeReading(sources);
    watch.takeWindow();
    probes.takeWindow();
    backend.takeLog();
    await sleep(options.hold * 1000);
    const end = await takeReading(sources);
    const step = measureStep({ multiplier, target, start: start.reading, end: end.reading, acknowledgeMs: end.acknowledgeMs, loopDelayP99Ms: end.loopDelayP99Ms, watch, probes, backend, maxP99Ms: options.maxP99Ms });
    steps.push(step);
    say(progressLine(step));
    if (isInterrupted || backend.hasExited || (step.breaks.length > 0 && !options.keepGoing)) break;
  }
} catch (error) {
  failure = error instanceof Error ? error.message : String(error);
  say(`The benchmark failed: ${failure}`);
  if (backend) say(backend.tail(30));
} finally {
  load?.setRate(0);
  await probes?.stop();
  await load?.stop();
  watch?.close();
  await liveHistory?.close();
}

let stopped: { seconds: number; isClean: boolean } | null = null;
let results = steps;
if (backend) {
  say('Stopping the backend (it writes everything it received first)…');
  stopped = await backend.stop(STOP_TIMEOUT_MS);
  try {
    const history = await openHistory(dataDir, schema?.databaseUrl ?? null);
    const received = await historyRowsReceived(history, steps.map((step) => step.window));
    await history.close();
    results = steps.map((step, index) => withHistoryRows(step, received[index] ?? 0));
  } catch (error) {
    say(`Could not count history rows: ${error instanceof Error ? error.message : String(error)}`);
  }
}
await schema?.drop().catch(() => undefined);
await rm(dataDir, { recursive: true, force: true });

const result = {
  when: new Date().toISOString(),
  engine,
  ocppClient: options.ocppClient,
  cores: options.cores,
  settings: { steps: options.steps, warmupSeconds: options.warmup, holdSeconds: options.hold, intervalSeconds: options.interval, fleet, probes: options.probes, maxP99Ms: options.maxP99Ms },
  setup,
  steps: results,
  backendStop: stopped,
  conclusion: failure ? `The benchmark failed: ${failure}` : conclusion(results),
};
process.stdout.write(`\n${table(results)}\n\n${result.conclusion}\n\n${JSON.stringify(result, null, 2)}\n`);
const directory = join(PROJECT_ROOT, 'bench', 'results');
await mkdir(directory, { recursive: true });
const file = join(directory, `ingest-${result.when.replaceAll(':', '-')}.json`);
await writeFile(file, JSON.stringify(result, null, 2));
say(`Written to ${file}`);
process.exitCode = failure ? 1 : 0;
