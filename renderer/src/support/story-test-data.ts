/** A customer's story for unit tests: plausible reservations and commands, changed by what a test cares about. */
import type { Command } from '../../../shared/commands.js';
import type { Reservation } from '../../../shared/reservations.js';
import { testCommand as baseCommand, type TestStep } from '../commands/command-test-data.js';
import { testReservation as baseReservation } from '../reservations/reservation-test-data.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** 2025-11-27 14:00:00 UTC. */
export const T0 = Date.UTC(2025, 10, 27, 14, 0, 0);

export function testReservation(id: number, patch: Partial<Reservation> = {}): Reservation {
  return baseReservation(id, { startsAtMs: T0, endsAtMs: T0 + HOUR, createdBy: 'dispatcher', createdAtMs: T0 - 10 * MINUTE, updatedAtMs: T0, ...patch });
}

/** A customer's unlock of car-0002, five minutes into the story unless the patch says otherwise. */
export function testCommand(id: string, steps: readonly TestStep[], patch: Partial<Command> = {}): Command {
  return baseCommand(id, steps, { deviceId: 'car-0002', type: 'unlock', params: {}, operator: 'support', createdAtMs: T0 + 5 * MINUTE, ...patch });
}
