/**
 * A bulk command's progress as the operator reads it: each device's command where it now is, and counts
 * by outcome ("30 succeeded · 4 waiting · 3 failed"), with the devices refused at the start counted too.
 */
import { isTerminal, type BulkCommand, type Command, type CommandStatus } from '../../../shared/commands.js';
import { formatCount } from '../ui/format.js';
import { stepDetail } from './command-words.js';

/** In reading order: how many are done, then how many still go, then what went wrong. */
export const PROGRESS_GROUPS = ['succeeded', 'inProgress', 'waiting', 'failed', 'cancelled', 'refused'] as const;
export type ProgressGroup = (typeof PROGRESS_GROUPS)[number];

export const GROUP_WORDS: Readonly<Record<ProgressGroup, string>> = {
  succeeded: 'succeeded',
  inProgress: 'in progress',
  waiting: 'waiting',
  failed: 'failed',
  cancelled: 'cancelled',
  refused: 'refused',
};

export const GROUP_OF: Readonly<Record<CommandStatus, ProgressGroup>> = {
  queued: 'waiting',
  sent: 'inProgress',
  delivered: 'inProgress',
  succeeded: 'succeeded',
  rejected: 'failed',
  failed: 'failed',
  timedOut: 'failed',
  expired: 'failed',
  cancelled: 'cancelled',
};

export interface DeviceProgress {
  readonly deviceId: string;
  /** Null for a device refused before any command was made for it. */
  readonly status: CommandStatus | null;
  readonly group: ProgressGroup;
  readonly detail: string;
  /** When it reached its status (server time); null when refused. */
  readonly atMs: number | null;
}

export interface BulkProgress {
  readonly rows: readonly DeviceProgress[];
  readonly counts: Readonly<Record<ProgressGroup, number>>;
  readonly total: number;
  /** Every command has ended. */
  readonly isFinished: boolean;
}

const byDevice = (left: DeviceProgress, right: DeviceProgress) => left.deviceId.localeCompare(right.deviceId, 'en', { numeric: true });

/** The batch's commands (newest copies, from the book) and its refusals, one row per device in device order. */
export function bulkProgress(commands: readonly Command[], refused: BulkCommand['refused']): BulkProgress {
  const counts: Record<ProgressGroup, number> = { succeeded: 0, inProgress: 0, waiting: 0, failed: 0, cancelled: 0, refused: 0 };
  const rows: DeviceProgress[] = [];
  let isFinished = true;
  for (const command of commands) {
    const last = command.transitions.at(-1);
    const group = GROUP_OF[command.status];
    counts[group] += 1;
    if (!isTerminal(command.status)) isFinished = false;
    rows.push({ deviceId: command.deviceId, status: command.status, group, detail: stepDetail(command.status, last?.detail ?? null), atMs: last?.atMs ?? command.createdAtMs });
  }
  for (const refusal of refused) {
    counts.refused += 1;
    rows.push({ deviceId: refusal.deviceId, status: null, group: 'refused', detail: refusal.reason, atMs: null });
  }
  return { rows: rows.sort(byDevice), counts, total: rows.length, isFinished };
}

/** "30 succeeded · 4 waiting · 3 failed": the groups that have devices, in reading order. */
export function progressSummary(counts: Readonly<Record<ProgressGroup, number>>): string {
  const parts = PROGRESS_GROUPS.filter((group) => counts[group] > 0).map((group) => `${formatCount(counts[group])} ${GROUP_WORDS[group]}`);
  return parts.length > 0 ? parts.join(' · ') : 'nothing yet';
}
