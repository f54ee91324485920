/**
 * The reservations' SQL. Whether two reservations may hold one device at once is the database's
 * decision (an exclusion constraint), not a check made here first: a check and an insert in two steps
 * let two concurrent requests both pass. A refused insert is explained by the reservation it collided with.
 * Every change is audited in its own transaction.
 */
import { HOLDING_STATUSES } from '../../shared/reservations.js';
import type { Reservation, ReservationStatus } from '../../shared/reservations.js';
import { failure, success } from '../../shared/result.js';
import type { Result } from '../../shared/result.js';
import { writeAudit } from '../alarms/audit.js';
import { FOREIGN_KEY_VIOLATION, sqlState } from '../inventory/device-changes.js';
import type { Database, Queryable } from '../store/database.js';

/** SQLSTATE of a row that an exclusion constraint refused. */
export const EXCLUSION_VIOLATION = '23P01';

interface ReservationRow {
  id: number | string;
  device_id: string;
  customer_ref: string;
  id_tag: string | null;
  connector_id: number | null;
  starts_at: Date;
  ends_at: Date;
  status: ReservationStatus;
  status_reason: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  flagged_at: Date | null;
  flag_reason: string | null;
}

const COLUMNS = `id, device_id, customer_ref, id_tag, connector_id, lower(during) AS starts_at, upper(during) AS ends_at, status, status_reason,
  created_by, created_at, updated_at, flagged_at, flag_reason`;

const time = (value: Date) => new Date(value).getTime();

function toReservation(row: ReservationRow): Reservation {
  return {
    id: Number(row.id),
    deviceId: row.device_id,
    customerRef: row.customer_ref,
    idTag: row.id_tag,
    connectorId: row.connector_id,
    startsAtMs: time(row.starts_at),
    endsAtMs: time(row.ends_at),
    status: row.status,
    statusReason: row.status_reason,
    createdBy: row.created_by,
    createdAtMs: time(row.created_at),
    updatedAtMs: time(row.updated_at),
    flaggedAtMs: row.flagged_at === null ? null : time(row.flagged_at),
    flagReason: row.flag_reason,
  };
}

/** A minute in UTC, as an error message shows a window. */
function minute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export interface NewReservation {
  readonly deviceId: string;
  readonly customerRef: string;
  readonly idTag: string | null;
  readonly connectorId: number | null;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  /** requested while the device is still to accept it (a charge point); active when it needs no asking. */
  readonly status: 'requested' | 'active';
  readonly operator: string;
  readonly atMs: number;
}

/** Holding reservations of `deviceId` whose windows overlap [startsAtMs, endsAtMs). */
export async function overlapping(db: Queryable, deviceId: string, startsAtMs: number, endsAtMs: number): Promise<Reservation[]> {
  const { rows } = await db.query<ReservationRow>(
    `SELECT ${COLUMNS} FROM reservations
     WHERE device_id = $1 AND status = ANY($2::text[]) AND during && tstzrange($3, $4, '[)')
     ORDER BY lower(during)`,
    [deviceId, HOLDING_STATUSES, new Date(startsAtMs), new Date(endsAtMs)],
  );
  return rows.map(toReservation);
}

/**
 * Stores a reservation, or says why not: the device is unknown, or another reservation holds it over an
 * overlapping window (named, with its customer and window, so that a dispatcher can resolve it).
 */
export async function insertReservation(db: Database, reservation: NewReservation): Promise<Result<Reservation>> {
  try {
    const created = await db.transaction(async (transaction) => {
      const { rows } = await transaction.query<ReservationRow>(
        `INSERT INTO reservations (device_id, customer_ref, id_tag, connector_id, during, status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, tstzrange($5, $6, '[)'), $7, $8, $9, $9) RETURNING ${COLUMNS}`,
        [
          reservation.deviceId,
          reservation.customerRef,
          reservation.idTag,
          reservation.connectorId,
          new Date(reservation.startsAtMs),
          new Date(reservation.endsAtMs),
          reservation.status,
          reservation.operator,
          new Date(reservation.atMs),
        ],
      );
      const row = rows[0];
      if (!row) throw new Error('INSERT … RETURNING gave no row');
      const stored = toReservation(row);
      await writeAudit(transaction, {
        atMs: reservation.atMs,
        operator: reservation.operator,
        action: 'reservation:create',
        target: `reservation:${stored.id}`,
        details: { deviceId: stored.deviceId, customerRef: stored.customerRef, startsAtMs: stored.startsAtMs, endsAtMs: stored.endsAtMs, status: stored.status },
      });
      return stored;
    });
    return success(created);
  } catch (error) {
    const state = sqlState(error);
    if (state === FOREIGN_KEY_VIOLATION) return failure('notFound', `There is no device ${reservation.deviceId}.`);
    if (state !== EXCLUSION_VIOLATION) throw error;
    const [holder] = await overlapping(db, reservation.deviceId, reservation.startsAtMs, reservation.endsAtMs);
    const by = holder ? ` by reservation ${holder.id} for ${holder.customerRef}, ${minute(holder.startsAtMs)} to ${minute(holder.endsAtMs)}` : '';
    return failure('conflict', `${reservation.deviceId} is already reserved${by}: two reservations of one device cannot overlap.`);
  }
}

export interface StatusChange {
  readonly id: number;
  /** The change applies only from these statuses: anything else means someone else changed it first. */
  readonly from: readonly ReservationStatus[];
  readonly to: ReservationStatus;
  readonly reason: string | null;
  /** The operator, or 'system' for the backend's own changes (a charge point's answer, an expiry). */
  readonly operator: string;
  readonly atMs: number;
}

/** Moves a reservation from one of `from` to `to`, audited; says why not when it was elsewhere. */
export async function changeStatus(db: Database, change: StatusChange): Promise<Result<Reservation>> {
  const changed = await db.transaction(async (transaction) => {
    const { rows } = await transaction.query<ReservationRow>(
      `UPDATE reservations SET status = $2, status_reason = $3, updated_at = $4
       WHERE id = $1 AND status = ANY($5::text[]) RETURNING ${COLUMNS}`,
      [change.id, change.to, change.reason, new Date(change.atMs), change.from],
    );
    const row = rows[0];
    if (!row) return null;
    const stored = toReservation(row);
    await writeAudit(transaction, {
      atMs: change.atMs,
      operator: change.operator,
      action: `reservation:${change.to}`,
      target: `reservation:${stored.id}`,
      details: { deviceId: stored.deviceId, customerRef: stored.customerRef, reason: change.reason },
    });
    return stored;
  });
  if (changed) return success(changed);
  const current = await reservationById(db, change.id);
  if (!current) return failure('notFound', `There is no reservation ${change.id}.`);
  return failure('conflict', `Reservation ${change.id} is ${current.status}${current.statusReason ? ` (${current.statusReason})` : ''}; it cannot become ${change.to}.`);
}

export async function reservationById(db: Queryable, id: number): Promise<Reservation | null> {
  const { rows } = await db.query<ReservationRow>(`SELECT ${COLUMNS} FROM reservations WHERE id = $1`, [id]);
  const row = rows[0];
  return row ? toReservation(row) : null;
}

/** Holding reservations whose window has ended by `nowMs`: the expiry sweep's work. */
export async function holdingEndedBy(db: Queryable, nowMs: number, limit = 500): Promise<Reservation[]> {
  const { rows } = await db.query<ReservationRow>(
    `SELECT ${COLUMNS} FROM reservations WHERE status = ANY($1::text[]) AND upper(during) <= $2 ORDER BY upper(during) LIMIT $3`,
    [HOLDING_STATUSES, new Date(nowMs), limit],
  );
  return rows.map(toReservation);
}

export interface ReservationQuery {
  readonly fromMs: number;
  readonly toMs: number;
  readonly deviceId?: string;
  readonly customerRef?: string;
  readonly limit: number;
}

/** Reservations whose window overlaps [fromMs, toMs), of one device or customer when given, soonest first. */
export async function listReservations(db: Queryable, query: ReservationQuery): Promise<Reservation[]> {
  const { rows } = await db.query<ReservationRow>(
    `SELECT ${COLUMNS} FROM reservations
     WHERE during && tstzrange($1, $2, '[)') AND ($3::text IS NULL OR device_id = $3) AND ($4::text IS NULL OR customer_ref = $4)
     ORDER BY lower(during), id LIMIT $5`,
    [new Date(query.fromMs), new Date(query.toMs), query.deviceId ?? null, query.customerRef ?? null, query.limit],
  );
  return rows.map(toReservation);
}
