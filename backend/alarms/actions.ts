/**
 * Changes to one alarm made by an operator or by the system's clock, each in one transaction: the alarm
 * is locked, the decision is made on what the database holds (another node may have acted first), and
 * the change, its history and (for operators) its audit row are written together.
 */
import type { Alarm, AlarmDetails } from '../../shared/alarms.js';
import type { Database, Queryable } from '../store/database.js';
import { writeAudit } from './audit.js';
import { insertEvents, lockAlarm, updateAlarm } from './store.js';
import type { AlarmRow, NewAlarmEvent } from './store.js';

export type ActionOutcome =
  | { readonly kind: 'done'; readonly row: AlarmRow }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'notFound' };

/** An outcome once the service has taken the stored row in: a done change carries the alarm as pushed. */
export type ActedOutcome = Exclude<ActionOutcome, { readonly kind: 'done' }> | { readonly kind: 'done'; readonly row: AlarmRow; readonly alarm: Alarm };

const notFound: ActionOutcome = { kind: 'notFound' };

function refused(reason: string): ActionOutcome {
  return { kind: 'refused', reason };
}

interface Change {
  readonly row: AlarmRow;
  readonly assignments: string;
  readonly values: readonly (string | number | boolean | Date | null)[];
  readonly events: readonly NewAlarmEvent[];
}

async function apply(transaction: Queryable, change: Change): Promise<AlarmRow> {
  const row = await updateAlarm(transaction, change.row.id, change.assignments, change.values, change.events.length);
  await insertEvents(
    transaction,
    change.events.map((event) => ({ ...event, alarmId: row.id })),
  );
  return row;
}

export async function acknowledgeAlarm(db: Database, alarmId: number, operator: string, comment: string | null, nowMs: number): Promise<ActionOutcome> {
  return db.transaction(async (transaction) => {
    const row = await lockAlarm(transaction, alarmId);
    if (!row) return notFound;
    if (row.closed_at !== null) return refused('it is closed');
    if (row.acknowledged_at !== null) return refused(`${row.acknowledged_by ?? 'someone'} acknowledged it already`);
    if (row.severity === 'critical' && comment === null) return refused('a critical alarm is acknowledged with a comment saying what was done');
    const isClosing = row.cleared_at !== null;
    const events: NewAlarmEvent[] = [];
    if (comment !== null) events.push({ kind: 'commented', atMs: nowMs, by: operator, text: comment });
    events.push({ kind: 'acknowledged', atMs: nowMs, by: operator, text: comment });
    if (isClosing) events.push({ kind: 'closed', atMs: nowMs, by: operator, text: null });
    const changed = await apply(transaction, {
      row,
      assignments: `acknowledged_at = $2, acknowledged_by = $3, comment_count = comment_count + $4, closed_at = CASE WHEN cleared_at IS NOT NULL THEN $2::timestamptz END`,
      values: [new Date(nowMs), operator, comment === null ? 0 : 1],
      events,
    });
    await writeAudit(transaction, { atMs: nowMs, operator, action: 'alarm:acknowledge', target: `alarm:${alarmId}`, details: { comment, isClosing } });
    return { kind: 'done', row: changed };
  });
}

export async function assignAlarm(db: Database, alarmId: number, operator: string, assignee: string | null, nowMs: number): Promise<ActionOutcome> {
  return db.transaction(async (transaction) => {
    const row = await lockAlarm(transaction, alarmId);
    if (!row) return notFound;
    if (row.closed_at !== null) return refused('it is closed');
    // Assigning to whoever has it already changes nothing, so it leaves no trace.
    if (row.assignee === assignee) return { kind: 'done', row };
    const changed = await apply(transaction, {
      row,
      assignments: 'assignee = $2',
      values: [assignee],
      events: [{ kind: 'assigned', atMs: nowMs, by: operator, text: assignee, details: { previous: row.assignee } }],
    });
    await writeAudit(transaction, { atMs: nowMs, operator, action: 'alarm:assign', target: `alarm:${alarmId}`, details: { assignee, previous: row.assignee } });
    return { kind: 'done', row: changed };
  });
}

/** Closed alarms take comments too: a review often explains an alarm after the fact. */
export async function commentAlarm(db: Database, alarmId: number, operator: string, text: string, nowMs: number): Promise<ActionOutcome> {
  return db.transaction(async (transaction) => {
    const row = await lockAlarm(transaction, alarmId);
    if (!row) return notFound;
    const changed = await apply(transaction, {
      row,
      assignments: 'comment_count = comment_count + 1',
      values: [],
      events: [{ kind: 'commented', atMs: nowMs, by: operator, text }],
    });
    await writeAudit(transaction, { atMs: nowMs, operator, action: 'alarm:comment', target: `alarm:${alarmId}`, details: { text } });
    return { kind: 'done', row: changed };
  });
}

/** Once: a second call (here or on another node) finds it escalated, acknowledged or closed and does nothing. */
export async function escalateAlarm(db: Database, alarmId: number, nowMs: number, details: AlarmDetails): Promise<ActionOutcome> {
  return db.transaction(async (transaction) => {
    const row = await lockAlarm(transaction, alarmId);
    if (!row) return notFound;
    if (row.escalated_at !== null || row.acknowledged_at !== null || row.closed_at !== null || row.severity !== 'critical') return refused('nothing to escalate');
    const changed = await apply(transaction, {
      row,
      assignments: 'escalated_at = $2',
      values: [new Date(nowMs)],
      events: [{ kind: 'escalated', atMs: nowMs, by: null, text: 'Critical and still unacknowledged', details }],
    });
    return { kind: 'done', row: changed };
  });
}

export async function unsuppressAlarm(db: Database, alarmId: number, nowMs: number, details: AlarmDetails): Promise<ActionOutcome> {
  return db.transaction(async (transaction) => {
    const row = await lockAlarm(transaction, alarmId);
    if (!row) return notFound;
    if (!row.is_suppressed || row.closed_at !== null) return refused('not suppressed');
    const changed = await apply(transaction, {
      row,
      assignments: 'is_suppressed = false',
      values: [],
      events: [{ kind: 'unsuppressed', atMs: nowMs, by: null, text: 'The maintenance window ended', details }],
    });
    return { kind: 'done', row: changed };
  });
}
