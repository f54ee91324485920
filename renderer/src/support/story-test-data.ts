/** A customer's story for unit tests: plausible reservations and commands, changed by what a test cares about. */
import type { Command, CommandStatus, CommandTransition } from '../../../shared/commands.js';
import type { Reservation } from '../../../shared/reservations.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** 2025-11-27 14:00:00 UTC. */
export const T0 = Date.UTC(2025, 10, 27, 14, 0, 0);

export function testReservation(id: number, patch: Partial<Reservation> = {}): Reservation {
  return {
    id,
    deviceId: 'cp-0001',
    customerRef: 'C-42',
    idTag: 'C-42',
    connectorId: 1,
    startsAtMs: T0,
    endsAtMs: T0 + HOUR,
    status: 'active',
    statusReason: null,
    createdBy: 'dispatcher',
    createdAtMs: T0 - 10 * MINUTE,
    updatedAtMs: T0,
    flaggedAtMs: null,
    flagReason: null,
    ...patch,
  };
}

/** A command that went through `steps`, one second apart from its creation, ending in the last. */
export function testCommand(id: string, steps: readonly (CommandStatus | [CommandStatus, string])[], patch: Partial<Command> = {}): Command {
  const createdAtMs = patch.createdAtMs ?? T0 + 5 * MINUTE;
  const transitions: CommandTransition[] = steps.map((step, index) => {
    const [status, detail] = typeof step === 'string' ? [step, null] : step;
    return { status, atMs: createdAtMs + index * 1000, detail };
  });
  return {
    id,
    deviceId: 'car-0002',
    type: 'unlock',
    params: {},
    status: transitions.at(-1)?.status ?? 'queued',
    operator: 'support',
    createdAtMs,
    expiresAtMs: null,
    batchId: null,
    transitions,
    ...patch,
  };
}
