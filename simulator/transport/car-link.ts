/** A simulated car's MQTT connection: its own credentials, a last will, presence, and its full state. */
import { randomUUID } from 'node:crypto';
import { connect } from 'mqtt';
import type { MqttClient } from 'mqtt';
import { carTopics } from '../../shared/car-protocol.js';
import type { CarPresence } from '../../shared/car-protocol.js';
import { carStateMessage } from '../world/car.js';
import type { SimulatedCar } from '../world/car.js';
import type { SimulationCounters } from '../stats.js';

export interface CarLinkOptions {
  readonly mqttUrl: string;
  readonly secret: string;
  readonly counters: SimulationCounters;
  readonly now: () => number;
  /** Spread per car so that a broker restart is not answered by every car in the same second. */
  readonly reconnectPeriodMs: number;
}

/** What tests and fault injection may do with one car. */
export interface CarHandle {
  readonly id: string;
  readonly bootId: string;
  readonly sequence: number;
  readonly isConnected: boolean;
  /** Publishes the full state now; resolves when the broker has acknowledged it (QoS 1). */
  publishState(): Promise<void>;
}

const CLOSE_TIMEOUT_MS = 2_000;

function presence(deviceId: string, online: boolean): string {
  return JSON.stringify({ deviceId, online } satisfies CarPresence);
}

export class CarLink implements CarHandle {
  readonly bootId = randomUUID();
  readonly #car: Readonly<SimulatedCar>;
  readonly #options: CarLinkOptions;
  #client: MqttClient | null = null;
  #sequence = 0;
  #isConnected = false;
  #isClosing = false;

  constructor(car: Readonly<SimulatedCar>, options: CarLinkOptions) {
    this.#car = car;
    this.#options = options;
  }

  get id(): string {
    return this.#car.id;
  }

  get sequence(): number {
    return this.#sequence;
  }

  get isConnected(): boolean {
    return this.#isConnected;
  }

  start(): void {
    if (this.#client) return;
    const { counters } = this.#options;
    const client = connect(this.#options.mqttUrl, {
      clientId: this.#car.id,
      username: this.#car.id,
      password: this.#options.secret,
      clean: true,
      keepalive: 60,
      connectTimeout: 30_000,
      reconnectPeriod: this.#options.reconnectPeriodMs,
      // A car that is offline has nothing to say later through this queue; its next full state repairs all.
      queueQoSZero: false,
      will: { topic: carTopics.presence(this.#car.id), payload: Buffer.from(presence(this.#car.id, false)), qos: 1, retain: true },
    });
    this.#client = client;
    client.on('connect', () => {
      if (!this.#isConnected) counters.carsConnected++;
      this.#isConnected = true;
      this.#publish(carTopics.presence(this.#car.id), presence(this.#car.id, true), true)
        .then(() => this.publishState())
        .catch((error: unknown) => counters.recordError(error));
    });
    client.on('close', () => {
      if (this.#isConnected) counters.carsConnected--;
      this.#isConnected = false;
    });
    client.on('error', (error) => counters.recordError(error));
  }

  async publishState(): Promise<void> {
    if (!this.#isConnected || this.#isClosing) return;
    const message = carStateMessage(this.#car, this.#options.now(), { bootId: this.bootId, sequence: this.#sequence });
    this.#sequence++;
    await this.#publish(carTopics.state(this.#car.id), JSON.stringify(message), false);
  }

  /** Says goodbye (offline presence) when it can, then disconnects; never waits long for a dead broker. */
  async close(): Promise<void> {
    const client = this.#client;
    if (!client || this.#isClosing) return;
    this.#isClosing = true;
    if (this.#isConnected) {
      await withTimeout(this.#publish(carTopics.presence(this.#car.id), presence(this.#car.id, false), true).catch(() => undefined));
    }
    const isEnded = await withTimeout(client.endAsync().then(() => true));
    if (!isEnded) await client.endAsync(true);
    if (this.#isConnected) this.#options.counters.carsConnected--;
    this.#isConnected = false;
  }

  async #publish(topic: string, payload: string, retain: boolean): Promise<void> {
    const client = this.#client;
    if (!client) return;
    try {
      await client.publishAsync(topic, payload, { qos: 1, retain });
      this.#options.counters.messagesSent++;
    } catch (error) {
      this.#options.counters.recordError(error);
      throw error;
    }
  }
}

async function withTimeout<T>(work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), CLOSE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
