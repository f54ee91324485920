/**
 * The OCPP 1.6J gateway: charge points connect to ws://HOST:PORT/ocpp/{chargePointId} with subprotocol
 * ocpp1.6 and HTTP Basic auth (Security Profile 1). Every call they make goes to ingest.
 */
import type http from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createRPCError, RPCServer } from 'ocpp-rpc';
import type { RPCClient } from 'ocpp-rpc';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Inventory } from '../inventory/types.js';
import type { Ingest } from '../ingest/index.js';
import { bootNotificationSchema, meterValuesSchema, statusNotificationSchema } from '../ingest/message.js';
import type { HistoryOnlyOcppAction, MessageBody } from '../ingest/message.js';
import type { StateCache } from '../state/index.js';

export const OCPP_PROTOCOL = 'ocpp1.6';
const OCPP_PATH = /^\/ocpp\/[^/]+$/;
/** Seconds between heartbeats that BootNotification asks for. */
const HEARTBEAT_INTERVAL_SECONDS = 60;

export interface OcppGatewayOptions {
  readonly server: http.Server;
  readonly inventory: Inventory;
  readonly ingest: Ingest;
  readonly state: StateCache;
  readonly logger: Logger;
}

export interface OcppGateway {
  close(): Promise<void>;
}

function parsed<T>(schema: z.ZodType<T>, params: unknown): T {
  const result = schema.safeParse(params);
  // Strict mode has validated against the OCPP schema already; this only gives the params their type.
  if (!result.success) throw createRPCError('FormationViolation', result.error.message);
  return result.data;
}

function refuseUpgrade(socket: Duplex): void {
  socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}

export async function attachOcppGateway(options: OcppGatewayOptions): Promise<OcppGateway> {
  const { server, inventory, ingest } = options;
  const logger = options.logger.child({ module: 'ocpp' });
  const rpcServer = new RPCServer({ protocols: [OCPP_PROTOCOL], strictMode: true });
  const connections = new Map<string, RPCClient>();
  // Transactions are not stored yet; ids only need to be unique while this backend runs.
  let nextTransactionId = 1 + Math.floor(Math.random() * 1_000_000_000);

  rpcServer.auth((accept, reject, handshake) => {
    const chargePointId = handshake.identity;
    if (handshake.endpoint !== '/ocpp') return reject(404, 'Not found');
    const device = inventory.device(chargePointId);
    if (!device || device.kind !== 'chargePoint') {
      logger.warn({ chargePointId, address: handshake.remoteAddress }, 'Unknown charge point refused');
      return reject(404, 'Unknown charge point');
    }
    if (!handshake.protocols.has(OCPP_PROTOCOL)) return reject(400, `Subprotocol ${OCPP_PROTOCOL} required`);
    // ocpp-rpc gives a password only when the Basic auth user name equals the identity.
    const password = handshake.password?.toString('utf8');
    if (password === undefined || inventory.authenticate(chargePointId, password, 'chargePoint') !== 'accepted') {
      logger.warn({ chargePointId, address: handshake.remoteAddress }, 'Charge point refused: wrong credentials');
      return reject(401, 'Unauthorized');
    }
    accept({ chargePointId }, OCPP_PROTOCOL);
  });

  function record(chargePointId: string, body: MessageBody, deviceTime: string | null = null): void {
    ingest.accept({ deviceId: chargePointId, kind: 'chargePoint', receivedAtMs: Date.now(), deviceTime, bootId: null, sequence: null, ...body });
  }

  function handleCalls(client: RPCClient, chargePointId: string): void {
    const currentTime = () => new Date().toISOString();
    // Waiting before the answer holds the charge point back (it sends one call at a time).
    const pressure = async () => {
      await ingest.backPressure();
    };
    client.handle('BootNotification', async ({ params }) => {
      record(chargePointId, { channel: 'ocpp:BootNotification', payload: parsed(bootNotificationSchema, params) });
      await pressure();
      return { status: 'Accepted', currentTime: currentTime(), interval: HEARTBEAT_INTERVAL_SECONDS };
    });
    client.handle('Heartbeat', async () => {
      record(chargePointId, { channel: 'ocpp:Heartbeat', payload: {} });
      await pressure();
      return { currentTime: currentTime() };
    });
    client.handle('StatusNotification', async ({ params }) => {
      const payload = parsed(statusNotificationSchema, params);
      record(chargePointId, { channel: 'ocpp:StatusNotification', payload }, payload.timestamp ?? null);
      await pressure();
      return {};
    });
    client.handle('MeterValues', async ({ params }) => {
      const payload = parsed(meterValuesSchema, params);
      record(chargePointId, { channel: 'ocpp:MeterValues', payload }, payload.meterValue.at(-1)?.timestamp ?? null);
      await pressure();
      return {};
    });
    const historyOnly = (action: HistoryOnlyOcppAction, answer: (params: Record<string, unknown>) => Record<string, unknown>) => {
      client.handle(action, async ({ params }) => {
        record(chargePointId, { channel: `ocpp:${action}`, payload: params ?? {} });
        await pressure();
        return answer(params ?? {});
      });
    };
    // Every id tag is accepted until customers and reservations exist.
    historyOnly('Authorize', () => ({ idTagInfo: { status: 'Accepted' } }));
    historyOnly('StartTransaction', () => ({ transactionId: nextTransactionId++, idTagInfo: { status: 'Accepted' } }));
    historyOnly('StopTransaction', (params) => (typeof params.idTag === 'string' ? { idTagInfo: { status: 'Accepted' } } : {}));
    historyOnly('DataTransfer', () => ({ status: 'UnknownVendorId' }));
    historyOnly('DiagnosticsStatusNotification', () => ({}));
    historyOnly('FirmwareStatusNotification', () => ({}));
  }

  rpcServer.on('client', (client: RPCClient) => {
    const chargePointId = client.identity ?? '';
    const previous = connections.get(chargePointId);
    connections.set(chargePointId, client);
    if (previous) {
      logger.info({ chargePointId }, 'Charge point reconnected; closing its previous connection');
      void previous.close({ code: 1000, reason: 'Replaced by a new connection' });
    }
    handleCalls(client, chargePointId);
    client.on('strictValidationFailure', ({ method, error }: { method: string; error: Error }) => {
      logger.warn({ chargePointId, action: method, err: error }, 'OCPP message failed schema validation');
    });
    client.once('close', ({ code }: { code: number }) => {
      // A replaced connection closing says nothing about the charge point, which is still connected.
      if (connections.get(chargePointId) !== client) return;
      connections.delete(chargePointId);
      logger.debug({ chargePointId, code }, 'Charge point disconnected');
      record(chargePointId, { channel: 'ocpp:connection', payload: { online: false } });
    });
    logger.debug({ chargePointId }, 'Charge point connected');
    record(chargePointId, { channel: 'ocpp:connection', payload: { online: true } });
  });
  rpcServer.on('error', (error: Error) => logger.error({ err: error }, 'OCPP server error'));

  const onUpgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (OCPP_PATH.test(path) && socket instanceof Socket) {
      void rpcServer.handleUpgrade(request, socket, head);
    } else if (path === '/ocpp' || path.startsWith('/ocpp/')) {
      refuseUpgrade(socket);
    }
    // Other paths belong to other upgrade listeners (the console hub).
  };
  server.on('upgrade', onUpgrade);

  return {
    async close() {
      server.off('upgrade', onUpgrade);
      await Promise.all([...connections.values()].map((client) => client.close({ code: 1001, reason: 'Server shutting down' })));
      await rpcServer.close({ code: 1001, reason: 'Server shutting down' });
    },
  };
}
