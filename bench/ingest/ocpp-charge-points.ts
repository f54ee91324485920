/** Charge points over OCPP 1.6J: hand-made `ws` frames, or the `ocpp-rpc` library, to compare their cost. */
import { randomUUID } from 'node:crypto';
import { RPCClient } from 'ocpp-rpc';
import WebSocket from 'ws';
import { z } from 'zod';
import { CALL_TIMEOUT_MS, RECONNECT_MS } from './device-contract.js';
import type { DeviceSpec, LoadDevice } from './device-contract.js';
import { BOOT_NOTIFICATION, meterValues, statusNotification } from './payloads.js';

const bootAnswerSchema = z.object({ status: z.enum(['Accepted', 'Pending', 'Rejected']), interval: z.number() });
const frameSchema = z.array(z.unknown());

interface PendingCall {
  readonly done: (error: Error | null, answer: string) => void;
  readonly sinceMs: number;
}

/** OCPP 1.6J by hand: one frame string per call, one call at a time, answers matched by position. */
export class WsChargePoint implements LoadDevice {
  readonly kind = 'chargePoint';
  readonly #spec: DeviceSpec;
  readonly #url: string;
  readonly #onDisconnect: () => void;
  // Message ids stay unique across reconnections: the backend recognises a resent id as a duplicate.
  readonly #idPrefix = randomUUID().slice(0, 8);
  #socket: WebSocket | null = null;
  #pending: PendingCall | null = null;
  #nextId = 0;
  #energyWh = 0;
  #isConnected = false;
  #isClosing = false;

  constructor(spec: DeviceSpec, httpUrl: string, onDisconnect: () => void) {
    this.#spec = spec;
    this.#url = `${httpUrl.replace(/^http/, 'ws')}/ocpp/${encodeURIComponent(spec.id)}`;
    this.#onDisconnect = onDisconnect;
  }

  get id(): string {
    return this.#spec.id;
  }

  get isConnected(): boolean {
    return this.#isConnected;
  }

  get isBusy(): boolean {
    const pending = this.#pending;
    if (pending && Date.now() - pending.sinceMs > CALL_TIMEOUT_MS) {
      this.#pending = null;
      pending.done(new Error('call timed out'), '');
    }
    return this.#pending !== null;
  }

  async connect(): Promise<void> {
    const { id, secret } = this.#spec;
    const socket = new WebSocket(this.#url, ['ocpp1.6'], {
      headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` },
      perMessageDeflate: false,
    });
    this.#socket = socket;
    socket.on('message', (data: Buffer) => this.#receive(data.toString()));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => reject(new Error(`OCPP upgrade refused: HTTP ${response.statusCode}`)));
    });
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.#isConnected = false;
      this.#pending?.done(new Error('connection closed'), '');
      this.#pending = null;
      if (this.#isClosing) return;
      this.#onDisconnect();
      setTimeout(() => void this.connect().catch(() => undefined), RECONNECT_MS * (0.5 + Math.random()));
    });
    const boot = bootAnswerSchema.parse(JSON.parse(await this.#call('BootNotification', BOOT_NOTIFICATION)));
    if (boot.status !== 'Accepted') throw new Error(`BootNotification answered ${boot.status}`);
    const nowIso = new Date().toISOString();
    await this.#call('StatusNotification', statusNotification(0, 'Available', nowIso));
    await this.#call('StatusNotification', statusNotification(1, 'Charging', nowIso));
    this.#isConnected = true;
  }

  send(nowIso: string, done: (error: Error | null) => void): void {
    this.#energyWh += 5;
    this.#start('MeterValues', meterValues(nowIso, this.#energyWh), (error) => done(error));
  }

  async close(): Promise<void> {
    this.#isClosing = true;
    const socket = this.#socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000);
      setTimeout(() => {
        socket.terminate();
        resolve();
      }, 2_000).unref();
    });
  }

  #call(action: string, payload: string): Promise<string> {
    return new Promise((resolve, reject) => this.#start(action, payload, (error, answer) => (error ? reject(error) : resolve(answer))));
  }

  #start(action: string, payload: string, done: PendingCall['done']): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || this.#pending) return done(new Error('not ready'), '');
    this.#pending = { done, sinceMs: Date.now() };
    socket.send(`[2,"${this.#idPrefix}-${this.#nextId++}","${action}",${payload}]`);
  }

  #receive(text: string): void {
    // Answers are matched by position (one call at a time); only the rare answer we read is parsed.
    if (text.startsWith('[3,') || text.startsWith('[4,')) {
      const pending = this.#pending;
      this.#pending = null;
      if (!pending) return;
      if (text.startsWith('[4,')) return pending.done(new Error(`CALLERROR ${text.slice(0, 200)}`), '');
      const start = text.indexOf(',', text.indexOf('"', 4) + 1);
      return pending.done(null, text.slice(start + 1, -1));
    }
    // A call from the backend: this lean device implements none.
    const frame = frameSchema.safeParse(JSON.parse(text));
    const messageId = frame.success ? frame.data[1] : undefined;
    if (frame.success && frame.data[0] === 2 && typeof messageId === 'string') {
      this.#socket?.send(JSON.stringify([4, messageId, 'NotImplemented', 'Not implemented by the benchmark', {}]));
    }
  }
}

/** The same charge point through ocpp-rpc (without strict validation): the cost of a full OCPP library. */
export class RpcChargePoint implements LoadDevice {
  readonly kind = 'chargePoint';
  readonly #spec: DeviceSpec;
  readonly #client: RPCClient;
  #energyWh = 0;
  #isCalling = false;
  #isConnected = false;

  constructor(spec: DeviceSpec, httpUrl: string, onDisconnect: () => void) {
    this.#spec = spec;
    this.#client = new RPCClient({
      endpoint: `${httpUrl.replace(/^http/, 'ws')}/ocpp`,
      identity: spec.id,
      password: spec.secret,
      protocols: ['ocpp1.6'],
      strictMode: false,
      strictModeValidators: [],
      reconnect: true,
      maxReconnects: Infinity,
      backoff: { initialDelay: RECONNECT_MS, maxDelay: 10_000, factor: 2, randomisationFactor: 0.5 },
      callTimeoutMs: CALL_TIMEOUT_MS,
      pingIntervalMs: 60_000,
      deferPingsOnActivity: true,
      respondWithDetailedErrors: false,
      callConcurrency: 1,
      maxBadMessages: Infinity,
      wsOpts: { perMessageDeflate: false },
      headers: {},
    });
    this.#client.on('disconnect', () => {
      if (this.#isConnected) onDisconnect();
      this.#isConnected = false;
    });
    this.#client.on('open', () => {
      if (this.#isConnected) return;
      // A reconnection boots again, as a charge point does.
      void this.#boot().catch(() => undefined);
    });
  }

  get id(): string {
    return this.#spec.id;
  }

  get isConnected(): boolean {
    return this.#isConnected;
  }

  get isBusy(): boolean {
    return this.#isCalling;
  }

  async connect(): Promise<void> {
    await this.#client.connect();
    await this.#boot();
  }

  send(nowIso: string, done: (error: Error | null) => void): void {
    this.#energyWh += 5;
    this.#isCalling = true;
    const params: unknown = JSON.parse(meterValues(nowIso, this.#energyWh));
    this.#client.call('MeterValues', params).then(
      () => {
        this.#isCalling = false;
        done(null);
      },
      (error: unknown) => {
        this.#isCalling = false;
        done(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  async close(): Promise<void> {
    await this.#client.close({ code: 1000, force: true }).catch(() => undefined);
  }

  async #boot(): Promise<void> {
    const boot = bootAnswerSchema.parse(await this.#client.call('BootNotification', JSON.parse(BOOT_NOTIFICATION)));
    if (boot.status !== 'Accepted') throw new Error(`BootNotification answered ${boot.status}`);
    const nowIso = new Date().toISOString();
    await this.#client.call('StatusNotification', JSON.parse(statusNotification(0, 'Available', nowIso)));
    await this.#client.call('StatusNotification', JSON.parse(statusNotification(1, 'Charging', nowIso)));
    this.#isConnected = true;
  }
}

