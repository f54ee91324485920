/**
 * The line above a customer's timeline that answers at a glance: "2 reservations · 1 refused (charge
 * point occupied) · 3 commands · 1 failed (unlock: car-00002 offline) · 1 alarm · 1 critical (device fault)".
 */
import { ALARM_TYPE_INFO, type AlarmSeverity } from '../../../shared/alarms.js';
import { COMMAND_STATUSES, type Command } from '../../../shared/commands.js';
import type { CustomerTimeline } from '../../../shared/reservations.js';
import { COMMANDS } from '../../../shared/commands.js';
import { STATUS_WORDS } from '../commands/command-words.js';
import { commandReason, isCommandTrouble, shortReason, type StoryTone } from './story-words.js';

export interface SummaryPart {
  readonly key: string;
  readonly text: string;
  readonly tone: StoryTone;
}

/** Reasons named in one part, at most; the rest are counted. */
const MOST_REASONS = 2;

/** "no commands", "1 command", "3 commands". */
export function countOf(count: number, noun: string): string {
  if (count === 0) return `no ${noun}s`;
  return count === 1 ? `1 ${noun}` : `${count} ${noun}s`;
}

/** Distinct reasons in the order first met: "a, b +2 more". */
function reasonList(reasons: readonly string[]): string {
  const distinct = [...new Set(reasons)];
  const named = distinct.slice(0, MOST_REASONS).join(', ');
  return distinct.length > MOST_REASONS ? `${named} +${distinct.length - MOST_REASONS} more` : named;
}

function commandWhy(command: Command): string {
  const reason = commandReason(command);
  return `${COMMANDS[command.type].label.toLowerCase()}: ${reason ? shortReason(reason) : 'no reason given'}`;
}

const ALARM_PARTS: readonly { readonly severity: AlarmSeverity; readonly tone: StoryTone }[] = [
  { severity: 'critical', tone: 'bad' },
  { severity: 'major', tone: 'warn' },
];

export function storySummary(timeline: CustomerTimeline): SummaryPart[] {
  const parts: SummaryPart[] = [{ key: 'reservations', text: countOf(timeline.reservations.length, 'reservation'), tone: 'plain' }];
  // Commands and alarms are gathered around reservations: without one there is nothing more to say.
  if (timeline.reservations.length === 0) return parts;
  const refused = timeline.reservations.filter((reservation) => reservation.status === 'refused');
  if (refused.length > 0) {
    parts.push({ key: 'refused', text: `${refused.length} refused (${reasonList(refused.map((reservation) => shortReason(reservation.statusReason ?? 'no reason given')))})`, tone: 'bad' });
  }
  const flagged = timeline.reservations.filter((reservation) => reservation.flagReason !== null);
  if (flagged.length > 0) {
    parts.push({ key: 'flagged', text: `${flagged.length} flagged (${reasonList(flagged.map((reservation) => shortReason(reservation.flagReason ?? '')))})`, tone: 'warn' });
  }

  parts.push({ key: 'commands', text: countOf(timeline.commands.length, 'command'), tone: 'plain' });
  for (const status of COMMAND_STATUSES.filter(isCommandTrouble)) {
    const ended = timeline.commands.filter((command) => command.status === status);
    if (ended.length > 0) parts.push({ key: `commands-${status}`, text: `${ended.length} ${STATUS_WORDS[status].toLowerCase()} (${reasonList(ended.map(commandWhy))})`, tone: 'bad' });
  }

  parts.push({ key: 'alarms', text: countOf(timeline.alarms.length, 'alarm'), tone: 'plain' });
  for (const { severity, tone } of ALARM_PARTS) {
    const raised = timeline.alarms.filter((alarm) => alarm.severity === severity);
    if (raised.length > 0) parts.push({ key: `alarms-${severity}`, text: `${raised.length} ${severity} (${reasonList(raised.map((alarm) => ALARM_TYPE_INFO[alarm.type].label.toLowerCase()))})`, tone });
  }
  return parts;
}

/** The summary as one line, for the screen reader's label and for tests. */
export function summaryText(parts: readonly SummaryPart[]): string {
  return parts.map((part) => part.text).join(' · ');
}
