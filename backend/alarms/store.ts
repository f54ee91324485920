/**
 * The alarms' SQL: rows to alarms, the detectors' writes (an upsert on the one-open-alarm index), the
 * operators' and the system's updates, and history. Every write returns the alarm as the database now
 * holds it; the service trusts that row, not its own arithmetic.
 */
import type { Alarm, AlarmDetails, AlarmDetail, AlarmEvent, AlarmEventKind, AlarmSeverity, AlarmState, AlarmType } from '../../shared/alarms.js';
import type { DeviceKind } from '../../shared/fleet.js';
import type { Queryable } from '../store/database.js';

export interface AlarmRow {
  id: number;
  device_id: string;
  device_kind: DeviceKind;
  station_id: string | null;
  type: AlarmType;
  severity: AlarmSeverity;
  message: string;
  details: AlarmDetails;
  raised_at: Date;
  last_occurred_at: Date;
  occurrences: number;
  cleared_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  assignee: string | null;
  escalated_at: Date | null;
  is_suppressed: boolean;
  closed_at: Date | null;
  comment_count: number;
  revision: number;
}

interface EventRow {
  id: number;
  alarm_id: number;
  kind: AlarmEventKind;
  at: Date;
  by_operator: string | null;
  text: string | null;
  details: AlarmDetails;
}

/** One change to write to an alarm's history. */
export interface NewAlarmEvent {
  readonly kind: AlarmEventKind;
  readonly atMs: number;
  readonly by: string | null;
  readonly text: string | null;
  readonly details?: AlarmDetails;
}

export const ALARM_COLUMNS = `id, device_id, device_kind, station_id, type, severity, message, details, raised_at, last_occurred_at,
  occurrences, cleared_at, acknowledged_at, acknowledged_by, assignee, escalated_at, is_suppressed, closed_at, comment_count, revision`;

function milliseconds(value: Date | null): number | null {
  return value === null ? null : new Date(value).getTime();
}

export function alarmFromRow(row: AlarmRow): Alarm {
  return {
    id: row.id,
    deviceId: row.device_id,
    deviceKind: row.device_kind,
    stationId: row.station_id,
    type: row.type,
    severity: row.severity,
    message: row.message,
    details: row.details,
    raisedAtMs: new Date(row.raised_at).getTime(),
    lastOccurredAtMs: new Date(row.last_occurred_at).getTime(),
    occurrences: row.occurrences,
    isCleared: row.cleared_at !== null,
    clearedAtMs: milliseconds(row.cleared_at),
    isAcknowledged: row.acknowledged_at !== null,
    acknowledgedAtMs: milliseconds(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    assignee: row.assignee,
    escalatedAtMs: milliseconds(row.escalated_at),
    isSuppressed: row.is_suppressed,
    closedAtMs: milliseconds(row.closed_at),
    commentCount: row.comment_count,
    revision: row.revision,
  };
}

function eventFromRow(row: EventRow): AlarmEvent {
  return { id: row.id, alarmId: row.alarm_id, kind: row.kind, atMs: new Date(row.at).getTime(), by: row.by_operator, text: row.text, details: row.details };
}

/** One change to write, with the alarm it belongs to. */
export interface NewAlarmEventOf extends NewAlarmEvent {
  readonly alarmId: number;
}

/** Many events, of one alarm or of many, in one statement (a burst is one round trip, not hundreds). */
export async function insertEvents(db: Queryable, events: readonly NewAlarmEventOf[]): Promise<void> {
  if (events.length === 0) return;
  const records = events.map((event) => ({
    alarm_id: event.alarmId,
    kind: event.kind,
    at: new Date(event.atMs).toISOString(),
    by_operator: event.by,
    text: event.text,
    details: event.details ?? {},
  }));
  await db.query(
    `INSERT INTO alarm_events (alarm_id, kind, at, by_operator, text, details)
     SELECT alarm_id, kind, at, by_operator, text, details
       FROM jsonb_to_recordset($1::jsonb) AS event (alarm_id bigint, kind text, at timestamptz, by_operator text, text text, details jsonb)`,
    [JSON.stringify(records)],
  );
}

/** What a run of detector changes does to the open alarm of one device and type. */
export interface DetectorWrite {
  readonly deviceId: string;
  readonly deviceKind: DeviceKind;
  readonly stationId: string | null;
  readonly type: AlarmType;
  /** The latest occurrence's. */
  readonly severity: AlarmSeverity;
  readonly message: string;
  readonly details: AlarmDetails;
  /** The first occurrence: when a new alarm was raised. */
  readonly firstOccurredAtMs: number;
  readonly lastOccurredAtMs: number;
  readonly occurrences: number;
  /** When the run ends cleared, its time; null when it ends with the condition present. */
  readonly clearedAtMs: number | null;
  /** Used only when the write makes a new alarm. */
  readonly isSuppressed: boolean;
}

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Raises or updates the open alarm of each (device, type) in one statement, one row per key (the caller
 * guarantees a key appears once). The partial unique index makes the database choose: with no open
 * alarm the row is inserted (a new id, returned at once), with one it is updated, even when another node
 * inserted it a moment ago (its insert waits for ours, or ours for its, then turns into the update).
 * Rows go in key order, so two nodes writing overlapping keys lock them in the same order. `xmax = 0`
 * holds only for a row this statement inserted. The revision counts the changes, each an event:
 * occurrences, the clear, and 'suppressed' for a new alarm or 'closed' for one that closes.
 */
export async function upsertOccurrences(db: Queryable, writes: readonly DetectorWrite[]): Promise<(AlarmRow & { is_new: boolean })[]> {
  if (writes.length === 0) return [];
  const records = [...writes]
    .sort((left, right) => (left.deviceId < right.deviceId ? -1 : left.deviceId > right.deviceId ? 1 : left.type < right.type ? -1 : left.type > right.type ? 1 : 0))
    .map((write) => ({
      device_id: write.deviceId,
      device_kind: write.deviceKind,
      station_id: write.stationId,
      type: write.type,
      severity: write.severity,
      message: write.message,
      details: write.details,
      raised_at: new Date(write.firstOccurredAtMs).toISOString(),
      last_occurred_at: new Date(write.lastOccurredAtMs).toISOString(),
      occurrences: write.occurrences,
      cleared_at: isoOrNull(write.clearedAtMs),
      is_suppressed: write.isSuppressed,
      revision: write.occurrences + (write.clearedAtMs === null ? 0 : 1) + (write.isSuppressed ? 1 : 0),
    }));
  const { rows } = await db.query<AlarmRow & { is_new: boolean }>(
    `INSERT INTO alarms AS alarm (device_id, device_kind, station_id, type, severity, message, details, raised_at, last_occurred_at,
                                  occurrences, cleared_at, is_suppressed, revision)
     SELECT device_id, device_kind, station_id, type, severity, message, details, raised_at, last_occurred_at,
            occurrences, cleared_at, is_suppressed, revision
       FROM jsonb_to_recordset($1::jsonb) AS write (device_id text, device_kind text, station_id text, type text, severity text, message text,
            details jsonb, raised_at timestamptz, last_occurred_at timestamptz, occurrences integer, cleared_at timestamptz,
            is_suppressed boolean, revision integer)
     ON CONFLICT (device_id, type) WHERE closed_at IS NULL DO UPDATE SET
       severity = excluded.severity,
       message = excluded.message,
       details = excluded.details,
       last_occurred_at = greatest(alarm.last_occurred_at, excluded.last_occurred_at),
       occurrences = alarm.occurrences + excluded.occurrences,
       cleared_at = excluded.cleared_at,
       closed_at = CASE WHEN excluded.cleared_at IS NOT NULL AND alarm.acknowledged_at IS NOT NULL
                        THEN greatest(excluded.cleared_at, alarm.acknowledged_at) END,
       revision = alarm.revision + excluded.occurrences + CASE WHEN excluded.cleared_at IS NULL THEN 0 ELSE 1 END
                  + CASE WHEN excluded.cleared_at IS NOT NULL AND alarm.acknowledged_at IS NOT NULL THEN 1 ELSE 0 END
     RETURNING ${ALARM_COLUMNS}, (xmax = 0) AS is_new`,
    [JSON.stringify(records)],
  );
  return [...rows];
}

/** Clears the open, uncleared alarm of each (device, type), closing those acknowledged; returns the alarms changed. */
export async function clearOpenAlarms(db: Queryable, clears: readonly { readonly deviceId: string; readonly type: AlarmType; readonly atMs: number }[]): Promise<AlarmRow[]> {
  if (clears.length === 0) return [];
  const records = clears.map((clear) => ({ device_id: clear.deviceId, type: clear.type, at: new Date(clear.atMs).toISOString() }));
  const { rows } = await db.query<AlarmRow>(
    `UPDATE alarms AS alarm SET
       cleared_at = clear.at,
       closed_at = CASE WHEN alarm.acknowledged_at IS NOT NULL THEN greatest(clear.at, alarm.acknowledged_at) END,
       revision = alarm.revision + 1 + CASE WHEN alarm.acknowledged_at IS NOT NULL THEN 1 ELSE 0 END
     FROM jsonb_to_recordset($1::jsonb) AS clear (device_id text, type text, at timestamptz)
     WHERE alarm.device_id = clear.device_id AND alarm.type = clear.type AND alarm.closed_at IS NULL AND alarm.cleared_at IS NULL
     RETURNING alarm.*`,
    [JSON.stringify(records)],
  );
  return [...rows];
}

export async function openAlarmRows(db: Queryable): Promise<AlarmRow[]> {
  const { rows } = await db.query<AlarmRow>(`SELECT ${ALARM_COLUMNS} FROM alarms WHERE closed_at IS NULL ORDER BY id`);
  return [...rows];
}

/** The alarm locked for the rest of the transaction, so that a decision made on it still holds when written. */
export async function lockAlarm(db: Queryable, alarmId: number): Promise<AlarmRow | undefined> {
  const { rows } = await db.query<AlarmRow>(`SELECT ${ALARM_COLUMNS} FROM alarms WHERE id = $1 FOR UPDATE`, [alarmId]);
  return rows[0];
}

/**
 * Sets columns of one alarm and adds `changes` to its revision. `assignments` are SQL fragments using
 * $2, $3… for `values`; $1 is the alarm's id.
 */
export async function updateAlarm(db: Queryable, alarmId: number, assignments: string, values: readonly (string | number | boolean | Date | null)[], changes: number): Promise<AlarmRow> {
  const { rows } = await db.query<AlarmRow>(
    `UPDATE alarms SET ${assignments}, revision = revision + ${changes} WHERE id = $1 RETURNING ${ALARM_COLUMNS}`,
    [alarmId, ...values],
  );
  const row = rows[0];
  if (!row) throw new Error(`Alarm ${alarmId} vanished while it was being updated`);
  return row;
}

export async function alarmDetail(db: Queryable, alarmId: number): Promise<AlarmDetail | undefined> {
  const { rows } = await db.query<AlarmRow>(`SELECT ${ALARM_COLUMNS} FROM alarms WHERE id = $1`, [alarmId]);
  const row = rows[0];
  if (!row) return undefined;
  const events = await db.query<EventRow>('SELECT id, alarm_id, kind, at, by_operator, text, details FROM alarm_events WHERE alarm_id = $1 ORDER BY id', [alarmId]);
  return { alarm: alarmFromRow(row), events: events.rows.map(eventFromRow) };
}

const STATE_CONDITIONS: Readonly<Record<AlarmState, string>> = {
  active: '(closed_at IS NULL AND cleared_at IS NULL AND acknowledged_at IS NULL)',
  acknowledged: '(closed_at IS NULL AND cleared_at IS NULL AND acknowledged_at IS NOT NULL)',
  cleared: '(closed_at IS NULL AND cleared_at IS NOT NULL AND acknowledged_at IS NULL)',
  closed: '(closed_at IS NOT NULL)',
};

export interface AlarmListQuery {
  readonly fromMs: number;
  readonly toMs: number;
  readonly states?: readonly AlarmState[];
  readonly deviceId?: string;
  readonly limit: number;
  readonly beforeId?: number;
}

/** Alarms raised in [fromMs, toMs), newest first (by id, which only grows), one page. */
export async function listAlarms(db: Queryable, query: AlarmListQuery): Promise<{ alarms: Alarm[]; hasMore: boolean }> {
  const conditions = ['raised_at >= $1', 'raised_at < $2'];
  const values: (string | number | Date)[] = [new Date(query.fromMs), new Date(query.toMs)];
  if (query.states) conditions.push(`(${[...new Set(query.states)].map((state) => STATE_CONDITIONS[state]).join(' OR ')})`);
  if (query.deviceId !== undefined) {
    values.push(query.deviceId);
    conditions.push(`device_id = $${values.length}`);
  }
  if (query.beforeId !== undefined) {
    values.push(query.beforeId);
    conditions.push(`id < $${values.length}`);
  }
  values.push(query.limit + 1);
  const { rows } = await db.query<AlarmRow>(`SELECT ${ALARM_COLUMNS} FROM alarms WHERE ${conditions.join(' AND ')} ORDER BY id DESC LIMIT $${values.length}`, values);
  return { alarms: rows.slice(0, query.limit).map(alarmFromRow), hasMore: rows.length > query.limit };
}
