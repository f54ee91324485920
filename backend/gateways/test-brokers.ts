/**
 * For tests: the brokers to run the car gateway against, like store/testing.ts's engines. The embedded
 * broker always; a real Mosquitto too when the variables printed by `.ci/mosquitto` are set. Test-only.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Ingest } from '../ingest/index.js';
import type { Inventory } from '../inventory/types.js';
import type { StateCache } from '../state/index.js';
import type { CarCredentials, CarGateway } from './car-gateway.js';
import { startMqttBroker } from './mqtt.js';
import { startExternalCarGateway } from './mqtt-external.js';

/** How a broker refuses what a car may not do, as the `mqtt` client (MQTT 3.1.1, like the simulator) sees it. */
export interface BrokerRefusals {
  /** CONNACK code for an unknown car or a wrong secret. */
  readonly credentials: number;
  /** CONNACK code for a client id that is not the car's id. */
  readonly clientId: number;
  /**
   * A QoS 1 publish on another car's topic: the embedded broker closes the connection; Mosquitto
   * acknowledges it and drops it (MQTT 3.1.1 has no way to refuse a publish).
   */
  readonly foreignPublish: 'closed' | 'acknowledged';
}

export type TestBroker =
  | { readonly name: 'embedded'; readonly refusals: BrokerRefusals }
  | { readonly name: 'mosquitto'; readonly refusals: BrokerRefusals; readonly url: string; readonly adminUsername: string; readonly adminPassword: string };

export type MosquittoBroker = Extract<TestBroker, { readonly name: 'mosquitto' }>;

export function mosquittoBrokers(): MosquittoBroker[] {
  const { MOSQUITTO_URL: url, MOSQUITTO_ADMIN_USERNAME: adminUsername, MOSQUITTO_ADMIN_PASSWORD: adminPassword } = process.env;
  if (!url || !adminUsername || !adminPassword) return [];
  return [{ name: 'mosquitto', url, adminUsername, adminPassword, refusals: { credentials: 5, clientId: 5, foreignPublish: 'acknowledged' } }];
}

export function testBrokers(): TestBroker[] {
  return [{ name: 'embedded', refusals: { credentials: 4, clientId: 2, foreignPublish: 'closed' } }, ...mosquittoBrokers()];
}

/** The broker URL with the admin's credentials: what MQTT_URL would be. */
export function adminUrl(broker: MosquittoBroker): string {
  const url = new URL(broker.url);
  url.username = encodeURIComponent(broker.adminUsername);
  url.password = encodeURIComponent(broker.adminPassword);
  return url.toString();
}

/**
 * Car ids unique to one test run, so that runs sharing one Mosquitto never meet; letters only, because
 * test plates are made of an id's digits.
 */
export function uniqueCarPrefix(): string {
  return `car-${[...randomBytes(4)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;
}

export interface TestCarGateway {
  readonly gateway: CarGateway;
  /** Removes the accounts the test made (the broker itself is `.ci/mosquitto`'s), then closes. */
  close(): Promise<void>;
}

export async function startTestCarGateway(
  broker: TestBroker,
  parts: { readonly inventory: Inventory; readonly ingest: Ingest; readonly state: StateCache; readonly logger: Logger; readonly cars: readonly CarCredentials[] },
): Promise<TestCarGateway> {
  if (broker.name === 'embedded') {
    const gateway = await startMqttBroker({ host: '127.0.0.1', port: 0, ...parts });
    return { gateway, close: () => gateway.close() };
  }
  const gateway = await startExternalCarGateway({ url: adminUrl(broker), ingest: parts.ingest, logger: parts.logger, shareGroup: uniqueCarPrefix() });
  await gateway.syncCars(parts.cars);
  return {
    gateway,
    async close() {
      await gateway.removeCars(parts.cars.map((car) => car.carId));
      await gateway.close();
    },
  };
}
