/**
 * The embedded MQTT broker (aedes) that cars connect to. A car logs in with its id and secret, may use
 * only its own topics, and its state and presence messages go to ingest.
 */
import net from 'node:net';
import { Aedes } from 'aedes';
import type { AuthenticateError, Client, Subscription } from 'aedes';
import type { Logger } from 'pino';
import { carTopics, parseCarTopic } from '../../shared/car-protocol.js';
import type { Inventory } from '../inventory/types.js';
import type { Ingest } from '../ingest/index.js';
import type { StateCache } from '../state/index.js';
import { createCarMessageRouter } from './car-messages.js';

export interface MqttBrokerOptions {
  readonly host: string;
  readonly port: number;
  readonly inventory: Inventory;
  readonly ingest: Ingest;
  readonly state: StateCache;
  readonly logger: Logger;
}

export interface MqttBrokerStats {
  readonly connectedCars: number;
  /** Messages on a car's topics that did not parse or validate, dropped since start. */
  readonly invalidMessages: number;
}

export interface MqttBroker {
  /** The port actually listened on (useful with port 0). */
  readonly port: number;
  stats(): MqttBrokerStats;
  close(): Promise<void>;
}

/** Channels a car may publish on; `cmd` is the backend's to write. */
const CAR_PUBLISH_CHANNELS: ReadonlySet<string> = new Set(['state', 'events', 'history', 'presence', 'cmd/ack']);

/** MQTT 3.1.1 CONNACK return codes. */
const IDENTIFIER_REJECTED = 2;
const BAD_USERNAME_OR_PASSWORD = 4;

function refusal(message: string, returnCode: typeof IDENTIFIER_REJECTED | typeof BAD_USERNAME_OR_PASSWORD): AuthenticateError {
  return Object.assign(new Error(message), { returnCode });
}

export async function startMqttBroker(options: MqttBrokerOptions): Promise<MqttBroker> {
  const { inventory, ingest } = options;
  const logger = options.logger.child({ module: 'mqtt' });
  const carOfClient = new WeakMap<Client, string>();
  /** Client ids in use, and whose: a car may not take over another car's session by reusing its id. */
  const clientIdOwners = new Map<string, string>();
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
      if (!username || !password) return done(refusal('A car logs in with its id and secret', BAD_USERNAME_OR_PASSWORD), false);
      if (inventory.authenticate(username, password.toString('utf8'), 'car') !== 'accepted') {
        logger.warn({ carId: username }, 'Car refused: unknown id or wrong secret');
        return done(refusal('Unknown car or wrong secret', BAD_USERNAME_OR_PASSWORD), false);
      }
      const owner = clientIdOwners.get(client.id);
      if (owner !== undefined && owner !== username) {
        logger.warn({ carId: username, clientId: client.id, owner }, "Car refused: it used another car's client id");
        return done(refusal('Client id in use by another car', IDENTIFIER_REJECTED), false);
      }
      carOfClient.set(client, username);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      // A null client is the broker itself (a will kept from a session that is gone).
      if (!client) return done(null);
      const carId = carOfClient.get(client);
      const topic = parseCarTopic(packet.topic);
      if (carId !== undefined && topic?.carId === carId && CAR_PUBLISH_CHANNELS.has(topic.channel)) return done(null);
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
    clientIdOwners.set(client.id, carId);
    setConnected(carId, client, true);
  });
  broker.on('clientDisconnect', (client) => {
    const carId = carOfClient.get(client);
    if (carId === undefined) return;
    setConnected(carId, client, false);
    // A session that took this one over keeps the client id reserved for its car.
    const isIdStillUsed = [...(sessions.get(carId) ?? [])].some((session) => session.id === client.id);
    if (!isIdStillUsed && clientIdOwners.get(client.id) === carId) clientIdOwners.delete(client.id);
  });
  broker.on('clientError', (client, error) => logger.debug({ clientId: client.id, err: error }, 'MQTT client error'));

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
    port,
    stats: () => ({ connectedCars: sessions.size, invalidMessages: router.invalidMessages() }),
    async close() {
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await serverClosed;
    },
  };
}
