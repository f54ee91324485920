/**
 * Reservations as dispatch makes them: only of a device heard from recently and not in use, for a
 * window that has not passed. The database decides overlaps (store.ts). A charge point is asked with
 * OCPP ReserveNow when its window starts (at once for a window starting now) and its answer decides:
 * Accepted holds it, Occupied, Faulted, Unavailable or Rejected refuse it with that reason. A sweep ends
 * reservations whose window is over (CancelReservation to a charge point that still holds one) and flags
 * holding reservations whose device went faulted or offline, so that dispatch can reassign them.
 */
import type { Logger } from 'pino';
import { RESERVATION_ROLES } from '../../shared/commands.js';
import type { OperatorIdentity } from '../../shared/console-api.js';
import type { DeviceDetail } from '../../shared/device-detail.js';
import { isStale } from '../../shared/fleet.js';
import { RESERVATION_MAX_LEAD_MS, RESERVATION_MAX_LENGTH_MS, reservationRequestSchema } from '../../shared/reservations.js';
import type { Reservation } from '../../shared/reservations.js';
import { failure, success } from '../../shared/result.js';
import type { Result } from '../../shared/result.js';
import { writeAudit } from '../alarms/audit.js';
import type { Inventory } from '../inventory/types.js';
import type { Database } from '../store/database.js';
import { changeStatus, holdingEndedBy, insertReservation, listReservations, reservationById } from './store.js';
import type { ReservationQuery } from './store.js';

/** What a charge point answers to ReserveNow (OCPP 1.6 ReservationStatus), or why it could not be asked. */
export type ReserveAnswer = 'Accepted' | 'Faulted' | 'Occupied' | 'Rejected' | 'Unavailable' | { readonly error: string };

/** How reservations reach charge points (OCPP ReserveNow and CancelReservation). */
export interface ChargePointReservations {
  reserveNow(chargePointId: string, request: { readonly connectorId: number; readonly expiryDate: string; readonly idTag: string; readonly reservationId: number }): Promise<ReserveAnswer>;
  cancelReservation(chargePointId: string, reservationId: number): Promise<void>;
}

/** A window may start this much in the past: the operator's clock and the time to click. */
const START_GRACE_MS = 60_000;

const REFUSALS: Readonly<Record<Exclude<ReserveAnswer, 'Accepted' | { readonly error: string }>, string>> = {
  Occupied: 'The charge point is occupied',
  Faulted: 'The charge point is faulted',
  Unavailable: 'The charge point is unavailable',
  Rejected: 'The charge point rejected the reservation',
};

export interface ReservationServiceOptions {
  readonly db: Database;
  readonly inventory: Pick<Inventory, 'device'>;
  readonly devices: { detail(deviceId: string): DeviceDetail | undefined };
  readonly chargePoints: ChargePointReservations;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly sweepIntervalMs?: number;
}

export interface ReservationService {
  create(operator: OperatorIdentity, request: unknown): Promise<Result<Reservation>>;
  cancel(operator: OperatorIdentity, reservationId: number, reason?: string | null): Promise<Result<Reservation>>;
  /** A charge point started a session with the reservation (StartTransaction's reservationId): it is used. */
  used(chargePointId: string, reservationId: number): Promise<void>;
  /** Ends what is over, asks charge points whose window started, flags what lost its device. */
  sweep(): Promise<void>;
  list(query: ReservationQuery): Promise<Reservation[]>;
  /** Sweeps every sweepIntervalMs until closed. */
  start(): void;
  close(): void;
  onChange(listener: (reservation: Reservation) => void): () => void;
}

/** Offline, or not heard from within its stale limit (or never). */
function isSilent(detail: DeviceDetail, nowMs: number): boolean {
  return !detail.lastSeenAt || !detail.isOnline || isStale(detail.kind, Date.parse(detail.lastSeenAt), nowMs);
}

/** Why a device cannot be reserved now, or null when it can. */
function unfitness(detail: DeviceDetail | undefined, nowMs: number): string | null {
  if (!detail?.lastSeenAt) return 'it has never been heard from';
  if (isSilent(detail, nowMs)) return `it has not been heard from since ${detail.lastSeenAt}`;
  if (detail.status === 'inUse' || detail.status === 'charging') return 'it is in use';
  if (detail.status === 'faulted') return 'it is faulted';
  return null;
}

/** Why a holding reservation needs another device now, or null while its device is fine. */
function lossOf(detail: DeviceDetail | undefined, nowMs: number): string | null {
  if (!detail || isSilent(detail, nowMs)) return 'Its device is offline';
  if (detail.status === 'faulted') return 'Its device is faulted';
  return null;
}

export function createReservationService(options: ReservationServiceOptions): ReservationService {
  const { db, inventory, devices, chargePoints } = options;
  const logger = options.logger.child({ module: 'reservations' });
  const now = options.now ?? (() => Date.now());
  const listeners = new Set<(reservation: Reservation) => void>();

  function announce(result: Result<Reservation>): Result<Reservation> {
    if (result.ok) for (const listener of listeners) listener(result.value);
    return result;
  }

  /** Asks the charge point; its answer makes the reservation active or refused. */
  async function askChargePoint(reservation: Reservation): Promise<Result<Reservation>> {
    const answer = await chargePoints.reserveNow(reservation.deviceId, {
      connectorId: reservation.connectorId ?? 1,
      expiryDate: new Date(reservation.endsAtMs).toISOString(),
      idTag: reservation.idTag ?? reservation.customerRef,
      reservationId: reservation.id,
    });
    const move = (to: 'active' | 'refused', reason: string | null) => changeStatus(db, { id: reservation.id, from: ['requested'], to, reason, operator: 'system', atMs: now() });
    if (answer === 'Accepted') return announce(await move('active', null));
    const reason = typeof answer === 'string' ? REFUSALS[answer] : `The charge point could not be asked: ${answer.error}`;
    return announce(await move('refused', reason));
  }

  async function create(operator: OperatorIdentity, raw: unknown): Promise<Result<Reservation>> {
    const parsed = reservationRequestSchema.safeParse(raw);
    if (!parsed.success) return failure('invalid', `Not a reservation request: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; ')}`);
    const request = parsed.data;
    if (!RESERVATION_ROLES.includes(operator.role)) return failure('forbidden', `The ${operator.role} role may not make reservations.`);
    const device = inventory.device(request.deviceId);
    if (!device) return failure('notFound', `There is no device ${request.deviceId}.`);
    const atMs = now();
    if (request.endsAtMs <= request.startsAtMs) return failure('invalid', 'A reservation must end after it starts.');
    if (request.startsAtMs < atMs - START_GRACE_MS) return failure('invalid', 'A reservation cannot start in the past.');
    if (request.startsAtMs > atMs + RESERVATION_MAX_LEAD_MS) return failure('invalid', 'A reservation may start at most 7 days ahead.');
    if (request.endsAtMs - request.startsAtMs > RESERVATION_MAX_LENGTH_MS) return failure('invalid', 'A reservation may last at most 24 hours.');
    const isChargePoint = device.kind === 'chargePoint';
    const idTag = isChargePoint ? (request.idTag ?? request.customerRef) : null;
    if (idTag !== null && idTag.length > 20) return failure('invalid', 'Give the customer\'s idTag (at most 20 characters): the customer reference is too long to be one.');
    const unfit = unfitness(devices.detail(device.id), atMs);
    if (unfit) return failure('conflict', `${device.id} cannot be reserved: ${unfit}.`);

    const created = announce(
      await insertReservation(db, {
        deviceId: device.id,
        customerRef: request.customerRef,
        idTag,
        connectorId: isChargePoint ? request.connectorId : null,
        startsAtMs: request.startsAtMs,
        endsAtMs: request.endsAtMs,
        // A car is held by the backend alone; a charge point must agree.
        status: isChargePoint ? 'requested' : 'active',
        operator: operator.username,
        atMs,
      }),
    );
    if (!created.ok || !isChargePoint || created.value.startsAtMs > atMs) return created;
    return askChargePoint(created.value);
  }

  async function cancel(operator: OperatorIdentity, reservationId: number, reason: string | null = null): Promise<Result<Reservation>> {
    if (!RESERVATION_ROLES.includes(operator.role)) return failure('forbidden', `The ${operator.role} role may not cancel reservations.`);
    const before = await reservationById(db, reservationId);
    const cancelled = announce(await changeStatus(db, { id: reservationId, from: ['requested', 'active'], to: 'cancelled', reason: reason ?? `Cancelled by ${operator.username}`, operator: operator.username, atMs: now() }));
    if (cancelled.ok && before?.status === 'active' && before.idTag !== null) {
      // The charge point keeps its connector for the customer until told: tell it, but the cancellation stands either way.
      await chargePoints.cancelReservation(before.deviceId, reservationId).catch((error: unknown) => logger.warn({ err: error, reservationId }, 'CancelReservation not delivered'));
    }
    return cancelled;
  }

  async function used(chargePointId: string, reservationId: number): Promise<void> {
    const reservation = await reservationById(db, reservationId);
    // A charge point names only its own reservations; another's id is a mistake to ignore, not to act on.
    if (reservation?.deviceId !== chargePointId) return;
    announce(await changeStatus(db, { id: reservationId, from: ['active'], to: 'used', reason: 'A session started with it', operator: 'system', atMs: now() }));
  }

  async function flag(reservation: Reservation, reason: string | null): Promise<void> {
    const atMs = now();
    const { rows } = await db.query<{ id: number }>(
      `UPDATE reservations SET flagged_at = CASE WHEN $2::text IS NULL THEN NULL ELSE coalesce(flagged_at, $3) END, flag_reason = $2, updated_at = $3
       WHERE id = $1 AND flag_reason IS DISTINCT FROM $2 RETURNING id`,
      [reservation.id, reason, new Date(atMs)],
    );
    if (rows.length === 0) return;
    await db.transaction((transaction) =>
      writeAudit(transaction, { atMs, operator: 'system', action: reason ? 'reservation:flag' : 'reservation:unflag', target: `reservation:${reservation.id}`, details: { deviceId: reservation.deviceId, reason } }),
    );
    const updated = await reservationById(db, reservation.id);
    if (updated) announce(success(updated));
  }

  async function sweep(): Promise<void> {
    const nowMs = now();
    for (const reservation of await holdingEndedBy(db, nowMs)) {
      announce(await changeStatus(db, { id: reservation.id, from: ['requested', 'active'], to: 'expired', reason: 'Its window ended', operator: 'system', atMs: nowMs }));
    }
    const { rows } = await db.query<{ id: number | string }>(`SELECT id FROM reservations WHERE status IN ('requested', 'active') AND lower(during) <= $1 ORDER BY id`, [new Date(nowMs)]);
    for (const { id } of rows) {
      const reservation = await reservationById(db, Number(id));
      if (!reservation) continue;
      if (reservation.status === 'requested') {
        await askChargePoint(reservation);
        continue;
      }
      await flag(reservation, lossOf(devices.detail(reservation.deviceId), nowMs));
    }
  }

  let sweepTimer: ReturnType<typeof setInterval> | null = null;

  return {
    create,
    cancel,
    used,
    sweep,
    list: (query) => listReservations(db, query),
    start() {
      sweepTimer ??= setInterval(() => {
        sweep().catch((error: unknown) => logger.error({ err: error }, 'Reservation sweep failed'));
      }, options.sweepIntervalMs ?? 15_000);
    },
    close() {
      if (sweepTimer) clearInterval(sweepTimer);
      sweepTimer = null;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
