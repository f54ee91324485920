/**
 * The embedded MQTT broker (aedes) that cars connect to. A car logs in with its id as username and client
 * id and its secret as password, may use only its own topics, and its messages go to ingest (its answers
 * to commands, to whoever listens for them); the backend publishes its commands here itself.
 */
import net from 'node:net';
import { Aedes } from 'aedes';
import type { AuthenticateError, Client, PublishPacket, Subscription } from 'aedes';
import type { Logger } from 'pino';
import { carTopics, parseCarTopic } from '../../shared/car-protocol.js';
import type { Inventory } from '../inventory/types.js';
import type { Ingest } from '../ingest/index.js';
import type { StateCache } from '../state/index.js';
import type { AuthGuard } from './auth-guard.js';
import { CAR_PUBLISH_CHANNELS } from './car-gateway.js';
import type { CarGateway, CarGatewayStats } from './car-gateway.js';
import { createCarMessageRouter } from './car-messages.js';

export interface MqttBrokerOptions {
  readonly host: string;
  readonly port: number;
  readonly inventory: Inventory;
  readonly ingest: Ingest;
  readonly state: StateCache;
  readonly logger: Logger;
  /** Slows down addresses that keep failing to log in (the same guard as the OCPP gateway's). */
  readonly authGuard?: AuthGuard;
}

export interface MqttBrokerStats extends CarGatewayStats {
  readonly connectedCars: number;
}

export interface MqttBroker extends CarGateway {
  /** The port actually listened on (useful with port 0). */
  readonly port: number;
  stats(): MqttBrokerStats;
  /** Ends these cars' sessions, e.g. when a secret was replaced: they must log in again. */
  disconnectCars(carIds: readonly string[]): void;
}

const PUBLISH_CHANNELS: ReadonlySet<string> = new Set(CAR_PUBLISH_CHANNELS);

/** MQTT 3.1.1 CONNACK return codes. */
const IDENTIFIER_REJECTED = 2;
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;

function refusal(message: string, returnCode: typeof IDENTIFIER_REJECTED | typeof SERVER_UNAVAILABLE | typeof BAD_USERNAME_OR_PASSWORD): AuthenticateError {
  return Object.assign(new Error(message), { returnCode });
}

function remoteAddress(client: Client): string {
  const address: unknown = 'remoteAddress' in client.conn ? client.conn.remoteAddress : undefined;
  return typeof address === 'string' ? address : '';
}

export async function startMqttBroker(options: MqttBrokerOptions): Promise<MqttBroker> {
  const { inventory, ingest, authGuard } = options;
  const logger = options.logger.child({ module: 'mqtt' });
  const carOfClient = new WeakMap<Client, string>();
  const sessions = new Map<string, Set<Client>>();
  const router = createCarMessageRouter({ ingest, logger });

  function setConnected(carId: string, client: Client, isConnected: boolean): void {
    const carSessions = sessions.get(carId) ?? new Set<Client>();
    const wasOnline = carSessions.size > 0;
    if (isConnected) carSessions.add(client);
    else if (!carSessions.delete(client)) return;
    sessions.set(carId, carSessions);
    if (carSessions.size === 0) sessions.delete(carId);
    const isOnline = carSessions.size > 0;
    if (isOnline !== wasOnline) router.connection(carId, isOnline);
  }

  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const address = remoteAddress(client);
      if (authGuard && !authGuard.check(address, username ?? '').isAllowed) {
        return done(refusal('Too many failed logins from this address; retry later', SERVER_UNAVAILABLE), false);
      }
      if (!username || !password) {
        authGuard?.failure(address, username ?? '', 'mqtt');
        return done(refusal('A car logs in with its id and secret', BAD_USERNAME_OR_PASSWORD), false);
      }
      if (inventory.authenticate(username, password.toString('utf8'), 'car') !== 'accepted') {
        // The guard logs failures itself, at a bounded rate; without one, each is a line here.
        if (authGuard) authGuard.failure(address, username, 'mqtt');
        else logger.warn({ carId: username, address }, 'Car refused: unknown id or wrong secret');
        return done(refusal('Unknown car or wrong secret', BAD_USERNAME_OR_PASSWORD), false);
      }
      authGuard?.success(address, username);
      // A client id of its own is what keeps a car from taking over another car's session.
      if (client.id !== username) {
        logger.warn({ carId: username, clientId: client.id }, 'Car refused: its client id is not its id');
        return done(refusal("A car's client id is its id", IDENTIFIER_REJECTED), false);
      }
      carOfClient.set(client, username);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      // A null client is the broker itself (a will kept from a session that is gone).
      if (!client) return done(null);
      const carId = carOfClient.get(client);
      const topic = parseCarTopic(packet.topic);
      if (carId !== undefined && topic?.carId === carId && PUBLISH_CHANNELS.has(topic.channel)) return done(null);
      logger.warn({ carId, topic: packet.topic }, 'Car publish refused: not its own topic');
      done(new Error(`Not allowed to publish to ${packet.topic}`));
    },
    authorizeSubscribe(client, subscription: Subscription, done) {
      const carId = carOfClient.get(client);
      if (carId !== undefined && subscription.topic.startsWith(carTopics.own(carId))) return done(null, subscription);
      logger.warn({ carId, topic: subscription.topic }, 'Car subscription refused: not its own topic');
      // A refused subscription is answered with failure code 128 and the connection kept.
      done(null, null);
    },
    published(packet, _client, done) {
      router.consume(packet.topic, packet.payload);
      // Holding the callback holds the publishing car back until history has room again.
      const pressure = ingest.backPressure();
      if (pressure) void pressure.then(() => done());
      else done();
    },
  });

  broker.on('clientReady', (client) => {
    const carId = carOfClient.get(client);
    if (carId === undefined) return;
    // A car removed while it was logging in is not let in.
    if (!inventory.device(carId)) return client.close();
    setConnected(carId, client, true);
  });
  broker.on('clientDisconnect', (client) => {
    const carId = carOfClient.get(client);
    if (carId === undefined) return;
    setConnected(carId, client, false);
  });
  broker.on('clientError', (client, error) => logger.debug({ clientId: client.id, err: error }, 'MQTT client error'));

  function disconnectCars(carIds: readonly string[]): void {
    for (const carId of carIds) for (const client of sessions.get(carId) ?? []) client.close();
  }

  const server = net.createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : options.port;
  logger.info({ host: options.host, port }, 'MQTT broker listening');

  return {
    url: `mqtt://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    port,
    stats: () => ({ connectedCars: sessions.size, invalidMessages: router.invalidMessages() }),
    // Every login is checked against the inventory itself: there is no account to keep in step.
    syncCars: (cars) => Promise.resolve({ created: 0, updated: 0, unchanged: cars.length }),
    removeCars(carIds) {
      disconnectCars(carIds);
      return Promise.resolve();
    },
    disconnectCars,
    publishCommand: (carId, command) =>
      new Promise<void>((resolve, reject) => {
        const packet: PublishPacket = { cmd: 'publish', topic: carTopics.command(carId), payload: Buffer.from(JSON.stringify(command)), qos: 1, retain: false, dup: false };
        broker.publish(packet, (error) => (error ? reject(error) : resolve()));
      }),
    onCommandAck: (listener) => router.onCommandAck(listener),
    async close() {
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await serverClosed;
    },
  };
}
