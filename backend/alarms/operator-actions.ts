/**
 * What operators do with alarms and maintenance windows, and what they read. Each action checks the
 * operator's role first (ALARM_PERMISSIONS), then changes one alarm at a time in that alarm's queue, so
 * a refusal of one alarm in a bulk call leaves the others to go through.
 */
import { mayDo } from '../../shared/alarms.js';
import type { Alarm, AlarmAction, AlarmAnswers, AlarmDetail, AlarmReview, MaintenanceWindow } from '../../shared/alarms.js';
import type { OperatorIdentity } from '../../shared/console-api.js';
import type { Failure, Result } from '../../shared/result.js';
import { failure, success } from '../../shared/result.js';
import type { Inventory } from '../inventory/types.js';
import type { Operators } from '../operators/operators.js';
import type { Database } from '../store/database.js';
import { acknowledgeAlarm, assignAlarm, commentAlarm } from './actions.js';
import type { ActedOutcome, ActionOutcome } from './actions.js';
import type { MaintenanceBook, NewMaintenanceWindow } from './maintenance.js';
import { reviewAlarms } from './review.js';
import { alarmDetail, listAlarms } from './store.js';
import type { AlarmListQuery } from './store.js';

export type OperatorDirectory = Pick<Operators, 'find' | 'list'>;

type AcknowledgeAnswer = AlarmAnswers['alarm:acknowledge'];
type AssignAnswer = AlarmAnswers['alarm:assign'];

export interface OperatorActions {
  /** An alarm (open or closed) with its whole history, oldest first. */
  get(alarmId: number): Promise<Result<AlarmDetail>>;
  /** Each alarm separately: a critical one without a comment is refused, the others still go. */
  acknowledge(operator: OperatorIdentity, alarmIds: readonly number[], comment?: string): Promise<Result<AcknowledgeAnswer>>;
  /** To an existing operator, or to nobody (null). Alarms that are closed or unknown are left out of the answer. */
  assign(operator: OperatorIdentity, alarmIds: readonly number[], assignee: string | null): Promise<Result<AssignAnswer>>;
  comment(operator: OperatorIdentity, alarmId: number, text: string): Promise<Result<AlarmDetail>>;
  list(query: AlarmListQuery): Promise<AlarmAnswers['alarm:list']>;
  review(fromMs: number, toMs: number, bucketMs: number): Promise<AlarmReview>;
  assignees(): Promise<AlarmAnswers['alarm:assignees']>;
  createMaintenance(operator: OperatorIdentity, window: NewMaintenanceWindow): Promise<Result<MaintenanceWindow>>;
  /** Ends a current or future window now; its alarms that no other window covers are unsuppressed. */
  endMaintenance(operator: OperatorIdentity, windowId: number): Promise<Result<MaintenanceWindow>>;
}

export interface OperatorActionContext {
  readonly db: Database;
  readonly inventory: Pick<Inventory, 'device' | 'station'>;
  readonly operators: OperatorDirectory;
  readonly now: () => number;
  readonly maintenance: MaintenanceBook;
  /** Runs a change of one alarm in its queue and takes the stored row in (see service.ts). */
  readonly act: (alarmId: number, work: () => Promise<ActionOutcome>) => Promise<ActedOutcome>;
  /** After a window was created or ended (`endedWindowIds`). */
  readonly onMaintenanceChanged: (endedWindowIds: readonly number[]) => void;
}

const ACTION_WORDS: Readonly<Record<AlarmAction, string>> = {
  comment: 'comment on alarms',
  acknowledge: 'acknowledge alarms',
  assign: 'assign alarms',
  maintenance: 'plan or end maintenance windows',
};

function forbidden(operator: OperatorIdentity, action: AlarmAction): Failure | null {
  return mayDo(operator.role, action) ? null : failure('forbidden', `The ${operator.role} role may not ${ACTION_WORDS[action]}.`);
}

function unique(ids: readonly number[]): number[] {
  return [...new Set(ids)];
}

export function createOperatorActions(context: OperatorActionContext): OperatorActions {
  const { db, inventory, now, act } = context;

  return {
    async get(alarmId) {
      const detail = await alarmDetail(db, alarmId);
      return detail ? success(detail) : failure('notFound', `No alarm with id ${alarmId}`);
    },

    async acknowledge(operator, alarmIds, comment) {
      const refusal = forbidden(operator, 'acknowledge');
      if (refusal) return refusal;
      const text = comment?.trim() || null;
      const outcomes = await Promise.all(
        unique(alarmIds).map(async (alarmId) => ({ alarmId, outcome: await act(alarmId, () => acknowledgeAlarm(db, alarmId, operator.username, text, now())) })),
      );
      const alarms: Alarm[] = [];
      const refused: { alarmId: number; reason: string }[] = [];
      for (const { alarmId, outcome } of outcomes) {
        if (outcome.kind === 'done') alarms.push(outcome.alarm);
        else refused.push({ alarmId, reason: outcome.kind === 'notFound' ? 'there is no such alarm' : outcome.reason });
      }
      return success({ alarms, refused });
    },

    async assign(operator, alarmIds, assignee) {
      const refusal = forbidden(operator, 'assign');
      if (refusal) return refusal;
      const target = assignee === null ? undefined : await context.operators.find(assignee);
      if (assignee !== null && !target) return failure('invalid', `No operator is named ${assignee}`);
      const username = target?.username ?? null;
      const outcomes = await Promise.all(unique(alarmIds).map((alarmId) => act(alarmId, () => assignAlarm(db, alarmId, operator.username, username, now()))));
      const alarms = outcomes.flatMap((outcome) => (outcome.kind === 'done' ? [outcome.alarm] : []));
      if (alarms.length === 0) return failure('notFound', 'None of these alarms is open');
      return success({ alarms });
    },

    async comment(operator, alarmId, text) {
      const refusal = forbidden(operator, 'comment');
      if (refusal) return refusal;
      const outcome = await act(alarmId, () => commentAlarm(db, alarmId, operator.username, text.trim(), now()));
      if (outcome.kind !== 'done') return failure('notFound', `No alarm with id ${alarmId}`);
      const detail = await alarmDetail(db, alarmId);
      return detail ? success(detail) : failure('notFound', `No alarm with id ${alarmId}`);
    },

    list: (query) => listAlarms(db, query),

    review: (fromMs, toMs, bucketMs) => reviewAlarms(db, fromMs, toMs, bucketMs),

    async assignees() {
      const operators = await context.operators.list();
      return { operators: operators.map(({ username, role }) => ({ username, role })) };
    },

    async createMaintenance(operator, window) {
      const refusal = forbidden(operator, 'maintenance');
      if (refusal) return refusal;
      if (window.deviceId !== undefined && !inventory.device(window.deviceId)) return failure('notFound', `No device with id ${window.deviceId}`);
      if (window.stationId !== undefined && !inventory.station(window.stationId)) return failure('notFound', `No station with id ${window.stationId}`);
      const nowMs = now();
      if (window.endsAtMs <= nowMs) return failure('invalid', 'A maintenance window must end in the future');
      const created = await context.maintenance.create(operator.username, window, nowMs);
      context.onMaintenanceChanged([]);
      return success(created);
    },

    async endMaintenance(operator, windowId) {
      const refusal = forbidden(operator, 'maintenance');
      if (refusal) return refusal;
      const outcome = await context.maintenance.end(operator.username, windowId, now());
      if (outcome.kind === 'notFound') return failure('notFound', `No maintenance window with id ${windowId}`);
      if (outcome.kind === 'over') return failure('conflict', `Maintenance window ${windowId} is already over`);
      context.onMaintenanceChanged([windowId]);
      return success(outcome.window);
    },
  };
}
