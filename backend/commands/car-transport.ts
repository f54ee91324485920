/**
 * Commands to cars over MQTT (docs/device-protocols.md): each command is signed as it is sent, published
 * on the car's `cmd` topic, and followed through the car's answers on `cmd/ack`: accepted (delivered),
 * then succeeded or failed; or rejected, when it failed one of the car's checks and the car did nothing.
 */
import type { Logger } from 'pino';
import { unsignedCarCommandSchema } from '../../shared/car-commands.js';
import type { CarCommandAck } from '../../shared/car-commands.js';
import type { CarGateway } from '../gateways/car-gateway.js';
import type { AcceptedListener } from '../ingest/index.js';
import type { StateCache } from '../state/index.js';
import { freshStamp } from './car-signing.js';
import type { CommandKey } from './car-signing.js';
import type { CommandOutcome, CommandService, CommandTransport } from './service.js';

/**
 * How long a sent command's answers are listened for. A car acts only on a command issued within five
 * minutes of its own clock, and the slowest result (a telematics reboot) is awaited five minutes more:
 * an answer later than this names a command nobody waits for, and is dropped as unknown.
 */
const ANSWERS_KEPT_MS = 15 * 60_000;

export interface CarTransportOptions {
  readonly gateway: Pick<CarGateway, 'publishCommand' | 'onCommandAck'>;
  /** Whether a car is online, and how far its clock is off. */
  readonly state: Pick<StateCache, 'detail'>;
  readonly key: Pick<CommandKey, 'sign'>;
  /** Where the answers after a command's first go (to the command service). */
  readonly follower: Pick<CarCommandFollower, 'answered'>;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface CarTransport extends CommandTransport {
  /** Stops listening to the cars; a command still waiting for its first answer ends timedOut at once. */
  close(): void;
}

interface SentCommand {
  readonly carId: string;
  hasAccepted: boolean;
  /** Settles `send` with the first answer; null once it has. */
  answer: ((outcome: CommandOutcome) => void) | null;
  readonly answerTimer: ReturnType<typeof setTimeout>;
  readonly forgetTimer: ReturnType<typeof setTimeout>;
}

function outcomeOf(ack: CarCommandAck): CommandOutcome {
  switch (ack.status) {
    case 'accepted':
      return { status: 'delivered', detail: 'Accepted by the car' };
    case 'succeeded':
      return { status: 'succeeded', detail: 'Done, says the car' };
    case 'failed':
      return { status: 'failed', detail: ack.reason ? `The car could not do it: ${ack.reason}` : 'The car could not do it' };
    case 'rejected':
      return { status: 'rejected', detail: ack.reason ? `The car refused it: ${ack.reason}` : 'The car refused it' };
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} s`;
}

export function carTransport(options: CarTransportOptions): CarTransport {
  const { gateway, state, key, follower } = options;
  const logger = options.logger.child({ module: 'car-commands' });
  const now = options.now ?? (() => Date.now());
  const sent = new Map<string, SentCommand>();
  let isClosed = false;

  function forget(commandId: string): void {
    const command = sent.get(commandId);
    if (!command) return;
    clearTimeout(command.answerTimer);
    clearTimeout(command.forgetTimer);
    sent.delete(commandId);
  }

  function settle(command: SentCommand, outcome: CommandOutcome): boolean {
    const { answer } = command;
    if (!answer) return false;
    command.answer = null;
    clearTimeout(command.answerTimer);
    answer(outcome);
    return true;
  }

  function heard(carId: string, ack: CarCommandAck): void {
    const command = sent.get(ack.commandId);
    // Only the car a command was sent to speaks for it: another car naming its id is not heard.
    if (!command || command.carId !== carId) {
      logger.debug({ carId, commandId: ack.commandId, status: ack.status }, 'Answer to no command waiting for this car dropped');
      return;
    }
    // A car answers rejected to a second copy of a command it took (QoS 1 may deliver one, anyone who can
    // publish on its topic may replay one): that says nothing of the command it is carrying out.
    if (ack.status === 'rejected' && command.hasAccepted) return;
    if (ack.status === 'accepted') {
      if (command.hasAccepted) return;
      command.hasAccepted = true;
    }
    const outcome = outcomeOf(ack);
    if (ack.status !== 'accepted') forget(ack.commandId);
    if (!settle(command, outcome)) follower.answered(ack.commandId, outcome);
  }

  const stopHearing = gateway.onCommandAck(heard);

  return {
    isReachable: (carId) => state.detail(carId)?.isOnline === true,

    async send(command, answerTimeoutMs) {
      if (isClosed) return { status: 'failed', detail: 'Not sent: the backend is stopping' };
      const carId = command.deviceId;
      const sentAtMs = now();
      // The car judges the deadline by its own clock, so it is given on that clock: a car running fast must
      // not find a fresh command expired, nor one running slow act on it late.
      const clockOffsetMs = state.detail(carId)?.clockOffsetMs ?? 0;
      const deadlineMs = (command.expiresAtMs ?? sentAtMs + answerTimeoutMs) + clockOffsetMs;
      const unsigned = unsignedCarCommandSchema.safeParse({
        commandId: command.id,
        type: command.type,
        params: command.params,
        // Signed now, not when it was queued: a command that waited for its car would arrive too old.
        ...freshStamp(() => sentAtMs),
        expiresAt: new Date(deadlineMs).toISOString(),
      });
      if (!unsigned.success) return { status: 'failed', detail: `Not a car command: ${unsigned.error.issues.map((issue) => issue.message).join('; ')}` };

      const answered = new Promise<CommandOutcome>((resolve) => {
        const tracked: SentCommand = {
          carId,
          hasAccepted: false,
          answer: resolve,
          answerTimer: setTimeout(() => settle(tracked, { status: 'timedOut', detail: `No answer within ${seconds(answerTimeoutMs)}` }), answerTimeoutMs),
          // Answers after a timeout still tell what became of the command, until none can come.
          forgetTimer: setTimeout(() => forget(command.id), Math.max(ANSWERS_KEPT_MS, answerTimeoutMs)).unref(),
        };
        sent.set(command.id, tracked);
      });
      try {
        await gateway.publishCommand(carId, key.sign(carId, unsigned.data));
      } catch (error) {
        const tracked = sent.get(command.id);
        forget(command.id);
        const detail = `Not sent: ${error instanceof Error ? error.message : String(error)}`;
        if (!tracked || !settle(tracked, { status: 'failed', detail })) logger.warn({ carId, commandId: command.id, err: error }, 'Command not published');
      }
      return answered;
    },

    close() {
      if (isClosed) return;
      isClosed = true;
      stopHearing();
      for (const [commandId, command] of [...sent]) {
        forget(commandId);
        settle(command, { status: 'timedOut', detail: 'The backend stopped before the answer came' });
      }
    },
  };
}

/**
 * Tells the command service what cars do: a car back online is owed its queued commands, and a car's
 * answers after its first (a result after "accepted", a late answer after a timeout) are recorded. The
 * transport needs it before the service exists (the service needs the transport), hence `service` is set
 * afterwards.
 */
export class CarCommandFollower {
  service: CommandService | null = null;
  /** Cars heard from since they were last seen to go offline: what they were owed has been sent. */
  readonly #heard = new Set<string>();

  constructor(private readonly logger: Logger) {}

  /**
   * For `Ingest.onAccepted`. What the car says, not its connection, tells that it is ready: a car subscribes
   * to its commands before it publishes its presence, and a command sent before that would be lost. Its
   * presence always counts (a new session); any other message counts when it is the first since the car
   * went offline, as through an external broker after a backend restart, where a car connected all along
   * sends no presence.
   */
  readonly accepted: AcceptedListener = (message, applied) => {
    if (!applied || message.kind !== 'car' || !this.service) return;
    const carId = message.deviceId;
    if (message.channel === 'mqtt:connection' || (message.channel === 'mqtt:presence' && !message.payload.online)) {
      if (!message.payload.online) this.#heard.delete(carId);
      return;
    }
    if (message.channel !== 'mqtt:presence' && this.#heard.has(carId)) return;
    this.#heard.add(carId);
    this.service.deviceReachable(carId).catch((error: unknown) => this.logger.error({ err: error, carId }, 'Queued commands not sent'));
  };

  answered(commandId: string, outcome: CommandOutcome): void {
    this.service?.report(commandId, outcome).catch((error: unknown) => this.logger.error({ err: error, commandId }, 'Command answer not recorded'));
  }
}
