/**
 * How commands read on screen: a command with its parameters ("Reboot (Hard)"), what a confirmation
 * asks and what will happen, what an offline device means for a command (its queue policy), and each
 * step of a command's life when the backend said nothing more.
 */
import { COMMANDS, type Command, type CommandStatus, type CommandType } from '../../../shared/commands.js';
import type { DeviceKind } from '../../../shared/fleet.js';
import { formatClock, formatCount, formatDuration } from '../ui/format.js';

export const STATUS_WORDS: Readonly<Record<CommandStatus, string>> = {
  queued: 'Queued',
  sent: 'Sent',
  delivered: 'Delivered',
  succeeded: 'Succeeded',
  rejected: 'Rejected',
  failed: 'Failed',
  timedOut: 'Timed out',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

/** One colour per outcome: in progress blue, done green, refused or broken red, no answer amber, withdrawn grey. */
export type CommandTone = 'progress' | 'done' | 'bad' | 'late' | 'withdrawn';

export const STATUS_TONES: Readonly<Record<CommandStatus, CommandTone>> = {
  queued: 'progress',
  sent: 'progress',
  delivered: 'progress',
  succeeded: 'done',
  rejected: 'bad',
  failed: 'bad',
  timedOut: 'late',
  expired: 'withdrawn',
  cancelled: 'withdrawn',
};

/** What a step means when the transition carries no detail of its own. */
const STEP_MEANINGS: Readonly<Record<CommandStatus, string>> = {
  queued: 'Waiting to be sent',
  sent: 'Sent to the device; waiting for its answer',
  delivered: 'The device accepted it; waiting for the result',
  succeeded: 'Done',
  rejected: 'The device refused it',
  failed: 'It could not be done',
  timedOut: 'No answer in time',
  expired: 'The device did not come back in time',
  cancelled: 'Cancelled before it was sent',
};

export function stepDetail(status: CommandStatus, detail: string | null): string {
  return detail ?? STEP_MEANINGS[status];
}

export const KIND_WORDS: Readonly<Record<DeviceKind, { readonly one: string; readonly many: string }>> = {
  car: { one: 'car', many: 'cars' },
  chargePoint: { one: 'charge point', many: 'charge points' },
};

export function countOf(count: number, kind: DeviceKind): string {
  return `${formatCount(count)} ${count === 1 ? KIND_WORDS[kind].one : KIND_WORDS[kind].many}`;
}

/** "Hard", "connector 2", "whole charge point, Inoperative": the params in a few words, or null. */
export function paramsSummary(type: CommandType, params: Readonly<Record<string, unknown>>): string | null {
  const text = (name: string) => {
    const value = params[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  };
  const connector = text('connectorId');
  switch (type) {
    case 'reset':
      return text('type');
    case 'unlockConnector':
      return connector && `connector ${connector}`;
    case 'changeAvailability':
      return `${connector === '0' ? 'whole charge point' : `connector ${connector}`}, ${text('type')}`;
    case 'remoteStart':
      return [`tag ${text('idTag')}`, connector && `connector ${connector}`].filter(Boolean).join(', ');
    case 'remoteStop':
      return `transaction ${text('transactionId')}`;
    case 'triggerMessage':
      return [text('requestedMessage'), connector && `connector ${connector}`].filter(Boolean).join(', ');
    case 'updateFirmware':
      return text('location');
    default:
      return null;
  }
}

/** "Reboot (Hard)", "Lock". */
export function commandName(type: CommandType, params: Readonly<Record<string, unknown>>): string {
  const summary = paramsSummary(type, params);
  return summary ? `${COMMANDS[type].label} (${summary})` : COMMANDS[type].label;
}

/** What a destructive command does to the people and sessions at the device. */
export function consequence(type: CommandType, params: Readonly<Record<string, unknown>>): string {
  switch (type) {
    case 'reset':
      return 'A charging session there stops.';
    case 'unlockConnector':
      return 'The cable there is released; a session on it stops.';
    case 'changeAvailability':
      return params.type === 'Operative' ? 'It takes new sessions again.' : 'It takes no new session until made operative again.';
    case 'remoteStop':
      return 'The customer’s charging session ends.';
    case 'updateFirmware':
      return 'It downloads and installs the firmware, then restarts; a session there stops.';
    case 'unlock':
      return 'Its doors open for whoever is there.';
    case 'rebootTelematics':
      return 'It cannot be reached for a minute or two while its unit restarts.';
    case 'immobilise':
      return 'It cannot be started until it is released.';
    case 'release':
      return 'It can be driven again.';
    default:
      return '';
  }
}

/** "Reboot cp-0042 (Hard)? A charging session there stops." */
export function confirmQuestion(type: CommandType, params: Readonly<Record<string, unknown>>, deviceId: string): string {
  const summary = paramsSummary(type, params);
  const question = `${COMMANDS[type].label} ${deviceId}${summary ? ` (${summary})` : ''}?`;
  const result = consequence(type, params);
  return result ? `${question} ${result}` : question;
}

/** "Reboot 37 charge points (Soft)". */
export function bulkQuestion(type: CommandType, params: Readonly<Record<string, unknown>>, count: number): string {
  const summary = paramsSummary(type, params);
  return `${COMMANDS[type].label} ${countOf(count, COMMANDS[type].kind)}${summary ? ` (${summary})` : ''}`;
}

/** Before sending to an offline device: what its queue policy will do with the command. */
export function offlineNotice(type: CommandType, deviceId: string, nowMs: number): string {
  const spec = COMMANDS[type];
  if (spec.queue === 'never') return `${deviceId} is offline: ${spec.label} would fail at once. It is never kept for later, so that it cannot fire when the device comes back.`;
  return `${deviceId} is offline: ${spec.label} waits for it up to ${formatDuration(spec.expiresAfterMs)} (until ${formatClock(nowMs + spec.expiresAfterMs)}), then expires.`;
}

/** Under a queued command: until when it waits. */
export function waitingNotice(command: Pick<Command, 'status' | 'expiresAtMs'>, nowMs: number): string | null {
  if (command.status !== 'queued' || command.expiresAtMs === null) return null;
  const left = command.expiresAtMs - nowMs;
  return left > 0 ? `Waits for the device until ${formatClock(command.expiresAtMs)} (${formatDuration(left)} left), then expires.` : 'Its time to wait is over; it expires now.';
}

/** The queue policy in a few words, for a command button's tooltip. */
export function policyWords(type: CommandType): string {
  const spec = COMMANDS[type];
  return spec.queue === 'never' ? 'Never kept for an offline device: fails at once.' : `Waits up to ${formatDuration(spec.expiresAfterMs)} for an offline device.`;
}
