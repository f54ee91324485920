/**
 * Real third-party servers for the simulator's tests: an aedes MQTT broker and an ocpp-rpc OCPP 1.6J
 * server, each on 127.0.0.1 and port 0, checking devices' secrets the way the backend does.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { Aedes } from 'aedes';
import type { AedesPublishPacket, Client } from 'aedes';
import { RPCServer } from 'ocpp-rpc';
import type RpcServerClient from 'ocpp-rpc/lib/server-client.js';
import { carTopics } from '../../shared/car-protocol.js';
import { demoDeviceSecret } from '../../shared/demo-secrets.js';

export interface ReceivedPublish {
  readonly topic: string;
  readonly payload: unknown;
  readonly isRetained: boolean;
}

export interface ReceivedSubscription {
  readonly clientId: string;
  readonly topic: string;
  /** How many publishes `received` held when it came: what was published before it, and what after. */
  readonly afterPublishes: number;
}

export interface TestBroker {
  readonly url: string;
  readonly received: ReceivedPublish[];
  readonly subscriptions: ReceivedSubscription[];
  readonly rejectedLogins: string[];
  /** Drops a car's connection without a DISCONNECT, as a lost network would. */
  dropClient(clientId: string): boolean;
  /** Publishes as the backend does (QoS 1): commands to a car. */
  publish(topic: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

export async function startTestBroker(fleetKey: string, port = 0): Promise<TestBroker> {
  const received: ReceivedPublish[] = [];
  const subscriptions: ReceivedSubscription[] = [];
  const rejectedLogins: string[] = [];
  const clients = new Map<string, Client>();
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const isValid = username !== undefined && client.id === username && password?.toString('utf8') === demoDeviceSecret(fleetKey, username);
      if (!isValid) rejectedLogins.push(username ?? '');
      done(null, isValid);
    },
    // A car may publish only under its own topics.
    authorizePublish: (client, packet, callback) => {
      callback(client && packet.topic.startsWith(carTopics.own(client.id)) ? null : new Error('not your topic'));
    },
  });
  broker.on('client', (client: Client) => clients.set(client.id, client));
  broker.on('subscribe', (granted, client) => {
    for (const { topic } of granted) subscriptions.push({ clientId: client.id, topic, afterPublishes: received.length });
  });
  broker.subscribe(
    'fleet/cars/#',
    (packet: AedesPublishPacket, callback: () => void) => {
      received.push({ topic: packet.topic, payload: JSON.parse(packet.payload.toString()), isRetained: packet.retain });
      callback();
    },
    () => undefined,
  );
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `mqtt://127.0.0.1:${addressOf(server).port}`,
    received,
    subscriptions,
    rejectedLogins,
    dropClient: (clientId) => {
      const client = clients.get(clientId);
      if (!client) return false;
      client.conn.destroy();
      return true;
    },
    publish: (topic, payload) =>
      new Promise<void>((resolve, reject) => {
        broker.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false }, (error) => (error ? reject(error) : resolve()));
      }),
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ReceivedCall {
  readonly identity: string;
  /** OCPP's unique message id, so a test can tell a resent call from a new one. */
  readonly messageId: string;
  readonly method: string;
  readonly params: Record<string, unknown>;
}

export interface TestOcppServer {
  readonly httpUrl: string;
  readonly calls: ReceivedCall[];
  readonly rejectedLogins: string[];
  /** Identities whose connection ended, in order (a close, or a ping left unanswered). */
  readonly disconnects: string[];
  /** Closes the server's side of a charge point's connection. */
  dropClient(identity: string): Promise<boolean>;
  /** Calls a connected charge point, as the central system does to command it; resolves to its answer. */
  call(identity: string, method: string, params: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

export interface TestOcppServerOptions {
  /** How often the server pings each charge point; a missing pong closes the connection. */
  readonly pingIntervalMs?: number;
  /** Id tags answered Blocked (Authorize, StartTransaction); every other tag is Accepted. */
  readonly blockedIdTags?: readonly string[];
}

export async function startTestOcppServer(fleetKey: string, heartbeatSeconds: number, port = 0, options: TestOcppServerOptions = {}): Promise<TestOcppServer> {
  const calls: ReceivedCall[] = [];
  const rejectedLogins: string[] = [];
  const disconnects: string[] = [];
  const clients = new Map<string, RpcServerClient>();
  const idTagInfo = (params: Record<string, unknown> | undefined) => ({ status: options.blockedIdTags?.includes(String(params?.idTag)) ? 'Blocked' : 'Accepted' });
  // Unique across charge points, as the backend's are.
  let lastTransactionId = 0;
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true, ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }) });
  server.auth((accept, reject, handshake) => {
    if (handshake.endpoint !== '/ocpp') return reject(404, 'Not Found');
    if (handshake.password?.toString('utf8') !== demoDeviceSecret(fleetKey, handshake.identity)) {
      rejectedLogins.push(handshake.identity);
      return reject(401, 'Unauthorized');
    }
    accept({});
  });
  server.on('client', (client: RpcServerClient) => {
    const identity = client.identity ?? '';
    clients.set(identity, client);
    client.once('close', () => disconnects.push(identity));
    const record = (method: string, params: Record<string, unknown> | undefined, messageId = '') => calls.push({ identity, messageId, method, params: params ?? {} });
    client.handle('BootNotification', async ({ params, messageId }) => {
      record('BootNotification', params, messageId);
      return { status: 'Accepted', interval: heartbeatSeconds, currentTime: new Date().toISOString() };
    });
    client.handle('Heartbeat', async ({ params, messageId }) => {
      record('Heartbeat', params, messageId);
      return { currentTime: new Date().toISOString() };
    });
    client.handle('StatusNotification', async ({ params, messageId }) => {
      record('StatusNotification', params, messageId);
      return {};
    });
    client.handle('MeterValues', async ({ params, messageId }) => {
      record('MeterValues', params, messageId);
      return {};
    });
    client.handle('FirmwareStatusNotification', async ({ params, messageId }) => {
      record('FirmwareStatusNotification', params, messageId);
      return {};
    });
    client.handle('Authorize', async ({ params, messageId }) => {
      record('Authorize', params, messageId);
      return { idTagInfo: idTagInfo(params) };
    });
    client.handle('StartTransaction', async ({ params, messageId }) => {
      record('StartTransaction', params, messageId);
      return { transactionId: ++lastTransactionId, idTagInfo: idTagInfo(params) };
    });
    client.handle('StopTransaction', async ({ params, messageId }) => {
      record('StopTransaction', params, messageId);
      return {};
    });
  });
  const httpServer = await server.listen(port, '127.0.0.1');
  return {
    httpUrl: `http://127.0.0.1:${addressOf(httpServer).port}`,
    calls,
    rejectedLogins,
    disconnects,
    dropClient: async (identity) => {
      const client = clients.get(identity);
      if (!client) return false;
      await client.close({ code: 1001, reason: 'Going away' });
      return true;
    },
    call: (identity, method, params) => {
      const client = clients.get(identity);
      if (!client) return Promise.reject(new Error(`${identity} has not connected`));
      return client.call(method, params);
    },
    close: () => server.close({ force: true }),
  };
}

/** A port that was free a moment ago: for a test that starts a server after its clients. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = addressOf(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function addressOf(server: { address(): AddressInfo | string | null }): AddressInfo {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on a port');
  return address;
}

/** Polls until `check` holds (real sockets take their own time), failing after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
