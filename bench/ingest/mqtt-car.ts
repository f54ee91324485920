/** A car as a plain `mqtt` client: its credentials, a last will, presence, and its full state at QoS 1. */
import { randomUUID } from 'node:crypto';
import { connect } from 'mqtt';
import type { MqttClient } from 'mqtt';
import { carTopics } from '../../shared/car-protocol.js';
import { CALL_TIMEOUT_MS, MAX_UNACKNOWLEDGED, RECONNECT_MS } from './device-contract.js';
import type { DeviceSpec, LoadDevice } from './device-contract.js';
import { carStatePayload } from './payloads.js';

export class MqttCar implements LoadDevice {
  readonly kind = 'car';
  readonly #spec: DeviceSpec;
  readonly #mqttUrl: string;
  readonly #onDisconnect: () => void;
  readonly #bootId = randomUUID();
  readonly #startedMs = Date.now();
  readonly #topic: string;
  #client: MqttClient | null = null;
  #sequence = 0;
  #unacknowledged = 0;
  #isConnected = false;

  constructor(spec: DeviceSpec, mqttUrl: string, onDisconnect: () => void) {
    this.#spec = spec;
    this.#mqttUrl = mqttUrl;
    this.#onDisconnect = onDisconnect;
    this.#topic = carTopics.state(spec.id);
  }

  get id(): string {
    return this.#spec.id;
  }

  get isConnected(): boolean {
    return this.#isConnected;
  }

  get isBusy(): boolean {
    return this.#unacknowledged >= MAX_UNACKNOWLEDGED;
  }

  connect(): Promise<void> {
    const { id, secret } = this.#spec;
    const presence = (online: boolean) => JSON.stringify({ deviceId: id, online });
    const client = connect(this.#mqttUrl, {
      clientId: id,
      username: id,
      password: secret,
      clean: true,
      keepalive: 60,
      connectTimeout: CALL_TIMEOUT_MS,
      reconnectPeriod: RECONNECT_MS,
      will: { topic: carTopics.presence(id), payload: Buffer.from(presence(false)), qos: 1, retain: true },
    });
    this.#client = client;
    client.on('connect', () => {
      this.#isConnected = true;
      client.publish(carTopics.presence(id), presence(true), { qos: 1, retain: true });
    });
    client.on('close', () => {
      if (this.#isConnected) this.#onDisconnect();
      this.#isConnected = false;
    });
    return new Promise((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', (error) => {
        if (!this.#isConnected) {
          client.end(true);
          reject(error);
        }
      });
    });
  }

  send(nowIso: string, done: (error: Error | null) => void): void {
    const client = this.#client;
    if (!client) return done(new Error('not connected'));
    const sinceSeconds = Math.floor((Date.now() - this.#startedMs) / 1000);
    const payload = carStatePayload(this.#spec, this.#bootId, this.#sequence++, nowIso, sinceSeconds);
    this.#unacknowledged++;
    client.publish(this.#topic, payload, { qos: 1 }, (error) => {
      this.#unacknowledged--;
      done(error ?? null);
    });
  }

  async close(): Promise<void> {
    await this.#client?.endAsync(true);
  }
}

