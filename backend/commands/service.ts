/**
 * Carries out operators' commands, once each, and keeps the truth about them. A command is checked
 * (device, kind, role, parameters), stored under the operator's idempotency key, then sent at once if the
 * device is reachable; otherwise it waits for the device until its expiry, or fails at once when its
 * type must never wait (shared/commands.ts). A device's commands go one after another, in the order they
 * were made. Every move is a conditional update in the store, so a timer, a reconnect and an operator
 * racing for one command cannot both act on it; listeners hear each move (the console hub pushes them).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { COMMANDS, bulkCommandRequestSchema, commandRequestSchema, maySend } from '../../shared/commands.js';
import type { BulkCommand, Command, CommandStatus, CommandType } from '../../shared/commands.js';
import type { OperatorIdentity } from '../../shared/console-api.js';
import type { DeviceKind } from '../../shared/fleet.js';
import { failure, success } from '../../shared/result.js';
import type { Failure, Result } from '../../shared/result.js';
import { writeAudit } from '../alarms/audit.js';
import type { Inventory } from '../inventory/types.js';
import type { Database } from '../store/database.js';
import { commandById, commandsOfDevice, expiredQueued, inFlight, insertCommand, moveCommand, noteProgress, queuedFor } from './store.js';

/** What a device answered to a command, or what became of it on the way. */
export interface CommandOutcome {
  readonly status: Extract<CommandStatus, 'delivered' | 'succeeded' | 'rejected' | 'failed' | 'timedOut'>;
  readonly detail: string | null;
}

/** How commands reach one kind of device (OCPP for charge points, signed MQTT messages for cars). */
export interface CommandTransport {
  isReachable(deviceId: string): boolean;
  /** Sends the command and resolves with the device's first answer, or timedOut after `answerTimeoutMs`. */
  send(command: Command, answerTimeoutMs: number): Promise<CommandOutcome>;
}

export interface CommandServiceOptions {
  readonly db: Database;
  readonly inventory: Pick<Inventory, 'device'>;
  readonly transports: Readonly<Record<DeviceKind, CommandTransport>>;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly newId?: () => string;
  /** How often queued commands are checked for expiry. */
  readonly sweepIntervalMs?: number;
}

export interface CommandService {
  /** An operator's request (unparsed, from the console): the command as stored, or why not. */
  submit(operator: OperatorIdentity, request: unknown): Promise<Result<Command>>;
  /** One command to many devices: each device's command, and the devices refused with why. */
  submitBulk(operator: OperatorIdentity, request: unknown): Promise<Result<BulkCommand>>;
  /** Cancels a command still waiting for its device. */
  cancel(operator: OperatorIdentity, commandId: string): Promise<Result<Command>>;
  /** The device can be reached again: what it is owed goes now, oldest first, unless expired. */
  deviceReachable(deviceId: string): Promise<void>;
  /** The device answered command `commandId` again, after its first answer (a car's "succeeded" after "accepted"). */
  report(commandId: string, outcome: CommandOutcome): Promise<void>;
  /**
   * The device showed the end of a delivered command of one of `types`, without naming it (a new boot
   * after a reset); an outcome still `delivered` is a step of progress on the way (a firmware download).
   */
  complete(deviceId: string, types: readonly CommandType[], outcome: CommandOutcome): Promise<void>;
  history(deviceId: string, limit?: number): Promise<Command[]>;
  onChange(listener: (command: Command) => void): () => void;
  /** Marks expired what waited past its expiry; runs by itself every sweepIntervalMs once started. */
  sweep(): Promise<void>;
  /** Closes what the last run left on its way, and starts the expiry sweep. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_SWEEP_INTERVAL_MS = 5_000;
/** Devices of a bulk command stored at once: enough to overlap round trips, few enough not to crowd out other work. */
const BULK_CONCURRENCY = 32;

function formatWait(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

export function createCommandService(options: CommandServiceOptions): CommandService {
  const { db, inventory, transports } = options;
  const logger = options.logger.child({ module: 'commands' });
  const now = options.now ?? (() => Date.now());
  const newId = options.newId ?? (() => randomUUID());
  const listeners = new Set<(command: Command) => void>();
  /** Per device, the end of the chain of its sends: one command at a time, in order. */
  const lanes = new Map<string, Promise<void>>();
  /** Commands sent and not yet answered, until their first answer is written: later answers wait for it. */
  const firstAnswers = new Map<string, Promise<void>>();
  /** Delivered commands waiting for their result, by id. */
  const completions = new Map<string, ReturnType<typeof setTimeout>>();
  let sweepTimer: ReturnType<typeof setInterval> | null = null;
  let isClosed = false;

  function announce(command: Command | null): Command | null {
    if (command) for (const listener of listeners) listener(command);
    return command;
  }

  async function move(id: string, to: CommandStatus, detail: string | null): Promise<Command | null> {
    return announce(await moveCommand(db, { id, to, detail, atMs: now() }));
  }

  function inLane(deviceId: string, work: () => Promise<void>): Promise<void> {
    const next = (lanes.get(deviceId) ?? Promise.resolve()).then(work).catch((error: unknown) => logger.error({ err: error, deviceId }, 'Command send failed'));
    lanes.set(deviceId, next);
    void next.finally(() => {
      if (lanes.get(deviceId) === next) lanes.delete(deviceId);
    });
    return next;
  }

  async function send(command: Command): Promise<void> {
    if (isClosed) return;
    const spec = COMMANDS[command.type];
    const transport = transports[spec.kind];
    // Taken from queued only if its expiry has not come (the store checks): nothing fires late.
    const sent = await move(command.id, 'sent', null);
    if (!sent) return;
    let firstAnswerWritten = () => {};
    firstAnswers.set(command.id, new Promise((resolve) => (firstAnswerWritten = resolve)));
    try {
      const outcome = await transport.send(sent, spec.answerTimeoutMs).catch((error: unknown): CommandOutcome => ({ status: 'failed', detail: `Could not send: ${String(error)}` }));
      const moved = await move(command.id, outcome.status, outcome.detail);
      // Accepted is not done: the result comes later (report or complete), or the command times out.
      if (moved?.status === 'delivered') awaitCompletion(moved, spec.completionTimeoutMs > 0 ? spec.completionTimeoutMs : spec.answerTimeoutMs);
    } finally {
      firstAnswers.delete(command.id);
      firstAnswerWritten();
    }
  }

  function awaitCompletion(command: Command, timeoutMs: number): void {
    completions.set(
      command.id,
      setTimeout(() => {
        completions.delete(command.id);
        void move(command.id, 'timedOut', `Accepted, but no result within ${formatWait(timeoutMs)}`);
      }, timeoutMs),
    );
  }

  function refuse(operator: OperatorIdentity, code: 'forbidden', message: string, details: Record<string, unknown>): Promise<Failure> {
    // A refusal is audited too: who tried what is worth knowing.
    return db
      .transaction((transaction) => writeAudit(transaction, { atMs: now(), operator: operator.username, action: 'command:refused', target: typeof details.deviceId === 'string' ? `device:${details.deviceId}` : null, details: { ...details, reason: message } }))
      .then(() => failure(code, message));
  }

  function describe(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[], whole: string): string {
    return issues.map((issue) => `${issue.path.map(String).join('.') || whole}: ${issue.message}`).join('; ');
  }

  /** A checked request's command for one device: stored once per key, then sent, kept, or failed at once. */
  async function make(operator: OperatorIdentity, deviceId: string, type: CommandType, params: Readonly<Record<string, unknown>>, idempotencyKey: string, batchId: string | null): Promise<Result<Command>> {
    const spec = COMMANDS[type];
    const device = inventory.device(deviceId);
    if (!device) return failure('notFound', `There is no device ${deviceId}.`);
    if (device.kind !== spec.kind) return failure('invalid', `${spec.label} is for ${spec.kind === 'car' ? 'cars' : 'charge points'}; ${device.id} is a ${device.kind === 'car' ? 'car' : 'charge point'}.`);
    const atMs = now();
    const stored = await insertCommand(db, {
      id: newId(),
      deviceId: device.id,
      type,
      params,
      operator: operator.username,
      idempotencyKey,
      atMs,
      expiresAtMs: spec.queue === 'queue' ? atMs + spec.expiresAfterMs : null,
      batchId,
    });
    const { command } = stored;
    if (!stored.isNew) {
      const isSame = command.deviceId === device.id && command.type === type && JSON.stringify(command.params) === JSON.stringify(params);
      return isSame ? success(command) : failure('conflict', `This request's key was already used for ${COMMANDS[command.type].label} to ${command.deviceId}; a new command needs a new key.`);
    }
    announce(command);
    if (transports[spec.kind].isReachable(device.id)) {
      void inLane(device.id, () => send(command));
      return success(command);
    }
    if (spec.queue === 'never') {
      const failed = await move(command.id, 'failed', `${device.id} is offline; ${spec.label} is never kept for later, so that it cannot fire when the device comes back.`);
      return success(failed ?? command);
    }
    return success(command);
  }

  async function submit(operator: OperatorIdentity, raw: unknown): Promise<Result<Command>> {
    const parsed = commandRequestSchema.safeParse(raw);
    if (!parsed.success) return failure('invalid', `Not a command request: ${describe(parsed.error.issues, 'request')}`);
    const request = parsed.data;
    const spec = COMMANDS[request.type];
    if (!maySend(operator.role, request.type)) {
      if (!inventory.device(request.deviceId)) return failure('notFound', `There is no device ${request.deviceId}.`);
      return refuse(operator, 'forbidden', `The ${operator.role} role may not send ${spec.label}.`, { deviceId: request.deviceId, type: request.type });
    }
    const params = spec.params.safeParse(request.params);
    if (!params.success) return failure('invalid', `${spec.label}: ${describe(params.error.issues, 'parameters')}`);
    return make(operator, request.deviceId, request.type, params.data, request.idempotencyKey, null);
  }

  async function submitBulk(operator: OperatorIdentity, raw: unknown): Promise<Result<BulkCommand>> {
    const parsed = bulkCommandRequestSchema.safeParse(raw);
    if (!parsed.success) return failure('invalid', `Not a bulk command request: ${describe(parsed.error.issues, 'request')}`);
    const request = parsed.data;
    const spec = COMMANDS[request.type];
    if (!maySend(operator.role, request.type)) return refuse(operator, 'forbidden', `The ${operator.role} role may not send ${spec.label}.`, { devices: request.deviceIds.length, type: request.type });
    const params = spec.params.safeParse(request.params);
    if (!params.success) return failure('invalid', `${spec.label}: ${describe(params.error.issues, 'parameters')}`);
    // The operator and key name the batch: a retried request finds the same batch and the same commands.
    const batchId = `${operator.username}/${request.idempotencyKey}`;
    const commands: Command[] = [];
    const refused: { deviceId: string; reason: string }[] = [];
    const deviceIds = [...new Set(request.deviceIds)];
    for (let from = 0; from < deviceIds.length; from += BULK_CONCURRENCY) {
      const chunk = deviceIds.slice(from, from + BULK_CONCURRENCY);
      const results = await Promise.all(chunk.map((deviceId) => make(operator, deviceId, request.type, params.data, `${request.idempotencyKey}/${deviceId}`, batchId)));
      results.forEach((result, index) => {
        if (result.ok) commands.push(result.value);
        else refused.push({ deviceId: chunk[index] ?? '', reason: result.error.message });
      });
    }
    return success({ batchId, commands, refused });
  }

  async function cancel(operator: OperatorIdentity, commandId: string): Promise<Result<Command>> {
    const command = await commandById(db, commandId);
    if (!command) return failure('notFound', `There is no command ${commandId}.`);
    if (!maySend(operator.role, command.type)) return refuse(operator, 'forbidden', `The ${operator.role} role may not cancel ${COMMANDS[command.type].label}.`, { deviceId: command.deviceId, commandId });
    const cancelled = await move(commandId, 'cancelled', `Cancelled by ${operator.username}`);
    if (cancelled) return success(cancelled);
    const current = await commandById(db, commandId);
    return failure('conflict', `The command is ${current?.status ?? 'gone'}: only a command still waiting for its device can be cancelled.`);
  }

  async function deviceReachable(deviceId: string): Promise<void> {
    await inLane(deviceId, async () => {
      for (const command of await queuedFor(db, deviceId)) {
        if (command.expiresAtMs !== null && command.expiresAtMs <= now()) await move(command.id, 'expired', 'Expired before the device could be reached');
        else await send(command);
      }
    });
  }

  async function report(commandId: string, outcome: CommandOutcome): Promise<void> {
    // A second answer can come before the first is written (a car acks "accepted" and "succeeded" at once):
    // it waits, so that the history keeps both in order and no completion timer outlives the command.
    await firstAnswers.get(commandId);
    const timer = completions.get(commandId);
    if (timer) clearTimeout(timer);
    completions.delete(commandId);
    await move(commandId, outcome.status, outcome.detail);
  }

  async function complete(deviceId: string, types: readonly CommandType[], outcome: CommandOutcome): Promise<void> {
    for (const command of await commandsOfDevice(db, deviceId, 20)) {
      if (!types.includes(command.type)) continue;
      if (outcome.status === 'delivered') {
        if (command.status === 'delivered' && outcome.detail !== null) announce(await noteProgress(db, command.id, now(), outcome.detail));
      } else if (command.status === 'delivered' || command.status === 'timedOut') await report(command.id, outcome);
    }
  }

  async function sweep(): Promise<void> {
    for (const command of await expiredQueued(db, now())) await move(command.id, 'expired', 'Expired before the device could be reached');
  }

  async function start(): Promise<void> {
    // Their answers, if any came, were lost with the last run's connections: say so rather than wait forever.
    for (const command of await inFlight(db)) await move(command.id, 'timedOut', 'The backend restarted before the answer came');
    const interval = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    sweepTimer = setInterval(() => {
      sweep().catch((error: unknown) => logger.error({ err: error }, 'Command expiry sweep failed'));
    }, interval);
  }

  async function close(): Promise<void> {
    isClosed = true;
    if (sweepTimer) clearInterval(sweepTimer);
    for (const timer of completions.values()) clearTimeout(timer);
    completions.clear();
    await Promise.allSettled([...lanes.values()]);
  }

  return {
    submit,
    submitBulk,
    cancel,
    deviceReachable,
    report,
    complete,
    history: (deviceId, limit) => commandsOfDevice(db, deviceId, limit),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sweep,
    start,
    close,
  };
}
