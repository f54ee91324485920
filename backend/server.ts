/**
 * The whole backend in one process: store, inventory, operators, last-known state, ingest, HTTP (API,
 * web console), the OCPP gateway and console hub on the HTTP server, and the MQTT broker.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createAlarmService } from './alarms/index.js';
import { createAlarmEngine } from './alarms/engine.js';
import { AlarmConfigError, readAlarmThresholds } from './alarms/thresholds.js';
import type { AlarmService } from './alarms/index.js';
import { loadOrCreateCommandKey } from './commands/car-signing.js';
import { CarCommandFollower, carTransport } from './commands/car-transport.js';
import { OcppCommandFollower, ocppTransport } from './commands/ocpp-transport.js';
import { createCommandService } from './commands/service.js';
import { followReservationUse, ocppReservations } from './reservations/ocpp-reservations.js';
import { createReservationService } from './reservations/service.js';
import type { CommandKey } from './commands/car-signing.js';
import { ConfigError, backendVersion } from './config.js';
import type { BackendConfig } from './config.js';
import { createAuthGuard } from './gateways/auth-guard.js';
import { attachOcppGateway } from './gateways/ocpp.js';
import type { CarGateway } from './gateways/car-gateway.js';
import { startMqttBroker } from './gateways/mqtt.js';
import type { MqttBroker } from './gateways/mqtt.js';
import { demoCarCredentials, startExternalCarGateway } from './gateways/mqtt-external.js';
import { createHttpApp } from './http/app.js';
import { attachConsoleHub } from './hub/index.js';
import { createIngest } from './ingest/index.js';
import { createInventory, ensureDemoFleet } from './inventory/index.js';
import type { DemoFleet } from './inventory/index.js';
import { bootstrapOperators, createOperators } from './operators/index.js';
import type { CreatedOperator } from './operators/index.js';
import { createStateCache } from './state/index.js';
import { migrate, openDatabase } from './store/index.js';
import type { Database } from './store/index.js';

export interface RunningBackend {
  /** Where a browser on this machine reaches the API and the web console. */
  readonly httpUrl: string;
  readonly httpPort: number;
  readonly mqttPort: number;
  /** The cars' broker: call `syncCars` after provisioning a car or rotating its secret. */
  readonly cars: CarGateway;
  /** Operators created by this start (first start only), with their generated passwords. */
  readonly createdOperators: readonly CreatedOperator[];
  /** The demo fleet's parameters and key, when the demo is on. */
  readonly demoFleet: DemoFleet | null;
  /** Signs car commands; cars verify them with its public key. */
  readonly commandKey: CommandKey;
  /** The store, for tools and tests that read what the backend recorded; the backend closes it. */
  readonly db: Database;
  /** The alarm service: detectors raise through it, consoles act through it. */
  readonly alarms: AlarmService;
  /** Stops accepting devices, writes everything received, and closes the store. */
  close(): Promise<void>;
}

export interface BackendHooks {
  /** Where first-start passwords are shown; the default prints them to standard output. */
  readonly announce?: (text: string) => void;
  /** Environment to read operator passwords from (default: process.env). */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

/**
 * Consoles go first: a backend that stops does not know its devices went offline, so consoles must keep
 * the last true picture (shown frozen) instead of receiving every device's disconnection from it.
 */
const CLOSE_ORDER = { hub: 0, detectors: 1, mqtt: 2, ocpp: 3, commands: 4, ingest: 5, state: 6, alarms: 7, http: 8, database: 9 } as const;

/** The certificate and key when both are set (Security Profile 2 for OCPP); null for plain HTTP. */
async function readTls(config: BackendConfig): Promise<{ cert: Buffer; key: Buffer } | null> {
  if (!config.tlsCert && !config.tlsKey) return null;
  if (!config.tlsCert || !config.tlsKey) throw new ConfigError('--tls-cert (CYBERPONIES_TLS_CERT) and --tls-key (CYBERPONIES_TLS_KEY) go together: set both or neither');
  return { cert: await readFile(config.tlsCert), key: await readFile(config.tlsKey) };
}

function localUrl(host: string, port: number, isTls = false): string {
  const reachable = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `${isTls ? 'https' : 'http'}://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
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
    // A wrong thresholds file stops the start before anything opens.
    const thresholds = await readAlarmThresholds(config.alarmConfig).catch((error: unknown) => {
      throw error instanceof AlarmConfigError ? new ConfigError(`--alarm-config (CYBERPONIES_ALARM_CONFIG): ${error.message}`) : error;
    });
    const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    closers.push({ name: 'database', close: () => db.close() });
    logger.info({ engine: db.engine, dataDir: db.engine === 'pglite' ? config.dataDir : undefined }, 'database open');
    await migrate(db, logger.child({ module: 'store' }));

    // Before the demo fleet file: a simulator that finds that file finds the command public key beside it.
    const commandKey = await loadOrCreateCommandKey(config.dataDir);
    logger.info({ commandPublicKey: commandKey.publicKey }, 'car command key ready');
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
    // After ingest and state (what detectors hear raises alarms until then), before the store: its writes are flushed.
    const alarms = createAlarmService({ db, inventory, operators, logger });
    await alarms.load();
    closers.push({ name: 'alarms', close: () => alarms.close() });
    const ingest = createIngest({ db, state, logger, retentionDays: config.historyRetentionDays });
    closers.push({ name: 'ingest', close: () => ingest.close() });

    const tls = await readTls(config);
    // The cars' broker starts after HTTP; until then there is no account to update.
    const cars: { gateway?: CarGateway } = {};
    const app = await createHttpApp({ config, version: backendVersion(), inventory, operators, deviceCounts: () => state.counts(), ingestCounters: () => ingest.stats(), deviceDetail: (id) => state.detail(id), carAccounts: () => cars.gateway, logger, tls });
    closers.push({ name: 'http', close: () => app.close() });
    await app.listen({ host: config.host, port: config.port });
    const address: AddressInfo | string | null = app.server.address();
    const httpPort = typeof address === 'object' && address ? address.port : config.port;

    // One guard for both gateways: a source failing on one protocol is slowed on the other too.
    const authGuard = createAuthGuard({ logger: logger.child({ module: 'auth-guard' }) });
    // Detectors hear every message and login from before the first device connects, and count silence
    // from now (no offline storm while the fleet reconnects). They stop before the gateways close, so the
    // disconnections of a stopping backend are not judged.
    const detectors = createAlarmEngine({ ingest, state, authGuard, sink: alarms, logger, thresholds });
    detectors.start();
    closers.push({ name: 'detectors', close: async () => detectors.stop() });
    // Commands and reservations need the gateway, which must tell them of connections and calls from its
    // first one: they hear through followers that are given the services once these exist.
    const chargePointCommands = new OcppCommandFollower(logger);
    // A car that comes back (its presence, or its first message after silence) is owed its queued commands.
    const carCommands = new CarCommandFollower(logger);
    ingest.onAccepted(carCommands.accepted);
    let reservationUse: ((chargePointId: string, action: string, params: unknown) => void) | null = null;
    const ocpp = await attachOcppGateway({
      server: app.server,
      authGuard,
      observer: {
        connected: (chargePointId) => chargePointCommands.connected(chargePointId),
        called(chargePointId, action, params) {
          chargePointCommands.called(chargePointId, action, params);
          reservationUse?.(chargePointId, action, params);
        },
      },
      db,
      inventory,
      ingest,
      state,
      logger,
      settings: { registration: config.ocppRegistration, blockedIdTags: config.ocppBlockedIdTags, maxFrameBytes: config.ocppMaxFrameBytes, pingIntervalMs: config.ocppPingInterval * 1000 },
    });
    closers.push({ name: 'ocpp', close: () => ocpp.close() });
    // With an external broker the backend knows only the demo cars' secrets (from the fleet key); other
    // cars get their broker account when they are provisioned or their secret is rotated.
    const fleetKey = demoFleet?.fleetKey;
    let embeddedBroker: MqttBroker | null = null;
    let mqtt: CarGateway;
    if (config.mqttUrl) {
      mqtt = await startExternalCarGateway({ url: config.mqttUrl, ingest, logger, knownCars: fleetKey ? () => demoCarCredentials(inventory, fleetKey) : undefined });
    } else {
      mqtt = embeddedBroker = await startMqttBroker({ host: config.host, port: config.mqttPort, inventory, ingest, state, logger, authGuard });
    }
    closers.push({ name: 'mqtt', close: () => mqtt.close() });
    cars.gateway = mqtt;
    // A replaced or removed secret ends the sessions opened with it, not just the next logins (an external
    // broker's accounts are updated, and its sessions ended, by the device routes).
    const stopEndingSessions = inventory.onCredentialsChanged((deviceId) => {
      void ocpp.disconnect(deviceId, 'Credentials changed');
      embeddedBroker?.disconnectCars([deviceId]);
    });
    closers.push({ name: 'ocpp', close: async () => void stopEndingSessions() });

    const carLink = carTransport({ gateway: mqtt, state, key: commandKey, follower: carCommands, logger });
    const commands = createCommandService({ db, inventory, transports: { chargePoint: ocppTransport(ocpp), car: carLink }, logger });
    chargePointCommands.service = commands;
    carCommands.service = commands;
    await commands.start();
    // After the gateways: the calls they drop end their commands' waits, which are then recorded.
    closers.push({
      name: 'commands',
      close: async () => {
        // Waits for car answers end now (the broker is closed): without this, shutdown waits for their timeouts.
        carLink.close();
        await commands.close();
      },
    });
    const reservations = createReservationService({ db, inventory, devices: state, chargePoints: ocppReservations(ocpp), logger });
    reservationUse = followReservationUse(reservations, logger);
    reservations.start();
    closers.push({ name: 'commands', close: async () => reservations.close() });
    const hub = attachConsoleHub({ server: app.server, state, db, inventory, tokens: operators, logger, allowedOrigins: config.allowedOrigins, alarms, commands, reservations });
    closers.push({ name: 'hub', close: () => hub.close() });

    const httpUrl = localUrl(config.host, httpPort, tls !== null);
    logger.info({ httpUrl, mqttPort: mqtt.port, devices: inventory.devices().length }, 'backend ready');
    let closing: Promise<void> | undefined;
    return {
      httpUrl,
      httpPort,
      mqttPort: mqtt.port,
      cars: mqtt,
      createdOperators,
      demoFleet,
      commandKey,
      db,
      alarms,
      close: () => (closing ??= stopAll().then(() => logger.info('backend stopped'))),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
