/**
 * The operator's alarm actions: each goes to the backend as an acknowledged call, its answer goes into
 * the book at once (the push that follows is then older and ignored), and the outcome is said in words,
 * refusals included, for the bulk bar, the dialog and the panel.
 */
import type { Alarm, AlarmAnswers, AlarmDetail } from '../../../shared/alarms.js';
import type { ConsoleAnswers, ConsoleRequest, ConsoleRequestName } from '../../../shared/console-api.js';
import type { Result } from '../../../shared/result.js';
import { alarmName, plural } from './triage.js';

/** The part of the fleet controller an action needs. */
export interface AlarmRequester {
  request<Name extends ConsoleRequestName>(name: Name, request: ConsoleRequest<Name>): Promise<Result<ConsoleAnswers[Name]>>;
}

/** Where answers go: the alarm book. */
export interface AlarmSink {
  upsert(alarms: readonly Alarm[]): void;
}

export interface Refusal {
  readonly alarmId: number;
  /** "#12 Device fault on car-00012: a comment is required…" */
  readonly text: string;
}

export interface ActionOutcome {
  readonly tone: 'done' | 'partial' | 'failed';
  /** One sentence: what happened. */
  readonly text: string;
  readonly refusals: readonly Refusal[];
  /** The alarms the backend changed. */
  readonly alarms: readonly Alarm[];
}

function failed(verb: string, message: string): ActionOutcome {
  return { tone: 'failed', text: `Could not ${verb}: ${message}`, refusals: [], alarms: [] };
}

export async function acknowledgeAlarms(
  requester: AlarmRequester,
  sink: AlarmSink,
  alarms: readonly Alarm[],
  comment: string,
): Promise<ActionOutcome> {
  const trimmed = comment.trim();
  const answer = await requester.request('alarm:acknowledge', { alarmIds: alarms.map((alarm) => alarm.id), ...(trimmed ? { comment: trimmed } : {}) });
  if (!answer.ok) return failed(alarms.length === 1 ? 'acknowledge the alarm' : `acknowledge ${plural(alarms.length, 'alarm')}`, answer.error.message);
  return acknowledgeOutcome(answer.value, alarms, sink);
}

/** Splits an answer into what was acknowledged and what was refused, with each refusal named. */
export function acknowledgeOutcome(value: AlarmAnswers['alarm:acknowledge'], asked: readonly Alarm[], sink: AlarmSink): ActionOutcome {
  sink.upsert(value.alarms);
  const byId = new Map(asked.map((alarm) => [alarm.id, alarm]));
  const refusals = value.refused.map((refusal) => {
    const alarm = byId.get(refusal.alarmId);
    return { alarmId: refusal.alarmId, text: `${alarm ? alarmName(alarm) : `#${refusal.alarmId}`}: ${refusal.reason}` };
  });
  const done = value.alarms.length;
  if (refusals.length === 0) return { tone: 'done', text: `${plural(done, 'alarm')} acknowledged.`, refusals, alarms: value.alarms };
  const text = done === 0 ? `Not acknowledged: ${plural(refusals.length, 'refusal')}.` : `${plural(done, 'alarm')} acknowledged, ${refusals.length} refused.`;
  return { tone: done === 0 ? 'failed' : 'partial', text, refusals, alarms: value.alarms };
}

export async function assignAlarms(requester: AlarmRequester, sink: AlarmSink, alarmIds: readonly number[], assignee: string | null): Promise<ActionOutcome> {
  const answer = await requester.request('alarm:assign', { alarmIds: [...alarmIds], assignee });
  if (!answer.ok) return failed(alarmIds.length === 1 ? 'assign the alarm' : `assign ${plural(alarmIds.length, 'alarm')}`, answer.error.message);
  sink.upsert(answer.value.alarms);
  const who = assignee === null ? 'nobody' : assignee;
  const missing = alarmIds.length - answer.value.alarms.length;
  const text = `${plural(answer.value.alarms.length, 'alarm')} assigned to ${who}.${missing > 0 ? ` ${missing} could not be (closed meanwhile?).` : ''}`;
  return { tone: missing > 0 ? 'partial' : 'done', text, refusals: [], alarms: answer.value.alarms };
}

export type CommentOutcome = { readonly ok: true; readonly detail: AlarmDetail } | { readonly ok: false; readonly text: string };

export async function commentAlarm(requester: AlarmRequester, sink: AlarmSink, alarmId: number, text: string): Promise<CommentOutcome> {
  const answer = await requester.request('alarm:comment', { alarmId, text: text.trim() });
  if (!answer.ok) return { ok: false, text: `Could not add the comment: ${answer.error.message}` };
  sink.upsert([answer.value.alarm]);
  return { ok: true, detail: answer.value };
}
