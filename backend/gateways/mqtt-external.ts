/**
 * Cars through an external MQTT broker, a Mosquitto 2 with its dynamic-security plugin, chosen by
 * MQTT_URL = mqtt://ADMIN:PASSWORD@HOST:PORT. The admin login keeps the broker's accounts in step
 * (mosquitto-accounts.ts), so that the broker itself authenticates each car and confines it to its own
 * topics. The cars' messages are read as the `cyberponies-backend` login, with shared subscriptions when
 * the broker has them, so that several backend nodes split the cars between them (but for commands'
 * answers, which every node reads); commands are published under that login too.
 *
 * The backend cannot see a car's connection through another broker: the car's presence, and the last
 * will the broker publishes for it when it drops, are what mark it online and offline.
 */
import { createHmac, randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import type { IClientOptions, IConnackPacket, MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { carPresenceSchema, carTopics, parseCarTopic } from '../../shared/car-protocol.js';
import { demoDeviceSecret } from '../../shared/demo-secrets.js';
import type { Ingest } from '../ingest/index.js';
import type { Inventory } from '../inventory/types.js';
import { CAR_PUBLISH_CHANNELS } from './car-gateway.js';
import type { CarAccountSummary, CarCredentials, CarGateway } from './car-gateway.js';
import { createCarMessageRouter } from './car-messages.js';
import { BACKEND_USERNAME, backendAccount, carAccount, carRoleName, mosquittoAccounts } from './mosquitto-accounts.js';
import { openDynsecControl } from './mosquitto-dynsec.js';

export interface ExternalBrokerOptions {
  /** mqtt(s)://ADMIN:PASSWORD@HOST:PORT; the user holds the dynamic-security plugin's admin role. */
  readonly url: string;
  readonly ingest: Ingest;
  readonly logger: Logger;
  /** Cars whose secrets the backend knows (the demo fleet's): their accounts are reconciled after start. */
  readonly knownCars?: () => readonly CarCredentials[];
  /** Backend nodes in one shared-subscription group split the cars' messages between them. */
  readonly shareGroup?: string;
}

export interface ExternalCarGateway extends CarGateway {
  /** Settles when the start's reconciliation of known cars is over: its summary, or null if it failed or was stopped. */
  readonly reconciled: Promise<CarAccountSummary | null>;
}

const TOPIC_LEVEL = /^[^/+#\s]+$/;

export function parseBrokerUrl(text: string): { readonly brokerUrl: string; readonly port: number; readonly username: string; readonly password: string } {
  const url = new URL(text);
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:') throw new Error(`MQTT_URL must be mqtt://… or mqtts://…, not ${url.protocol}`);
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!username || !password) throw new Error("MQTT_URL must carry the broker admin's credentials: mqtt://USER:PASSWORD@HOST:PORT");
  const port = url.port ? Number(url.port) : url.protocol === 'mqtts:' ? 8883 : 1883;
  return { brokerUrl: `${url.protocol}//${url.hostname}:${port}`, port, username, password };
}

/** Resolves on the first CONNACK; fails on the first error, so that a wrong URL or login stops the start. */
function connectClient(brokerUrl: string, options: IClientOptions): Promise<{ readonly client: MqttClient; readonly connack: IConnackPacket }> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(brokerUrl, { protocolVersion: 5, reconnectPeriod: 2000, connectTimeout: 10_000, ...options });
    const fail = (error: Error) => {
      stopListening();
      client.end(true);
      reject(new Error(`MQTT broker ${brokerUrl} refused ${options.username ?? 'the connection'}: ${error.message}`));
    };
    const closed = () => fail(new Error('connection closed'));
    const connected = (connack: IConnackPacket) => {
      stopListening();
      resolve({ client, connack });
    };
    function stopListening() {
      client.off('error', fail);
      client.off('close', closed);
      client.off('connect', connected);
    }
    client.on('error', fail);
    client.on('close', closed);
    client.on('connect', connected);
  });
}

/** The demo cars whose secret is still the one derived from the fleet key (not rotated since). */
export function demoCarCredentials(inventory: Inventory, fleetKey: string): CarCredentials[] {
  return inventory.devices().flatMap((device) => {
    if (device.kind !== 'car') return [];
    const secret = demoDeviceSecret(fleetKey, device.id);
    return inventory.authenticate(device.id, secret, 'car') === 'accepted' ? [{ carId: device.id, secret }] : [];
  });
}

export async function startExternalCarGateway(options: ExternalBrokerOptions): Promise<ExternalCarGateway> {
  const { ingest } = options;
  const logger = options.logger.child({ module: 'mqtt' });
  const { brokerUrl, port, username, password } = parseBrokerUrl(options.url);
  const router = createCarMessageRouter({ ingest, logger });
  const instance = randomBytes(6).toString('hex');
  let isClosing = false;

  const admin = (await connectClient(brokerUrl, { username, password, clientId: `cyberponies-admin-${instance}` })).client;
  admin.on('error', (error) => logger.warn({ err: error }, 'MQTT broker admin connection failed'));
  const control = await openDynsecControl(admin).catch(async (error: unknown) => {
    await admin.endAsync(true);
    throw error;
  });
  const accounts = mosquittoAccounts(control);

  // Every node that knows the admin's password derives the same service password, so none resets it.
  const servicePassword = createHmac('sha256', password).update('cyberponies-backend service login').digest('base64url');
  let service: MqttClient | undefined;
  try {
    await accounts.sync([backendAccount(servicePassword)]);
    const connection = await connectClient(brokerUrl, {
      username: BACKEND_USERNAME,
      password: servicePassword,
      clientId: `${BACKEND_USERNAME}-${instance}`,
      clean: true,
      // A car's message is acknowledged once ingest has taken it; this bounds how many are in flight.
      properties: { receiveMaximum: 200 },
    });
    service = connection.client;
    service.on('error', (error) => logger.warn({ err: error }, 'MQTT broker connection failed'));
    const isShared = connection.connack.properties?.sharedSubscriptionAvailable !== false;
    const prefix = isShared ? `$share/${options.shareGroup ?? 'cyberponies'}/` : '';
    service.handleMessage = (packet, done) => {
      try {
        consume(packet.topic, packet.payload);
      } catch (error) {
        // Not acknowledging would stall every car behind this message.
        logger.error({ err: error, topic: packet.topic }, 'car message not taken');
      }
      // Holding the acknowledgement holds the broker back until history has room again.
      const pressure = ingest.backPressure();
      if (pressure) void pressure.then(() => done());
      else done();
    };
    // Every node hears every answer, unshared: an answer goes to the node that sent its command, which is
    // the only one waiting for it, and the others drop it as unknown.
    const topics = CAR_PUBLISH_CHANNELS.map((channel) => (channel === 'cmd/ack' ? carTopics.commandAck('+') : `${prefix}fleet/cars/+/${channel}`));
    await service.subscribeAsync(topics, { qos: 1 }).catch((error: unknown) => {
      throw new Error(`MQTT broker ${brokerUrl} refused the backend's subscriptions (${topics.join(', ')})`, { cause: error });
    });
    logger.info({ broker: brokerUrl, sharedSubscriptions: isShared }, 'reading cars from an external MQTT broker');
  } catch (error) {
    control.close();
    await service?.endAsync(true);
    await admin.endAsync(true);
    throw error;
  }
  service.on('offline', () => logger.warn({ broker: brokerUrl }, 'lost the MQTT broker; reconnecting'));
  service.on('reconnect', () => logger.debug({ broker: brokerUrl }, 'reconnecting to the MQTT broker'));

  function consume(topic: string, payload: Buffer | string): void {
    router.consume(topic, payload);
    const car = parseCarTopic(topic);
    if (car?.channel !== 'presence') return;
    let json: unknown;
    try {
      json = JSON.parse(payload.toString());
    } catch {
      return;
    }
    // Through another broker, a car's presence (or its will) is the only news of its connection.
    const presence = carPresenceSchema.safeParse(json);
    if (presence.success && presence.data.deviceId === car.carId) router.connection(car.carId, presence.data.online);
  }

  function checkIds(carIds: readonly string[]): void {
    const bad = carIds.find((carId) => !TOPIC_LEVEL.test(carId));
    if (bad !== undefined) throw new Error(`"${bad}" cannot be a car id on MQTT: it is not one topic level`);
  }

  async function reconcile(knownCars: () => readonly CarCredentials[]): Promise<CarAccountSummary | null> {
    const startedMs = Date.now();
    try {
      const cars = knownCars();
      checkIds(cars.map((car) => car.carId));
      const summary = await accounts.sync(cars.map(carAccount), () => isClosing);
      if (isClosing) return null;
      logger.info({ ...summary, durationMs: Date.now() - startedMs }, "cars' broker accounts reconciled");
      return summary;
    } catch (error) {
      if (!isClosing) logger.error({ err: error }, "could not reconcile the cars' broker accounts; cars without one cannot connect");
      return null;
    }
  }
  const reconciled = options.knownCars ? reconcile(options.knownCars) : Promise.resolve(null);
  const serviceClient = service;

  return {
    url: brokerUrl,
    port,
    reconciled,
    stats: () => ({ connectedCars: null, invalidMessages: router.invalidMessages() }),
    async syncCars(cars) {
      checkIds(cars.map((car) => car.carId));
      return accounts.sync(cars.map(carAccount));
    },
    async removeCars(carIds) {
      await accounts.remove(carIds, carRoleName);
    },
    async publishCommand(carId, command) {
      checkIds([carId]);
      await serviceClient.publishAsync(carTopics.command(carId), JSON.stringify(command), { qos: 1, retain: false });
    },
    onCommandAck: (listener) => router.onCommandAck(listener),
    async close() {
      isClosing = true;
      await serviceClient.endAsync();
      control.close();
      await reconciled;
      await admin.endAsync();
    },
  };
}
