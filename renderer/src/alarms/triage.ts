/**
 * Keyboard triage over the shown rows, as pure functions: where the cursor goes, which alarms "a" acts
 * on, whether a comment is needed, and what the backend's answer means in words.
 */
import { ALARM_TYPE_INFO } from '../../../shared/alarms.js';
import type { Alarm } from '../../../shared/alarms.js';

export interface Cursor {
  readonly alarmId: number | null;
  /** Where the cursor was in the list, so that when its alarm leaves (closed, filtered out) it stays put. */
  readonly position: number;
}

export const NO_CURSOR: Cursor = { alarmId: null, position: -1 };

/** The cursor as the rows now stand: on its alarm, or on whatever took its place. */
export function resolveCursor(rowIds: readonly number[], cursor: Cursor): Cursor {
  if (cursor.alarmId === null || rowIds.length === 0) return cursor.alarmId === null ? cursor : NO_CURSOR;
  const position = rowIds.indexOf(cursor.alarmId);
  if (position >= 0) return position === cursor.position ? cursor : { alarmId: cursor.alarmId, position };
  const next = Math.min(Math.max(cursor.position, 0), rowIds.length - 1);
  return { alarmId: rowIds[next] ?? null, position: next };
}

/** j / k: the next or previous row; from nowhere, the first (j) or the last (k). */
export function moveCursor(rowIds: readonly number[], cursor: Cursor, by: 1 | -1): Cursor {
  if (rowIds.length === 0) return NO_CURSOR;
  const current = resolveCursor(rowIds, cursor);
  const position = current.alarmId === null ? (by > 0 ? 0 : rowIds.length - 1) : Math.max(0, Math.min(rowIds.length - 1, current.position + by));
  return { alarmId: rowIds[position] ?? null, position };
}

export interface AcknowledgeTargets {
  /** What "a" acknowledges: the ticked alarms, else the one under the cursor (else the open one). */
  readonly alarms: readonly Alarm[];
  /** Asked for but already acknowledged or gone: not sent, said in words. */
  readonly skipped: number;
}

export function acknowledgeTargets(selection: readonly number[], cursorId: number | null, openId: number | null, lookup: (alarmId: number) => Alarm | undefined): AcknowledgeTargets {
  const single = cursorId ?? openId;
  const asked = selection.length > 0 ? selection : single === null ? [] : [single];
  const alarms = asked.flatMap((alarmId) => {
    const alarm = lookup(alarmId);
    return alarm && !alarm.isAcknowledged && alarm.closedAtMs === null ? [alarm] : [];
  });
  return { alarms, skipped: asked.length - alarms.length };
}

/** Acknowledging a critical alarm takes a comment (the backend refuses it without one). */
export function needsComment(alarms: readonly Alarm[]): boolean {
  return alarms.some((alarm) => alarm.severity === 'critical');
}

/** Keeps only the ticked alarms still worth acting on (an alarm that closed leaves the selection). */
export function pruneSelection(selection: readonly number[], isPresent: (alarmId: number) => boolean): readonly number[] {
  const kept = selection.filter(isPresent);
  return kept.length === selection.length ? selection : kept;
}

/** "#12 Device fault on car-00012". */
export function alarmName(alarm: Pick<Alarm, 'id' | 'type' | 'deviceId'>): string {
  return `#${alarm.id} ${ALARM_TYPE_INFO[alarm.type].label} on ${alarm.deviceId}`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
