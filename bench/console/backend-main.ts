/**
 * The console benchmark's backend, as its own process (the benchmark pins it to a core): the backend's
 * own parts that sit between a device message and a console (store, inventory, operators, state cache,
 * HTTP with the built console, the console hub), put together as backend/server.ts does, with the
 * feeder in place of the gateways and ingest. Driven over IPC by bench/console.ts (see protocol.ts).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { createAlarmService } from '../../backend/alarms/index.js';
import type { AlarmService } from '../../backend/alarms/index.js';
import { backendVersion, defaultConfig } from '../../backend/config.js';
import { createHttpApp } from '../../backend/http/app.js';
import { attachConsoleHub } from '../../backend/hub/index.js';
import type { ConsoleHub } from '../../backend/hub/index.js';
import { createInventory } from '../../backend/inventory/index.js';
import { createLogger } from '../../backend/logger.js';
import { bootstrapOperators, createOperators } from '../../backend/operators/index.js';
import { createStateCache } from '../../backend/state/index.js';
import type { StateCache } from '../../backend/state/index.js';
import { migrate, openDatabase } from '../../backend/store/index.js';
import type { Database } from '../../backend/store/index.js';
import { ALARM_SEVERITIES, ALARM_TYPES, ALARM_TYPE_INFO } from '../../shared/alarms.js';
import { demoDeviceSecret } from '../../shared/demo-secrets.js';
import { generateDemoNetwork } from '../../shared/network.js';
import { Feeder } from './feeder.js';
import { serveTiles } from './tile-server.js';
import { toFeedSchema } from './protocol.js';
import type { FeedSetup, FromFeed } from './protocol.js';

/**
 * Open alarms on every `count`-th device, rotating through the severities and the types that fit the
 * device's kind, so the map has rings of every colour (critical ones pulse) wherever the view is.
 */
function raiseAlarms(alarms: AlarmService, deviceIds: readonly { readonly id: string; readonly kind: 'car' | 'chargePoint' }[], count: number): void {
  if (count === 0 || deviceIds.length === 0) return;
  const step = Math.max(1, Math.floor(deviceIds.length / count));
  const atMs = Date.now();
  for (let raised = 0; raised < count && raised * step < deviceIds.length; raised++) {
    const device = deviceIds[raised * step];
    if (!device) break;
    const types = ALARM_TYPES.filter((type) => ALARM_TYPE_INFO[type].kinds.includes(device.kind));
    const type = types[raised % types.length] ?? 'offline';
    const severity = ALARM_SEVERITIES[raised % ALARM_SEVERITIES.length] ?? 'minor';
    alarms.raise({ deviceId: device.id, type, severity, message: `${ALARM_TYPE_INFO[type].label} (benchmark)`, atMs });
  }
}

function say(message: FromFeed): void {
  process.send?.(message);
}

interface Running {
  readonly db: Database;
  readonly state: StateCache;
  readonly hub: ConsoleHub;
  readonly alarms: AlarmService;
  readonly feeder: Feeder;
  readonly close: () => Promise<void>;
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let running: Running | null = null;

async function start(setup: FeedSetup): Promise<void> {
  const started = performance.now();
  const logger = createLogger({ level: 'warn', format: 'json' });
  const tiles = await serveTiles(Buffer.from(setup.tilePng, 'base64'));
  const config = defaultConfig({
    host: '127.0.0.1',
    port: 0,
    dataDir: setup.dataDir,
    databaseUrl: setup.databaseUrl,
    demo: false,
    outlineGeojson: setup.outlineGeojson,
    consoleDir: setup.consoleDir,
    tileUrl: tiles.urlTemplate,
  });
  const db = await openDatabase({ dataDir: setup.dataDir, databaseUrl: setup.databaseUrl });
  await migrate(db, logger);
  const inventory = await createInventory(db);
  const network = generateDemoNetwork(setup.fleet);
  const fleetKey = randomBytes(32).toString('base64url');
  await inventory.provision(network, (deviceId) => demoDeviceSecret(fleetKey, deviceId));
  const operators = createOperators(db);
  await bootstrapOperators({ operators, withDemoOperators: false, environment: { CYBERPONIES_ADMIN_PASSWORD: setup.adminPassword } });
  const state = createStateCache({ db, inventory, logger });
  await state.load();
  const alarms = createAlarmService({ db, inventory, operators, logger });
  await alarms.load();
  raiseAlarms(alarms, network.devices, setup.alarms);
  await alarms.flush();
  const feeder = new Feeder(state, network, setup.rate);
  feeder.bringOnline();
  const provisionSeconds = (performance.now() - started) / 1000;

  const app = await createHttpApp({ config, version: backendVersion(), inventory, operators, deviceCounts: () => state.counts(), deviceDetail: (id) => state.detail(id), logger, tls: null });
  await app.listen({ host: config.host, port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const hub = attachConsoleHub({ server: app.server, state, db, inventory, tokens: operators, logger, allowedOrigins: config.allowedOrigins, alarms });
  feeder.start(setup.tickMs);
  running = {
    db,
    state,
    hub,
    alarms,
    feeder,
    async close() {
      feeder.stop();
      await hub.close();
      await alarms.close();
      await app.close();
      await state.close();
      await db.close();
      await tiles.close();
    },
  };
  say({ type: 'ready', httpUrl: `http://127.0.0.1:${port}`, provisionSeconds, devices: network.devices.length });
}

function report(): void {
  if (!running) return;
  const counters = running.feeder.counters();
  say({
    type: 'report',
    atMs: Date.now(),
    offered: counters.offered,
    applied: counters.applied,
    feederBusyMs: counters.busyMs,
    hubVersion: running.hub.position().version,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    rssBytes: process.memoryUsage.rss(),
  });
  loopDelay.reset();
}

async function stop(): Promise<void> {
  await running?.close();
  running = null;
  say({ type: 'stopped' });
  process.disconnect?.();
}

function fail(error: unknown): void {
  say({ type: 'failure', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  void running?.close().finally(() => process.disconnect?.());
}

process.on('message', (raw: unknown) => {
  const parsed = toFeedSchema.safeParse(raw);
  if (!parsed.success) return;
  const message = parsed.data;
  if (message.type === 'setup') start(message.setup).catch(fail);
  else if (message.type === 'report') report();
  else stop().catch(fail);
});
// The benchmark gone (Ctrl-C, a crash) means this process is orphaned: stop with it.
process.on('disconnect', () => void running?.close().finally(() => process.exit()));
