/**
 * Commands to devices: what can be sent to which kind, with which parameters, who may send it, whether
 * it may wait for an offline device, how long each step may take, and the lifecycle every command goes
 * through. The backend enforces all of it; the console only offers what it allows.
 */
import { z } from 'zod';
import type { DeviceKind, OperatorRole } from './fleet.js';

/**
 * queued: stored, waiting for the device to be reachable (or for its turn); sent: written to the
 * device's connection; delivered: the device said it accepted the command; succeeded: it did it.
 * rejected: the device refused it; failed: it could not be sent or the device could not do it;
 * timedOut: no answer in time; expired: still queued when its expiry came; cancelled: by an operator.
 */
export const COMMAND_STATUSES = ['queued', 'sent', 'delivered', 'succeeded', 'rejected', 'failed', 'timedOut', 'expired', 'cancelled'] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

export const TERMINAL_STATUSES: readonly CommandStatus[] = ['succeeded', 'rejected', 'failed', 'timedOut', 'expired', 'cancelled'];

export function isTerminal(status: CommandStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/**
 * The moves a command may make. A device that answers after its command timed out still answers: the
 * record then says what truly happened (a late answer), rather than keep a timeout that is no longer true.
 * Nothing leaves queued for sent once expired or cancelled, so nothing fires after its expiry.
 */
const MOVES: Readonly<Record<CommandStatus, readonly CommandStatus[]>> = {
  queued: ['sent', 'failed', 'expired', 'cancelled'],
  sent: ['delivered', 'succeeded', 'rejected', 'failed', 'timedOut'],
  delivered: ['succeeded', 'failed', 'timedOut'],
  timedOut: ['delivered', 'succeeded', 'rejected', 'failed'],
  succeeded: [],
  rejected: [],
  failed: [],
  expired: [],
  cancelled: [],
};

export function canMove(from: CommandStatus, to: CommandStatus): boolean {
  return MOVES[from].includes(to);
}

/** Whether an offline device's command waits for it (until its expiry) or fails at once. */
export type QueuePolicy = 'queue' | 'never';

export type CommandTransport = 'ocpp' | 'mqtt';

export interface CommandSpec<Params extends z.ZodType = z.ZodType> {
  readonly kind: DeviceKind;
  readonly label: string;
  readonly params: Params;
  readonly queue: QueuePolicy;
  /** How long a queued command may wait for its device; only for `queue`. */
  readonly expiresAfterMs: number;
  /** From sent to the device's first answer (accepted or refused). */
  readonly answerTimeoutMs: number;
  /** From the device's acceptance to the result (a reboot's new boot, a firmware install); 0: the answer is the result. */
  readonly completionTimeoutMs: number;
  /** Asks for a confirmation in the console: it interrupts a customer, a session or the device itself. */
  readonly isDestructive: boolean;
  readonly roles: readonly OperatorRole[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const OCPP_ANSWER_MS = 30_000;
const MQTT_ANSWER_MS = 20_000;

const ALL_ROLES: readonly OperatorRole[] = ['admin', 'supervisor', 'dispatcher', 'support'];
const DISPATCH: readonly OperatorRole[] = ['admin', 'supervisor', 'dispatcher'];
const MAINTENANCE: readonly OperatorRole[] = ['admin', 'supervisor'];

const connectorId = z.number().int().min(1).max(16);
const noParams = z.object({}).strict();

/** OCPP 1.6 idTag: CiString20. */
export const idTagSchema = z.string().min(1).max(20);

/** What a charge point can be asked to send now (OCPP 1.6 TriggerMessage, without the firmware ones). */
export const TRIGGERABLE_MESSAGES = ['BootNotification', 'Heartbeat', 'MeterValues', 'StatusNotification'] as const;

/** Whether a command may wait for its offline device, and how long. */
type Policy = { readonly queue: 'never' } | { readonly queue: 'queue'; readonly expiresAfterMs: number };
const NEVER: Policy = { queue: 'never' };
const keptFor = (expiresAfterMs: number): Policy => ({ queue: 'queue', expiresAfterMs });

interface Traits {
  readonly isDestructive: boolean;
  readonly roles: readonly OperatorRole[];
  readonly completionTimeoutMs?: number;
}

function spec<Kind extends DeviceKind, Params extends z.ZodType>(
  kind: Kind,
  label: string,
  params: Params,
  policy: Policy,
  answerTimeoutMs: number,
  traits: Traits,
): CommandSpec<Params> & { readonly kind: Kind } {
  const expiresAfterMs = policy.queue === 'queue' ? policy.expiresAfterMs : 0;
  return { kind, label, params, queue: policy.queue, expiresAfterMs, answerTimeoutMs, completionTimeoutMs: traits.completionTimeoutMs ?? 0, isDestructive: traits.isDestructive, roles: traits.roles };
}

const chargePointCommand = <Params extends z.ZodType>(label: string, params: Params, policy: Policy, traits: Traits) => spec('chargePoint', label, params, policy, OCPP_ANSWER_MS, traits);
/** Car commands take no parameters. */
const carCommand = (label: string, policy: Policy, traits: Traits) => spec('car', label, noParams, policy, MQTT_ANSWER_MS, traits);

export const COMMANDS = {
  // A reboot queued for hours would cut whatever session started meanwhile. Succeeded when it boots again.
  reset: chargePointCommand('Reboot', z.object({ type: z.enum(['Soft', 'Hard']) }).strict(), NEVER, { completionTimeoutMs: 5 * MINUTE, isDestructive: true, roles: DISPATCH }),
  unlockConnector: chargePointCommand('Unlock connector', z.object({ connectorId }).strict(), NEVER, { isDestructive: true, roles: ALL_ROLES }),
  changeAvailability: chargePointCommand(
    'Change availability',
    z.object({ connectorId: z.number().int().min(0).max(16), type: z.enum(['Operative', 'Inoperative']) }).strict(),
    keptFor(15 * MINUTE),
    { isDestructive: true, roles: DISPATCH },
  ),
  // A session that starts when the charge point comes back, long after the customer left, is wrong.
  remoteStart: chargePointCommand('Start charging', z.object({ connectorId: connectorId.optional(), idTag: idTagSchema }).strict(), NEVER, { isDestructive: false, roles: ALL_ROLES }),
  remoteStop: chargePointCommand('Stop charging', z.object({ transactionId: z.number().int() }).strict(), NEVER, { isDestructive: true, roles: ALL_ROLES }),
  triggerMessage: chargePointCommand(
    'Ask for a message',
    z.object({ requestedMessage: z.enum(TRIGGERABLE_MESSAGES), connectorId: connectorId.optional() }).strict(),
    keptFor(5 * MINUTE),
    { isDestructive: false, roles: ALL_ROLES },
  ),
  // Download and install, reported by FirmwareStatusNotification.
  updateFirmware: chargePointCommand(
    'Update firmware',
    z
      .object({
        location: z.url({ protocol: /^(https?|ftps?)$/ }),
        retrieveAtMs: z.number().int().nonnegative().optional(),
        retries: z.number().int().min(0).max(10).optional(),
      })
      .strict(),
    keptFor(24 * HOUR),
    { completionTimeoutMs: 2 * HOUR, isDestructive: true, roles: MAINTENANCE },
  ),
  lock: carCommand('Lock', keptFor(10 * MINUTE), { isDestructive: false, roles: ALL_ROLES }),
  // An unlock that fires when a parked car regains coverage opens it to whoever is there.
  unlock: carCommand('Unlock', NEVER, { isDestructive: true, roles: ALL_ROLES }),
  // Succeeded when the unit reports from a new boot.
  rebootTelematics: carCommand('Reboot telematics', keptFor(30 * MINUTE), { completionTimeoutMs: 5 * MINUTE, isDestructive: true, roles: DISPATCH }),
  locate: carCommand('Flash and horn', NEVER, { isDestructive: false, roles: ALL_ROLES }),
  // Never later: a car immobilised on a motorway when it regains coverage is a danger.
  immobilise: carCommand('Immobilise', NEVER, { isDestructive: true, roles: DISPATCH }),
  release: carCommand('Release', NEVER, { isDestructive: true, roles: DISPATCH }),
  requestState: carCommand('Request state', keptFor(5 * MINUTE), { isDestructive: false, roles: ALL_ROLES }),
} as const satisfies Record<string, CommandSpec>;

export type CommandType = keyof typeof COMMANDS;
export const COMMAND_TYPES = Object.keys(COMMANDS) as CommandType[];
export type CommandParams<Type extends CommandType> = z.infer<(typeof COMMANDS)[Type]['params']>;

export function commandSpec(type: CommandType): CommandSpec {
  return COMMANDS[type];
}

export function transportOf(kind: DeviceKind): CommandTransport {
  return kind === 'chargePoint' ? 'ocpp' : 'mqtt';
}

/** The commands a role may send to a kind of device, in the catalogue's order (the console's command bar). */
export function commandsFor(kind: DeviceKind, role: OperatorRole): CommandType[] {
  return COMMAND_TYPES.filter((type) => COMMANDS[type].kind === kind && (COMMANDS[type].roles as readonly OperatorRole[]).includes(role));
}

export function maySend(role: OperatorRole, type: CommandType): boolean {
  return (COMMANDS[type].roles as readonly OperatorRole[]).includes(role);
}

/** Who may create and cancel reservations. */
export const RESERVATION_ROLES: readonly OperatorRole[] = ALL_ROLES;

/** An operator's request, as the console sends it. */
export const commandRequestSchema = z.object({
  deviceId: z.string().min(1).max(64),
  type: z.enum(COMMAND_TYPES as [CommandType, ...CommandType[]]),
  params: z.record(z.string(), z.unknown()).default({}),
  /** Chosen by the console per click: the same key again is the same command, never a second one. */
  idempotencyKey: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
});
export type CommandRequest = z.infer<typeof commandRequestSchema>;

/** Most devices one bulk command may address: a large station's worth several times over, not the fleet. */
export const MAX_BULK_DEVICES = 2_000;

/**
 * One command to many devices (a box selection, a station, a filter, resolved by the console to ids).
 * Each device gets its own command, keyed `${idempotencyKey}.${deviceId}`, so a retried bulk request makes
 * none twice.
 */
export const bulkCommandRequestSchema = z.object({
  deviceIds: z.array(z.string().min(1).max(64)).min(1).max(MAX_BULK_DEVICES),
  type: z.enum(COMMAND_TYPES as [CommandType, ...CommandType[]]),
  params: z.record(z.string(), z.unknown()).default({}),
  idempotencyKey: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
});
export type BulkCommandRequest = z.infer<typeof bulkCommandRequestSchema>;

/** A bulk command as made: the commands that went, and the devices refused with why. */
export interface BulkCommand {
  readonly batchId: string;
  readonly commands: readonly Command[];
  readonly refused: readonly { readonly deviceId: string; readonly reason: string }[];
}

/** One step of a command's life, as stored and shown. */
export interface CommandTransition {
  readonly status: CommandStatus;
  readonly atMs: number;
  /** What the device or the backend said, in words: "Rejected by the charge point", "Car offline". */
  readonly detail: string | null;
}

export interface Command {
  readonly id: string;
  readonly deviceId: string;
  readonly type: CommandType;
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: CommandStatus;
  readonly operator: string;
  readonly createdAtMs: number;
  /** When a queued command stops waiting; null for never-queue commands. */
  readonly expiresAtMs: number | null;
  /** The bulk command it belongs to, if any. */
  readonly batchId: string | null;
  readonly transitions: readonly CommandTransition[];
}

/** The console's command calls (shared/console-api.ts), each parsed with its schema by the hub. */
export const commandRequests = {
  'command:send': commandRequestSchema,
  /** One command to many devices; progress comes as each command's changes. */
  'command:bulk': bulkCommandRequestSchema,
  /** Cancels a command still waiting for its device. */
  'command:cancel': z.object({ commandId: z.string().min(1).max(64) }),
  /** A device's commands, newest first. */
  'command:history': z.object({ deviceId: z.string().min(1).max(64), limit: z.number().int().min(1).max(200).default(50) }),
} as const;

export interface CommandAnswers {
  'command:send': Command;
  'command:bulk': BulkCommand;
  'command:cancel': Command;
  'command:history': { readonly commands: readonly Command[] };
}

/** Pushed to every console: commands as they now are, each once per window, in their newest form. */
export interface CommandChanges {
  readonly commands: readonly Command[];
}
