/**
 * How a customer's reservations and the commands sent to their devices read in the support view: which
 * outcomes are trouble, and the reason for each in words (the statuses' names are the commands' and
 * reservations' own, commands/command-words.ts and reservations/reservation-words.ts).
 */
import type { Alarm } from '../../../shared/alarms.js';
import type { Command, CommandStatus } from '../../../shared/commands.js';
import type { Reservation } from '../../../shared/reservations.js';

/** The ends of a command that did not do what the operator asked; a cancellation was someone's choice. */
const COMMAND_TROUBLE: readonly CommandStatus[] = ['rejected', 'failed', 'timedOut', 'expired'];

export function isCommandTrouble(status: CommandStatus): boolean {
  return COMMAND_TROUBLE.includes(status);
}

/** How an entry reads at a glance: went wrong, needs a look, went right, or just happened. */
export type StoryTone = 'bad' | 'warn' | 'good' | 'plain';

export function commandTone(command: Command): StoryTone {
  if (isCommandTrouble(command.status)) return 'bad';
  return command.status === 'succeeded' ? 'good' : 'plain';
}

export function reservationTone(reservation: Reservation): StoryTone {
  if (reservation.status === 'refused') return 'bad';
  if (reservation.flagReason !== null) return 'warn';
  return reservation.status === 'used' ? 'good' : 'plain';
}

/** A critical alarm (a device fault) is as bad as a refusal; a major one (offline) needs a look. */
export function alarmTone(alarm: Pick<Alarm, 'severity'>): StoryTone {
  if (alarm.severity === 'critical') return 'bad';
  return alarm.severity === 'major' ? 'warn' : 'plain';
}

/** Why a command ended as it did: what the device or the backend said when it reached its status. */
export function commandReason(command: Command): string | null {
  for (let index = command.transitions.length - 1; index >= 0; index--) {
    const step = command.transitions[index];
    if (step?.status === command.status && step.detail) return step.detail;
  }
  return null;
}

/**
 * A reason cut to what fits a summary: its first clause, without "The" and "is" — "The charge point is
 * faulted" → "charge point faulted", "car-00002 is offline; Unlock is never kept …" → "car-00002 offline".
 */
export function shortReason(text: string): string {
  const clause = (text.split(/;|\.\s/)[0] ?? text).trim().replace(/\.$/, '');
  const plain = clause.replace(/^the\s+/i, '').replace(/\s+is\s+/i, ' ');
  // A capital that starts a word goes; one of an id or an acronym ("CP-12", "OCPP") stays.
  return /^[A-Z][a-z]/.test(plain) ? plain.charAt(0).toLowerCase() + plain.slice(1) : plain;
}
