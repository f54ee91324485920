/**
 * For the OCPP gateway's tests: a gateway on a real HTTP server and a real database, third-party charge
 * points (ocpp-rpc's RPCClient in strict mode), and raw WebSocket clients for frames no real client would
 * send. Test-only.
 */
import http from 'node:http';
import { RPCClient } from 'ocpp-rpc';
import pino from 'pino';
import WebSocket from 'ws';
import type { Ingest } from '../../ingest/index.js';
import type { DeviceMessage } from '../../ingest/message.js';
import { createIngest } from '../../ingest/index.js';
import { createStateCache } from '../../state/index.js';
import type { StateCache } from '../../state/index.js';
import { createTestInventory, insertDevices, listenLocally, testDevice, testSecret } from '../../state/test-support.js';
import { openTestDatabase, silentLogger } from '../../store/testing.js';
import type { TestDatabase, TestEngine } from '../../store/testing.js';
import type { AuthGuard } from '../auth-guard.js';
import { attachOcppGateway } from '../ocpp.js';
import type { OcppGateway, OcppObserver, OcppSettings } from '../ocpp.js';

/** What the test inventory's charge points are: a boot must say so to be Accepted in `model` mode. */
export const PILLAR_BOOT = { chargePointVendor: 'IER', chargePointModel: 'Autolib pillar 1.6', firmwareVersion: '2.4.1' } as const;

export const harnessDevices = [
  ...['cp-1', 'cp-2', 'cp-3', 'cp-4', 'cp-5', 'cp-6', 'cp-7', 'cp-8'].map((id) => testDevice(id, 'chargePoint')),
  testDevice('car-1', 'car'),
];

export interface OcppHarness {
  readonly test: TestDatabase;
  readonly state: StateCache;
  readonly ingest: Ingest;
  readonly gateway: OcppGateway;
  /** ws://127.0.0.1:PORT/ocpp */
  readonly endpoint: string;
  /** Every message the gateway handed to ingest, in order. */
  readonly received: DeviceMessage[];
  /** The gateway's log lines (info and above), as JSON text. */
  readonly logs: string[];
  readonly inventory: ReturnType<typeof createTestInventory>;
  close(): Promise<void>;
}

export async function startOcppHarness(engine: TestEngine, settings: Partial<OcppSettings> = {}, authGuard?: AuthGuard, observer?: OcppObserver): Promise<OcppHarness> {
  const test = await openTestDatabase(engine);
  await insertDevices(test.db, harnessDevices);
  const inventory = createTestInventory(harnessDevices);
  const state = createStateCache({ db: test.db, inventory, logger: silentLogger });
  await state.load();
  const ingest = createIngest({ db: test.db, state, logger: silentLogger });
  const received: DeviceMessage[] = [];
  const recording: Ingest = {
    accept: (message) => {
      received.push(message);
      return ingest.accept(message);
    },
    backPressure: () => ingest.backPressure(),
    flush: () => ingest.flush(),
    stats: () => ingest.stats(),
    close: () => ingest.close(),
    onAccepted: (listener) => ingest.onAccepted(listener),
  };
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });
  const server = http.createServer((_request, response) => response.writeHead(404).end());
  const gateway = await attachOcppGateway({ server, db: test.db, inventory, ingest: recording, state, logger, settings, authGuard, observer });
  const endpoint = `ws://127.0.0.1:${await listenLocally(server)}/ocpp`;
  return {
    test,
    state,
    ingest,
    inventory,
    gateway,
    endpoint,
    received,
    logs,
    async close() {
      await gateway.close();
      await new Promise((resolve) => server.close(resolve));
      await ingest.close();
      await state.close();
      await test.cleanup();
    },
  };
}

export interface ChargePointOptions {
  readonly password?: string | null;
  readonly pingIntervalMs?: number;
  readonly wsOpts?: Record<string, unknown>;
}

/** A charge point as a real one speaks: ocpp-rpc's client in strict OCPP 1.6 mode. */
export function chargePoint(endpoint: string, identity: string, options: ChargePointOptions = {}): RPCClient {
  return new RPCClient({
    endpoint,
    identity,
    password: options.password === undefined ? testSecret(identity) : options.password,
    protocols: ['ocpp1.6'],
    strictMode: true,
    strictModeValidators: [],
    reconnect: false,
    maxReconnects: 0,
    callTimeoutMs: 5000,
    pingIntervalMs: options.pingIntervalMs ?? 30_000,
    deferPingsOnActivity: false,
    respondWithDetailedErrors: false,
    callConcurrency: 1,
    maxBadMessages: Number.POSITIVE_INFINITY,
    wsOpts: options.wsOpts ?? {},
    headers: {},
    backoff: { initialDelay: 100, maxDelay: 1000, factor: 2, randomisationFactor: 0 },
  });
}

/** Connects and closes again: 'connected', or the HTTP status (or error) the connection was refused with. */
export async function connectOutcome(client: RPCClient): Promise<unknown> {
  try {
    await client.connect();
  } catch (error) {
    return error instanceof Error && 'code' in error ? error.code : error;
  }
  await client.close();
  return 'connected';
}

/** A connected charge point whose boot was Accepted. */
export async function bootedChargePoint(endpoint: string, identity: string): Promise<RPCClient> {
  const client = chargePoint(endpoint, identity);
  await client.connect();
  await client.call('BootNotification', PILLAR_BOOT);
  return client;
}

/** A WebSocket that speaks OCPP-J frames by hand, with the charge point's credentials. */
export interface RawChargePoint {
  readonly socket: WebSocket;
  /** Sends a frame (text as is) and resolves with the next frame the central system sends back. */
  exchange(frame: string | Buffer): Promise<unknown>;
  /** Resolves with the close code once the central system closes the connection. */
  closed(): Promise<number>;
}

export async function rawChargePoint(endpoint: string, identity: string, options: { readonly autoPong?: boolean } = {}): Promise<RawChargePoint> {
  const socket = new WebSocket(`${endpoint}/${identity}`, ['ocpp1.6'], {
    headers: { authorization: `Basic ${Buffer.from(`${identity}:${testSecret(identity)}`).toString('base64')}` },
    autoPong: options.autoPong ?? true,
  });
  const frames: unknown[] = [];
  const waiting: ((frame: unknown) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const frame: unknown = JSON.parse(data.toString('utf8'));
    const next = waiting.shift();
    if (next) next(frame);
    else frames.push(frame);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    exchange(frame) {
      socket.send(frame);
      return frames.length > 0 ? Promise.resolve(frames.shift()) : new Promise((resolve) => waiting.push(resolve));
    },
    closed: () => closed,
  };
}
