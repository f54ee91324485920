/**
 * The whole backend in one process: store, inventory, operators, last-known state, ingest, HTTP (API,
 * web console), the OCPP gateway and console hub on the HTTP server, and the MQTT broker.
 */
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { backendVersion } from './config.js';
import type { BackendConfig } from './config.js';
import { attachOcppGateway } from './gateways/ocpp.js';
import { startMqttBroker } from './gateways/mqtt.js';
import { createHttpApp } from './http/app.js';
import { attachConsoleHub } from './hub/index.js';
import { createIngest } from './ingest/index.js';
import { createInventory, ensureDemoFleet } from './inventory/index.js';
import type { DemoFleet } from './inventory/index.js';
import { bootstrapOperators, createOperators } from './operators/index.js';
import type { CreatedOperator } from './operators/index.js';
import { createStateCache } from './state/index.js';
import { migrate, openDatabase } from './store/index.js';

export interface RunningBackend {
  /** Where a browser on this machine reaches the API and the web console. */
  readonly httpUrl: string;
  readonly httpPort: number;
  readonly mqttPort: number;
  /** Operators created by this start (first start only), with their generated passwords. */
  readonly createdOperators: readonly CreatedOperator[];
  /** The demo fleet's parameters and key, when the demo is on. */
  readonly demoFleet: DemoFleet | null;
  /** Stops accepting devices, writes everything received, and closes the store. */
  close(): Promise<void>;
}

export interface BackendHooks {
  /** Where first-start passwords are shown; the default prints them to standard output. */
  readonly announce?: (text: string) => void;
  /** Environment to read operator passwords from (default: process.env). */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

const CLOSE_ORDER = { mqtt: 0, ocpp: 1, ingest: 2, state: 3, hub: 4, http: 5, database: 6 } as const;

function localUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

function announcement(created: readonly CreatedOperator[]): string | null {
  const generated = created.filter((operator) => operator.generatedPassword !== null);
  if (generated.length === 0) return null;
  const lines = generated.map((operator) => `  ${operator.username.padEnd(12)} ${operator.role.padEnd(12)} ${operator.generatedPassword ?? ''}`);
  return [
    '',
    'Operators created on this first start. Their passwords are shown only this once:',
    ...lines,
    '(Set CYBERPONIES_ADMIN_PASSWORD, CYBERPONIES_DISPATCHER_PASSWORD, … before the first start to choose them.)',
    '',
  ].join('\n');
}

export async function startBackend(config: BackendConfig, logger: Logger, hooks: BackendHooks = {}): Promise<RunningBackend> {
  // Whatever has started is stopped in this order, whether start fails half-way or close() is called:
  // devices first (nothing new arrives), then history and state are written, then consoles, HTTP, store.
  const closers: { readonly name: keyof typeof CLOSE_ORDER; readonly close: () => Promise<void> }[] = [];
  const stopAll = async () => {
    const ordered = closers.splice(0).sort((left, right) => CLOSE_ORDER[left.name] - CLOSE_ORDER[right.name]);
    for (const { name, close } of ordered) {
      try {
        await close();
      } catch (error) {
        logger.error({ err: error, part: name }, 'failed to close cleanly');
      }
    }
  };

  try {
    const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    closers.push({ name: 'database', close: () => db.close() });
    logger.info({ engine: db.engine, dataDir: db.engine === 'pglite' ? config.dataDir : undefined }, 'database open');
    await migrate(db, logger.child({ module: 'store' }));

    const inventory = await createInventory(db);
    let demoFleet: DemoFleet | null = null;
    if (config.demo) {
      const options = { seed: config.demoSeed, stations: config.demoStations, cars: config.demoCars, chargePoints: config.demoChargePoints };
      const demo = await ensureDemoFleet({ dataDir: config.dataDir, inventory, options });
      demoFleet = demo.fleet;
      if (!demo.isAsRequested) logger.warn({ file: demo.path, fleet: { ...demo.fleet, fleetKey: undefined } }, 'the demo fleet was created earlier with other settings and is kept; delete the data directory to make a new one');
      if (demo.provisioned) logger.info(demo.provisioned, 'demo fleet provisioned');
    }

    const operators = createOperators(db);
    const createdOperators = await bootstrapOperators({ operators, withDemoOperators: config.demo, environment: hooks.environment ?? process.env });
    const text = announcement(createdOperators);
    if (text) (hooks.announce ?? ((line: string) => process.stdout.write(`${line}\n`)))(text);

    const state = createStateCache({ db, inventory, logger });
    await state.load();
    closers.push({ name: 'state', close: () => state.close() });
    const ingest = createIngest({ db, state, logger });
    closers.push({ name: 'ingest', close: () => ingest.close() });

    const app = await createHttpApp({ config, version: backendVersion(), inventory, operators, deviceCounts: () => state.counts(), logger });
    closers.push({ name: 'http', close: () => app.close() });
    await app.listen({ host: config.host, port: config.port });
    const address: AddressInfo | string | null = app.server.address();
    const httpPort = typeof address === 'object' && address ? address.port : config.port;

    const hub = attachConsoleHub({ server: app.server, state, inventory, tokens: operators, logger, allowedOrigins: config.allowedOrigins });
    closers.push({ name: 'hub', close: () => hub.close() });
    const ocpp = await attachOcppGateway({ server: app.server, inventory, ingest, state, logger });
    closers.push({ name: 'ocpp', close: () => ocpp.close() });
    const mqtt = await startMqttBroker({ host: config.host, port: config.mqttPort, inventory, ingest, state, logger });
    closers.push({ name: 'mqtt', close: () => mqtt.close() });

    const httpUrl = localUrl(config.host, httpPort);
    logger.info({ httpUrl, mqttPort: mqtt.port, devices: inventory.devices().length }, 'backend ready');
    let closing: Promise<void> | undefined;
    return {
      httpUrl,
      httpPort,
      mqttPort: mqtt.port,
      createdOperators,
      demoFleet,
      close: () => (closing ??= stopAll().then(() => logger.info('backend stopped'))),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
