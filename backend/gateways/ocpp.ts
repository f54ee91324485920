/**
 * The OCPP 1.6J central system: charge points connect to ws(s)://HOST:PORT/ocpp/{chargePointId} with
 * subprotocol ocpp1.6 and HTTP Basic auth (Security Profile 1; Profile 2 when the HTTP server is HTTPS).
 * Framing, schema checks both ways and keep-alive pings are ocpp-rpc's; the answers are in ocpp/handlers.ts.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { RPCServer } from 'ocpp-rpc';
import type { RPCClient } from 'ocpp-rpc';
import type { Logger } from 'pino';
import type { Inventory } from '../inventory/types.js';
import type { Ingest } from '../ingest/index.js';
import type { MessageBody } from '../ingest/message.js';
import type { StateCache } from '../state/index.js';
import type { Database } from '../store/database.js';
import type { AuthGuard } from './auth-guard.js';
import { OCPP_PROTOCOL, asOcpp16Frame, createOcpp16Validator } from './ocpp/errors.js';
import { handleCalls } from './ocpp/handlers.js';
import { registrationFor, registrationWithoutBoot } from './ocpp/registration.js';
import type { BootClaim, RegistrationMode, RegistrationStatus } from './ocpp/registration.js';
import { createTransactions } from './ocpp/transactions.js';

export { OCPP_PROTOCOL } from './ocpp/errors.js';
export { REGISTRATION_MODES } from './ocpp/registration.js';
export type { RegistrationMode } from './ocpp/registration.js';

const OCPP_PATH = /^\/ocpp\/[^/]+$/;

export interface OcppSettings {
  /** How BootNotification is answered: see ocpp/registration.ts. */
  readonly registration: RegistrationMode;
  /** Id tags answered Blocked; every other tag is Accepted. */
  readonly blockedIdTags: readonly string[];
  /** The heartbeat interval an Accepted boot asks for, in seconds. */
  readonly heartbeatIntervalSeconds: number;
  /** A larger WebSocket frame closes that connection (1009). */
  readonly maxFrameBytes: number;
  /** Ping every this often; a charge point that has not answered the previous ping is dropped. */
  readonly pingIntervalMs: number;
  /** How long a call to a charge point waits for its answer. */
  readonly callTimeoutMs: number;
}

export const DEFAULT_OCPP_SETTINGS: OcppSettings = {
  registration: 'model',
  blockedIdTags: [],
  heartbeatIntervalSeconds: 60,
  maxFrameBytes: 64 * 1024,
  pingIntervalMs: 30_000,
  callTimeoutMs: 30_000,
};

/** Consecutive frames that are not OCPP-J at all before the connection is closed (1002). */
const MAX_BAD_FRAMES = 10;

export interface OcppGatewayOptions {
  /** HTTP or HTTPS: the gateway takes the upgrades of /ocpp/{id}. */
  readonly server: http.Server;
  readonly db: Database;
  readonly inventory: Inventory;
  readonly ingest: Ingest;
  readonly state: StateCache;
  readonly logger: Logger;
  readonly settings?: Partial<OcppSettings>;
  /** Slows down addresses that fail authentication again and again (shared with the MQTT gateway). */
  readonly authGuard?: AuthGuard;
  /** Hears connections and the calls charge points make (commands follow them: backend/commands). */
  readonly observer?: OcppObserver;
}

export interface OcppObserver {
  connected(chargePointId: string): void;
  /** A call from the charge point, as it came (before it is answered). */
  called(chargePointId: string, action: string, params: unknown): void;
}

export interface OcppGateway {
  /**
   * Calls a connected charge point (one outstanding call per connection; more wait their turn); rejects
   * with ocpp-rpc's TimeoutError after `timeoutMs` (default: the settings' callTimeoutMs), or its
   * RPCError when the charge point answers with a CALLERROR.
   */
  call(chargePointId: string, action: string, params: Record<string, unknown>, options?: { readonly timeoutMs?: number }): Promise<unknown>;
  isConnected(chargePointId: string): boolean;
  /** Closes a charge point's connection, e.g. when its secret was replaced: it must log in again. */
  disconnect(chargePointId: string, reason: string): Promise<void>;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex): void {
  socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}

export async function attachOcppGateway(options: OcppGatewayOptions): Promise<OcppGateway> {
  const { server, inventory, ingest, state, authGuard } = options;
  const settings: OcppSettings = { ...DEFAULT_OCPP_SETTINGS, ...options.settings };
  const logger = options.logger.child({ module: 'ocpp' });
  const transactions = createTransactions(options.db);
  const blockedIdTags = new Set(settings.blockedIdTags.map((tag) => tag.toLowerCase()));
  const rpcServer = new RPCServer({
    protocols: [OCPP_PROTOCOL],
    strictMode: true,
    strictModeValidators: [createOcpp16Validator()],
    callConcurrency: 1,
    callTimeoutMs: settings.callTimeoutMs,
    pingIntervalMs: settings.pingIntervalMs,
    maxBadMessages: MAX_BAD_FRAMES,
    wssOptions: { maxPayload: settings.maxFrameBytes },
  });
  const connections = new Map<string, RPCClient>();
  // Registration outlives a connection: a charge point that reconnects without booting keeps its status.
  const registrations = new Map<string, RegistrationStatus>();

  rpcServer.auth((accept, reject, handshake) => {
    const chargePointId = handshake.identity;
    const address = handshake.remoteAddress ?? '';
    if (handshake.endpoint !== '/ocpp') return reject(404, 'Not found');
    // An address that keeps failing waits before its credentials are even looked at.
    if (authGuard && !authGuard.check(address, chargePointId).isAllowed) return reject(429, 'Too many failed attempts');
    const refuse = (status: 401 | 404, message: string, why: string) => {
      // The guard logs failures itself, at a bounded rate; without one, each is a line here.
      if (authGuard) authGuard.failure(address, chargePointId, 'ocpp');
      else logger.warn({ chargePointId, address }, `Charge point refused: ${why}`);
      reject(status, message);
    };
    const device = inventory.device(chargePointId);
    if (!device || device.kind !== 'chargePoint') return refuse(404, 'Unknown charge point', 'unknown identity');
    if (!handshake.protocols.has(OCPP_PROTOCOL)) return reject(400, `Subprotocol ${OCPP_PROTOCOL} required`);
    // ocpp-rpc gives a password only when the Basic auth user name equals the identity.
    const password = handshake.password?.toString('utf8');
    if (password === undefined || inventory.authenticate(chargePointId, password, 'chargePoint') !== 'accepted') return refuse(401, 'Unauthorized', 'wrong credentials');
    authGuard?.success(address, chargePointId);
    accept({ chargePointId }, OCPP_PROTOCOL);
  });

  /**
   * OCPP numbers nothing and makes message ids unique only within a connection, so a connection plays the
   * part of a boot: (charge point, connection, message id) is what ingest de-duplicates on.
   */
  function record(chargePointId: string, connectionId: string, body: MessageBody, messageId: string | null, deviceTime: string | null = null): void {
    ingest.accept({ deviceId: chargePointId, kind: 'chargePoint', receivedAtMs: Date.now(), deviceTime, bootId: connectionId, sequence: null, messageId, ...body });
  }

  function modelOf(chargePointId: string) {
    const device = inventory.device(chargePointId);
    return device ? inventory.model(device.modelId) : undefined;
  }

  function lastClaim(chargePointId: string): BootClaim | null {
    const detail = state.detail(chargePointId);
    const last = detail?.kind === 'chargePoint' ? detail.state : null;
    return last?.vendor && last.model ? { vendor: last.vendor, model: last.model } : null;
  }

  function watch(client: RPCClient, chargePointId: string): void {
    // Every CALLERROR leaves with its OCPP 1.6 code, whichever part of ocpp-rpc produced it.
    const sendRaw = client.sendRaw.bind(client);
    client.sendRaw = (frame: string) => sendRaw(asOcpp16Frame(frame));
    client.on('strictValidationFailure', ({ method, error, outbound }: { method: string; error: Error; outbound: boolean }) => {
      logger.warn({ chargePointId, action: method, outbound, err: error }, outbound ? 'OCPP answer failed schema validation (a bug here)' : 'OCPP call refused: it fails the OCPP 1.6 schema');
    });
    client.on('call', ({ outbound, payload }: { outbound: boolean; payload: unknown }) => {
      if (outbound || !options.observer || !Array.isArray(payload)) return;
      const [, , action, params]: unknown[] = payload;
      if (typeof action === 'string') options.observer.called(chargePointId, action, params);
    });
    client.on('badMessage', ({ error }: { error: Error }) => {
      logger.warn({ chargePointId, err: error }, 'OCPP frame refused: not an OCPP-J message');
    });
    client.on('socketError', (error: Error) => {
      // ws closes the connection itself (1009 for an oversized frame); the rest of the fleet is untouched.
      logger.warn({ chargePointId, err: error, maxFrameBytes: settings.maxFrameBytes }, `OCPP connection closed: ${error.message}`);
    });
  }

  rpcServer.on('client', (client: RPCClient) => {
    const chargePointId = client.identity ?? '';
    const connectionId = randomUUID();
    const previous = connections.get(chargePointId);
    connections.set(chargePointId, client);
    if (previous) {
      logger.info({ chargePointId }, 'Charge point reconnected; closing its previous connection');
      void previous.close({ code: 1000, reason: 'Replaced by a new connection' });
    }
    watch(client, chargePointId);
    handleCalls(client, {
      chargePointId,
      logger,
      transactions,
      heartbeatIntervalSeconds: settings.heartbeatIntervalSeconds,
      blockedIdTags,
      registration() {
        const known = registrations.get(chargePointId);
        if (known) return known;
        const status = registrationWithoutBoot(settings.registration, lastClaim(chargePointId), modelOf(chargePointId));
        registrations.set(chargePointId, status);
        return status;
      },
      register(claim) {
        const status = registrationFor(settings.registration, claim, modelOf(chargePointId));
        registrations.set(chargePointId, status);
        return status;
      },
      record: (body, messageId, deviceTime) => record(chargePointId, connectionId, body, messageId, deviceTime),
      backPressure: async () => {
        await ingest.backPressure();
      },
    });
    client.once('close', ({ code, reason }: { code: number; reason: string }) => {
      // A replaced connection closing says nothing about the charge point, which is still connected.
      if (connections.get(chargePointId) !== client) return;
      connections.delete(chargePointId);
      // 1006: no close frame — the socket dropped, or the charge point stopped answering pings.
      logger.info({ chargePointId, code, reason }, code === 1006 ? 'Charge point connection lost' : 'Charge point disconnected');
      record(chargePointId, connectionId, { channel: 'ocpp:connection', payload: { online: false } }, null);
    });
    logger.debug({ chargePointId }, 'Charge point connected');
    record(chargePointId, connectionId, { channel: 'ocpp:connection', payload: { online: true } }, null);
    options.observer?.connected(chargePointId);
  });
  rpcServer.on('error', (error: Error) => logger.error({ err: error }, 'OCPP server error'));

  const onUpgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    // A TLS socket is a net.Socket too: Security Profile 2 takes the same path.
    if (OCPP_PATH.test(path) && socket instanceof Socket) {
      void rpcServer.handleUpgrade(request, socket, head);
    } else if (path === '/ocpp' || path.startsWith('/ocpp/')) {
      refuseUpgrade(socket);
    }
    // Other paths belong to other upgrade listeners (the console hub).
  };
  server.on('upgrade', onUpgrade);

  return {
    call(chargePointId, action, params, callOptions = {}) {
      const client = connections.get(chargePointId);
      if (!client) return Promise.reject(new Error(`Charge point ${chargePointId} is not connected`));
      return client.call(action, params, callOptions.timeoutMs === undefined ? {} : { callTimeoutMs: callOptions.timeoutMs });
    },
    isConnected: (chargePointId) => connections.has(chargePointId),
    async disconnect(chargePointId, reason) {
      // 1008, policy violation: the credentials this session was opened with are no longer valid.
      await connections.get(chargePointId)?.close({ code: 1008, reason });
    },
    async close() {
      server.off('upgrade', onUpgrade);
      await Promise.all([...connections.values()].map((client) => client.close({ code: 1001, reason: 'Server shutting down' })));
      await rpcServer.close({ code: 1001, reason: 'Server shutting down' });
    },
  };
}
