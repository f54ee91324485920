/**
 * A simulated car's side of signed commands (shared/car-commands.ts): it checks every command as a
 * real telematics unit must, acts only on those that pass, and answers each on its cmd/ack topic.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { carCommandSchema, signingBytes } from '../../shared/car-commands.js';
import type { CarCommand, CarCommandAck, CarCommandAckStatus, CarCommandType } from '../../shared/car-commands.js';
import { carTopics } from '../../shared/car-protocol.js';
import { COMMANDS } from '../../shared/commands.js';
import type { SimulatedCar } from '../world/car.js';
import type { World } from '../world/world.js';

/**
 * How far issuedAt may be from the car's own clock, either way. The car has no other clock to trust
 * (the backend's time would come over the very channel being checked), so its drift must fit in here:
 * five minutes is where the backend flags a device's clock as far off, so a car whose commands fail
 * for time is one the console already shows with a wrong clock. Delivery is fast: commands are signed
 * when sent, not when queued.
 */
export const COMMAND_WINDOW_MS = 5 * 60_000;
/** Far more than a car gets commands in the ten minutes a nonce may be kept. */
const NONCE_CAPACITY = 256;

export type Verdict = { readonly isValid: true; readonly command: CarCommand } | { readonly isValid: false; readonly reason: string };

export interface CommandVerifierOptions {
  readonly carId: string;
  /** The backend's command key (raw Ed25519, base64url); without one the car refuses every command. */
  readonly publicKey: string | undefined;
  /** The car's own clock, drift included. */
  readonly clock: () => number;
  readonly windowMs?: number;
  readonly nonceCapacity?: number;
}

/** The checks, cheapest first; a nonce is remembered only once the signature says the backend sent it. */
export class CommandVerifier {
  readonly #carId: string;
  readonly #key: KeyObject | null;
  readonly #clock: () => number;
  readonly #windowMs: number;
  readonly #nonces: NonceMemory;

  constructor(options: CommandVerifierOptions) {
    this.#carId = options.carId;
    this.#key = options.publicKey === undefined ? null : createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: options.publicKey }, format: 'jwk' });
    this.#clock = options.clock;
    this.#windowMs = options.windowMs ?? COMMAND_WINDOW_MS;
    this.#nonces = new NonceMemory(options.nonceCapacity ?? NONCE_CAPACITY);
  }

  verify(payload: unknown, topic: string): Verdict {
    if (!this.#key) return rejected('no command key');
    if (topic !== carTopics.command(this.#carId)) return rejected('not for this car');
    const parsed = carCommandSchema.safeParse(payload);
    if (!parsed.success) return rejected('malformed');
    const command = parsed.data;
    if (!isSignedBy(this.#key, this.#carId, command)) return rejected('bad signature');
    if (!COMMANDS[command.type].params.safeParse(command.params).success) return rejected('bad params');
    const nowMs = this.#clock();
    const issuedAtMs = Date.parse(command.issuedAt);
    if (issuedAtMs > nowMs + this.#windowMs) return rejected('too new');
    if (issuedAtMs < nowMs - this.#windowMs || issuedAtMs <= this.#nonces.forgottenUpToMs) return rejected('too old');
    if (command.expiresAt !== undefined && Date.parse(command.expiresAt) <= nowMs) return rejected('expired');
    if (!this.#nonces.remember(command.nonce, issuedAtMs, nowMs - this.#windowMs)) return rejected('replayed');
    return { isValid: true, command };
  }
}

function rejected(reason: string): Verdict {
  return { isValid: false, reason };
}

function isSignedBy(key: KeyObject, carId: string, command: CarCommand): boolean {
  const { signature, ...unsigned } = command;
  return verify(null, signingBytes(carId, unsigned), key, Buffer.from(signature, 'base64url'));
}

/**
 * Nonces of accepted commands, each until its command is too old to pass anyway. When full, the oldest
 * is forgotten early, and nothing issued at or before it passes again: a replay it would have caught.
 */
class NonceMemory {
  readonly #issuedAtMs = new Map<string, number>();
  readonly #capacity: number;
  #forgottenUpToMs = -Infinity;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get forgottenUpToMs(): number {
    return this.#forgottenUpToMs;
  }

  /** False when the nonce was seen before. */
  remember(nonce: string, issuedAtMs: number, oldestValidMs: number): boolean {
    if (this.#issuedAtMs.has(nonce)) return false;
    for (const [seen, seenAtMs] of this.#issuedAtMs) if (seenAtMs < oldestValidMs) this.#forget(seen, seenAtMs);
    if (this.#issuedAtMs.size >= this.#capacity) this.#forgetOldest();
    this.#issuedAtMs.set(nonce, issuedAtMs);
    return true;
  }

  #forgetOldest(): void {
    let oldest: [string, number] | undefined;
    for (const entry of this.#issuedAtMs) if (!oldest || entry[1] < oldest[1]) oldest = entry;
    if (oldest) this.#forget(...oldest);
  }

  #forget(nonce: string, issuedAtMs: number): void {
    this.#issuedAtMs.delete(nonce);
    this.#forgottenUpToMs = Math.max(this.#forgottenUpToMs, issuedAtMs);
  }
}

/** What a command may change in the world; the world owns the car. */
export type CarControls = Pick<World, 'setLocked' | 'setImmobilised'>;

/** What a command may ask of the car's connection. */
export interface CommandLink {
  /** Publishes on the car's cmd/ack topic; resolves when the broker has it. */
  publishAck(ack: CarCommandAck): Promise<void>;
  publishState(): Promise<void>;
  /** Restarts the telematics unit; resolves when it is connected again, from a new boot. */
  reboot(): Promise<void>;
}

export interface CommandReceiverOptions {
  readonly verifier: CommandVerifier;
  readonly controls: CarControls;
  readonly link: CommandLink;
  /** The car's own clock, for the acknowledgements' `at`. */
  readonly clock: () => number;
}

interface Outcome {
  readonly status: Extract<CarCommandAckStatus, 'succeeded' | 'failed'>;
  readonly reason?: string;
}

const SUCCEEDED: Outcome = { status: 'succeeded' };

/** Answers every command it can name: rejected, or accepted then succeeded or failed. */
export class CommandReceiver {
  readonly #car: Readonly<SimulatedCar>;
  readonly #options: CommandReceiverOptions;

  constructor(car: Readonly<SimulatedCar>, options: CommandReceiverOptions) {
    this.#car = car;
    this.#options = options;
  }

  async receive(topic: string, payload: Buffer): Promise<void> {
    const message = parseJson(payload);
    const verdict = this.#options.verifier.verify(message, topic);
    if (!verdict.isValid) {
      // A message without a usable id cannot be answered: nobody could tell which command it was.
      const commandId = commandIdOf(message);
      if (commandId !== undefined) await this.#ack(commandId, 'rejected', verdict.reason);
      return;
    }
    const { commandId, type } = verdict.command;
    await this.#ack(commandId, 'accepted');
    const outcome = await this.#execute(type);
    await this.#ack(commandId, outcome.status, outcome.reason);
  }

  async #execute(type: CarCommandType): Promise<Outcome> {
    const { controls, link } = this.#options;
    const carId = this.#car.id;
    switch (type) {
      case 'lock':
        // As a real car: it cannot lock with a door open, and says so rather than pretend.
        if (this.#car.sensors.doorsOpen.value) return { status: 'failed', reason: 'doors open' };
        controls.setLocked(carId, true);
        return SUCCEEDED;
      case 'unlock':
        controls.setLocked(carId, false);
        return SUCCEEDED;
      case 'immobilise':
      case 'release':
        controls.setImmobilised(carId, type === 'immobilise');
        return SUCCEEDED;
      case 'locate':
        return SUCCEEDED;
      case 'requestState':
        await link.publishState();
        return SUCCEEDED;
      case 'rebootTelematics':
        await link.reboot();
        return SUCCEEDED;
    }
  }

  #ack(commandId: string, status: CarCommandAckStatus, reason?: string): Promise<void> {
    const at = new Date(this.#options.clock()).toISOString();
    return this.#options.link.publishAck({ commandId, status, ...(reason === undefined ? {} : { reason }), at });
  }
}

function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

function commandIdOf(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null || !('commandId' in message)) return undefined;
  const { commandId } = message;
  return typeof commandId === 'string' && commandId.length > 0 && commandId.length <= 64 ? commandId : undefined;
}
