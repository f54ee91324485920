/**
 * A simulated car's MQTT connection: its own credentials, a last will, presence, and its full state,
 * bent by whatever faults are active on it (simulator/faults); and the signed commands it receives
 * (car-commands.ts).
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'mqtt';
import type { MqttClient } from 'mqtt';
import type { CarCommandAck } from '../../shared/car-commands.js';
import { MAX_BACKLOG_STATES, carTopics } from '../../shared/car-protocol.js';
import type { CarBacklog, CarPresence, CarState } from '../../shared/car-protocol.js';
import { flapped, impossible, lowBattery, reporting, skewed, stuckOdometer } from '../faults/car-faults.js';
import type { FaultKind } from '../faults/fault.js';
import type { FaultRegistry } from '../faults/registry.js';
import { ShareGate } from '../faults/registry.js';
import type { ActiveFault, ActiveFaultOf } from '../faults/registry.js';
import { isRefusedLogin, scheduleBadLogins, wrongPassword } from './bad-logins.js';
import { CommandReceiver, CommandVerifier } from './car-commands.js';
import type { CarControls } from './car-commands.js';
import type { Scheduler } from '../scheduler.js';
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
  readonly keepaliveSeconds: number;
  readonly faults: FaultRegistry;
  readonly scheduler: Scheduler;
  /** The backend's command key (raw Ed25519, base64url); without one the car refuses every command. */
  readonly commandPublicKey: string | undefined;
  readonly controls: CarControls;
}

/** What tests and fault injection may do with one car. */
export interface CarHandle {
  readonly id: string;
  readonly bootId: string;
  readonly sequence: number;
  readonly isConnected: boolean;
  /** States made while out of coverage and not sent yet. */
  readonly backlogSize: number;
  /** Publishes the full state now; resolves when the broker has acknowledged it (QoS 1). */
  publishState(): Promise<void>;
}

const CLOSE_TIMEOUT_MS = 2_000;

function presence(deviceId: string, online: boolean): string {
  return JSON.stringify({ deviceId, online } satisfies CarPresence);
}

export class CarLink implements CarHandle {
  readonly #car: Readonly<SimulatedCar>;
  readonly #options: CarLinkOptions;
  readonly #commands: CommandReceiver;
  #bootId = randomUUID();
  readonly #dropGate = new ShareGate();
  readonly #duplicateGate = new ShareGate();
  #client: MqttClient | null = null;
  #sequence = 0;
  #isConnected = false;
  #isClosing = false;
  /** States made out of coverage, oldest first; null while in coverage. */
  #backlog: CarState[] | null = null;
  /** States from the last out-of-coverage spell, sent first on the next connection. */
  #late: CarState[] = [];
  #lateDelivery: 'history' | 'state' = 'history';
  #isHalfOpen = false;
  /** When the active flapping fault began, so every message agrees on its phase. */
  #flappingSinceMs = 0;
  /** The odometer's reading when a stuckSensor fault began; null when none is active. */
  #frozenOdometerKm: number | null = null;
  /** While a badCredentials fault lasts: logins use a wrong password and are not retried by themselves. */
  #hasWrongPassword = false;

  constructor(car: Readonly<SimulatedCar>, options: CarLinkOptions) {
    this.#car = car;
    this.#options = options;
    const clock = () => this.#carClock();
    this.#commands = new CommandReceiver(car, {
      verifier: new CommandVerifier({ carId: car.id, publicKey: options.commandPublicKey, clock }),
      controls: options.controls,
      link: { publishAck: (ack) => this.#publishAck(ack), publishState: () => this.publishState(), reboot: () => this.#reboot() },
      clock,
    });
  }

  get id(): string {
    return this.#car.id;
  }

  get bootId(): string {
    return this.#bootId;
  }

  get sequence(): number {
    return this.#sequence;
  }

  get isConnected(): boolean {
    return this.#isConnected;
  }

  get backlogSize(): number {
    return (this.#backlog?.length ?? 0) + this.#late.length;
  }

  start(): void {
    if (this.#client) return;
    const { counters } = this.#options;
    const client = connect(this.#options.mqttUrl, {
      clientId: this.#car.id,
      username: this.#car.id,
      password: this.#options.secret,
      clean: true,
      keepalive: this.#options.keepaliveSeconds,
      connectTimeout: 30_000,
      reconnectPeriod: this.#options.reconnectPeriodMs,
      // A car refused once (its address throttled after failed logins) keeps trying, as a real one would.
      reconnectOnConnackError: true,
      // A car that is offline has nothing to say later through this queue; its next full state repairs all.
      queueQoSZero: false,
      will: { topic: carTopics.presence(this.#car.id), payload: Buffer.from(presence(this.#car.id, false)), qos: 1, retain: true },
    });
    this.#client = client;
    client.on('connect', () => {
      if (!this.#isConnected) counters.carsConnected++;
      this.#isConnected = true;
      // Subscribed before it says it is online: the backend sends what it kept for the car on hearing that.
      // A car closing meanwhile has said goodbye already: an "online" after that would be its last word.
      this.#subscribeToCommands(client)
        .then(() => (this.#isClosing ? undefined : this.#publish(carTopics.presence(this.#car.id), presence(this.#car.id, true), true)))
        .then(() => this.#sendLate())
        .then(() => this.publishState())
        .catch((error: unknown) => counters.recordError(error));
    });
    client.on('message', (topic, payload) => {
      this.#commands.receive(topic, payload).catch((error: unknown) => counters.recordError(error));
    });
    client.on('close', () => {
      if (this.#isConnected) counters.carsConnected--;
      this.#isConnected = false;
    });
    client.on('error', (error) => {
      if (this.#hasWrongPassword && isRefusedLogin(error, 'mqtt')) counters.loginsRefused++;
      else counters.recordError(error);
    });
  }

  async publishState(): Promise<void> {
    if (this.#isClosing || this.#isHalfOpen || this.#fault('silent')) return;
    if (this.#backlog === null && !this.#isConnected) return;
    const message = this.#message();
    this.#sequence++;
    // Out of coverage, or still sending what was made then: new states queue behind the old, in order.
    const queue = this.#backlog ?? (this.#late.length > 0 ? this.#late : null);
    if (queue) {
      queue.push(message);
      return;
    }
    const payload = JSON.stringify(message);
    const drop = this.#fault('drop');
    if (drop && this.#dropGate.take(drop.share)) {
      this.#options.counters.messagesDropped++;
      return;
    }
    await this.#publish(carTopics.state(this.#car.id), payload, false);
    const duplicate = this.#fault('duplicate');
    if (duplicate && this.#duplicateGate.take(duplicate.share)) {
      await this.#publish(carTopics.state(this.#car.id), payload, false, true);
    }
  }

  /** A fault on this car started or ended. */
  faultChanged(active: ActiveFault, hasStarted: boolean): void {
    switch (active.fault.kind) {
      case 'backlog':
        this.#lateDelivery = active.fault.delivery;
        if (hasStarted) this.#leaveCoverage();
        else this.#returnToCoverage();
        break;
      case 'silent':
        if (active.fault.mode !== 'halfOpen') break;
        if (hasStarted) this.#goHalfOpen();
        else this.#recoverFromHalfOpen();
        break;
      case 'flapping':
        if (hasStarted) this.#startFlapping(active);
        break;
      case 'reconnectStorm':
        this.#reconnectNow();
        break;
      case 'reportedFault':
        // A fault is news: the car says so at once, and again when it is gone.
        this.publishState().catch(() => undefined);
        break;
      case 'stuckSensor':
        this.#frozenOdometerKm = hasStarted ? Math.round(this.#car.odometerKm * 10) / 10 : null;
        break;
      case 'badCredentials':
        if (hasStarted) this.#startBadLogins({ ...active, fault: active.fault });
        else this.#endBadLogins();
        break;
      default:
        break;
    }
  }

  /** Says goodbye (offline presence) when it can, then disconnects; never waits long for a dead broker. */
  async close(): Promise<void> {
    const client = this.#client;
    if (!client || this.#isClosing) return;
    this.#isClosing = true;
    if (this.#isConnected && !this.#isHalfOpen) {
      await withTimeout(this.#publish(carTopics.presence(this.#car.id), presence(this.#car.id, false), true).catch(() => undefined));
    }
    const isEnded = this.#isHalfOpen ? false : await withTimeout(client.endAsync().then(() => true));
    if (!isEnded) await client.endAsync(true);
    if (this.#isConnected) this.#options.counters.carsConnected--;
    this.#isConnected = false;
  }

  #fault<Kind extends FaultKind>(kind: Kind) {
    return this.#options.faults.find(this.#car.id, 'car', kind);
  }

  #message(): CarState {
    const nowMs = this.#options.now();
    const truth = carStateMessage(this.#car, nowMs, { bootId: this.#bootId, sequence: this.#sequence });
    if (this.#options.faults.isEmpty) return truth;
    const low = this.#options.faults.findActive(this.#car.id, 'car', 'lowBattery');
    const said = lowBattery(stuckOdometer(reporting(truth, this.#fault('reportedFault')), this.#frozenOdometerKm), low?.fault, low?.sinceMs ?? nowMs, nowMs);
    const bent = impossible(flapped(said, this.#fault('flapping'), this.#flappingSinceMs, nowMs), this.#fault('impossible'));
    return skewed(bent, this.#fault('clockSkew'));
  }

  #leaveCoverage(): void {
    if (this.#backlog !== null) return;
    this.#backlog = [];
    // The network is gone, not the car: no DISCONNECT, so the broker publishes the last will.
    this.#client?.end(true);
  }

  #returnToCoverage(): void {
    if (this.#backlog === null || this.#isClosing) return;
    this.#late.push(...this.#backlog);
    this.#backlog = null;
    this.#client?.reconnect();
  }

  /**
   * Everything made out of coverage, in order, before anything new: in `history` batches of at most
   * MAX_BACKLOG_STATES, oldest first, or one late message at a time on `state`.
   */
  async #sendLate(): Promise<void> {
    const batchSize = this.#lateDelivery === 'history' ? MAX_BACKLOG_STATES : 1;
    while (this.#late.length > 0 && this.#isConnected) {
      const states = this.#late.slice(0, batchSize);
      if (this.#lateDelivery === 'history') {
        await this.#publish(carTopics.history(this.#car.id), JSON.stringify({ deviceId: this.#car.id, states } satisfies CarBacklog), false);
      } else {
        await this.#publish(carTopics.state(this.#car.id), JSON.stringify(states[0]), false);
      }
      this.#late.splice(0, states.length);
    }
  }

  #goHalfOpen(): void {
    const client = this.#client;
    if (!client || this.#isHalfOpen) return;
    this.#isHalfOpen = true;
    // Nothing leaves and nothing is read, and the socket is never closed by us: the broker sees silence,
    // not a FIN, and only its keep-alive timeout can tell. Our own keep-alive may give up later; it must
    // not reconnect while the fault lasts.
    client.options.reconnectPeriod = 0;
    client.stream.cork();
    client.stream.pause();
  }

  #recoverFromHalfOpen(): void {
    const client = this.#client;
    if (!client || !this.#isHalfOpen) return;
    this.#isHalfOpen = false;
    client.options.reconnectPeriod = this.#options.reconnectPeriodMs;
    if (!client.stream.destroyed) {
      client.stream.uncork();
      client.stream.resume();
    }
    if (!client.connected && !client.reconnecting) client.reconnect();
  }

  /** One state at every flip, as a car that reports changes would. */
  #startFlapping(active: ActiveFault): void {
    if (active.fault.kind !== 'flapping') return;
    this.#flappingSinceMs = active.sinceMs;
    const everyMs = active.fault.everyMs;
    const { scheduler, faults } = this.#options;
    scheduler.every(active.sinceMs + everyMs, () => everyMs, () => {
      if (this.#isClosing || !faults.list().some((each) => each.id === active.id)) return false;
      this.publishState().catch(() => undefined);
      return true;
    });
  }

  /** Drops the connection and logs in with a wrong password, attempt after attempt, never retrying by itself. */
  #startBadLogins(active: ActiveFaultOf<'badCredentials'>): void {
    const client = this.#client;
    if (!client || this.#isClosing || this.#backlog !== null || this.#isHalfOpen) return;
    this.#hasWrongPassword = true;
    client.options.reconnectPeriod = 0;
    client.options.password = wrongPassword(this.#options.secret);
    const { scheduler, faults } = this.#options;
    scheduleBadLogins(active, scheduler, () => this.#isClosing || !faults.list().some((each) => each.id === active.id), () => {
      // The first attempt ends the session that was up, without DISCONNECT, as a device that reboots.
      if (client.connected) client.end(true, () => client.reconnect());
      else client.reconnect();
    });
  }

  #endBadLogins(): void {
    const client = this.#client;
    if (!client || !this.#hasWrongPassword) return;
    this.#hasWrongPassword = false;
    client.options.password = this.#options.secret;
    client.options.reconnectPeriod = this.#options.reconnectPeriodMs;
    if (!this.#isClosing) client.reconnect();
  }

  /**
   * The car's own clock: its drift, and a skewed-clock fault's, since a car has only the one clock to
   * check commands' times against.
   */
  #carClock(): number {
    return this.#options.now() + this.#car.clockOffsetMs + (this.#fault('clockSkew')?.seconds ?? 0) * 1000;
  }

  /** A clean session forgets subscriptions: again at every connect. A refusal is counted; the car reports on. */
  async #subscribeToCommands(client: MqttClient): Promise<void> {
    try {
      await client.subscribeAsync(carTopics.command(this.#car.id), { qos: 1 });
    } catch (error) {
      this.#options.counters.recordError(error);
    }
  }

  #publishAck(ack: CarCommandAck): Promise<void> {
    return this.#publish(carTopics.commandAck(this.#car.id), JSON.stringify(ack), false);
  }

  /** The telematics unit restarts: the session drops (no DISCONNECT) and comes back from a new boot. */
  #reboot(): Promise<void> {
    const client = this.#client;
    if (!client || this.#isClosing) return Promise.reject(new Error('the car is not connected'));
    this.#bootId = randomUUID();
    this.#sequence = 0;
    const isBack = new Promise<void>((resolve) => client.once('connect', () => resolve()));
    client.end(true, () => client.reconnect());
    return isBack;
  }

  #reconnectNow(): void {
    const client = this.#client;
    if (!client || this.#isClosing || this.#backlog !== null || this.#isHalfOpen) return;
    client.end(true, () => client.reconnect());
  }

  async #publish(topic: string, payload: string, retain: boolean, isDuplicate = false): Promise<void> {
    const client = this.#client;
    if (!client) return;
    try {
      await client.publishAsync(topic, payload, { qos: 1, retain });
      if (isDuplicate) this.#options.counters.messagesDuplicated++;
      else this.#options.counters.messagesSent++;
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
