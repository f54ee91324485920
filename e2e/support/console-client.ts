/**
 * A console as a test drives it without a browser: a socket.io client logged in as the admin that makes
 * any hub call (untyped on the way in, as the hub must take whatever a console sends) and keeps every
 * copy of every command and the newest of every reservation pushed to it, so a test can follow them as
 * consoles see them.
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { Command, CommandStatus } from '../../shared/commands.js';
import { CONSOLE_NAMESPACE } from '../../shared/console-api.js';
import type { ClientToServerEvents, ConsoleAnswers, ConsoleRequestName, ServerToClientEvents } from '../../shared/console-api.js';
import type { Reservation } from '../../shared/reservations.js';
import type { Result } from '../../shared/result.js';
import type { RunningSystem } from './system.js';

export interface ConsoleClient {
  call<Name extends ConsoleRequestName>(name: Name, request: unknown): Promise<Result<ConsoleAnswers[Name]>>;
  /** Like call, but throws the hub's refusal: for the steps a test takes for granted. */
  must<Name extends ConsoleRequestName>(name: Name, request: unknown): Promise<ConsoleAnswers[Name]>;
  /** Every copy of the command pushed so far, in order. */
  copiesOf(command: Command): readonly Command[];
  /** The command's lifecycle in its newest pushed copy (a batched push may carry several steps). */
  stepsOf(command: Command): CommandStatus[];
  /** The newest copy of a reservation pushed so far. */
  reservation(reservationId: number): Reservation | undefined;
  /** Resolves with the newest copy once the command has reached `status`. */
  reaches(command: Command, status: CommandStatus, timeoutMs?: number): Promise<Command>;
  close(): void;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it holds; fails naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export async function connectConsoleClient(system: RunningSystem): Promise<ConsoleClient> {
  const { token } = await system.login();
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${system.url}${CONSOLE_NAMESPACE}`, { auth: { token }, transports: ['websocket'] });
  const seen = new Map<string, Command[]>();
  socket.on('commands:changes', ({ commands }) => {
    for (const command of commands) seen.set(command.id, [...(seen.get(command.id) ?? []), command]);
  });
  const reservations = new Map<number, Reservation>();
  socket.on('reservations:changes', (changes) => {
    for (const reservation of changes.reservations) reservations.set(reservation.id, reservation);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

  function call<Name extends ConsoleRequestName>(name: Name, request: unknown): Promise<Result<ConsoleAnswers[Name]>> {
    const untyped = socket as unknown as { emit(event: string, request: unknown, acknowledge: (answer: Result<ConsoleAnswers[Name]>) => void): void };
    return new Promise((resolve) => untyped.emit(name, request, resolve));
  }
  const copiesOf = (command: Command) => seen.get(command.id) ?? [];
  const stepsOf = (command: Command) => (copiesOf(command).at(-1)?.transitions ?? command.transitions).map((step) => step.status);

  return {
    call,
    async must(name, request) {
      const answer = await call(name, request);
      if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.message}`);
      return answer.value;
    },
    copiesOf,
    stepsOf,
    reservation: (reservationId) => reservations.get(reservationId),
    async reaches(command, status, timeoutMs = 20_000) {
      await until(`${command.type} on ${command.deviceId} to be ${status} (now ${stepsOf(command).join(' → ')})`, () => stepsOf(command).includes(status), timeoutMs);
      const newest = copiesOf(command).at(-1);
      if (!newest) throw new Error('no copy pushed');
      return newest;
    },
    close: () => socket.disconnect(),
  };
}
