/**
 * How a reservation reads on screen: its status in words, its window in the operator's time zone with
 * how far it is from now, why it ended, and the flag that tells dispatch to find another device.
 */
import { isHolding, type Reservation, type ReservationStatus } from '../../../shared/reservations.js';
import { formatAge, formatDuration } from '../ui/format.js';
import type { ReservationFilters } from './reservation-filters.js';
import { PAST_DAYS } from './reservation-list.js';
import { clockText, dayLabel, startOfNextDayMs } from './zoned-time.js';

export const RESERVATION_STATUS_LABELS: Readonly<Record<ReservationStatus, string>> = {
  requested: 'Requested',
  active: 'Reserved',
  refused: 'Refused',
  cancelled: 'Cancelled',
  expired: 'Expired',
  used: 'Used',
};

/** What each status means, for the hover text of its cell. */
export const RESERVATION_STATUS_HINTS: Readonly<Record<ReservationStatus, string>> = {
  requested: 'Holds the device; the charge point is asked when the window starts',
  active: 'Holds the device for the customer',
  refused: 'The charge point refused it; the window is free again',
  cancelled: 'Cancelled by an operator; the window is free again',
  expired: 'Its window ended without a session',
  used: 'A session started with it',
};

/**
 * The tone of a status: holding ones take the state colour of a reserved device (violet), a refusal
 * the faulted red, the rest stay quiet.
 */
export type StatusTone = 'holding' | 'refused' | 'used' | 'ended';

export function statusTone(status: ReservationStatus): StatusTone {
  if (isHolding(status)) return 'holding';
  if (status === 'refused') return 'refused';
  return status === 'used' ? 'used' : 'ended';
}

/** "Today 14:00–15:00", "Tue 14 Oct 23:30 – Wed 15 Oct 01:00"; a window ending at midnight ends at 24:00. */
export function windowText(reservation: Pick<Reservation, 'startsAtMs' | 'endsAtMs'>, nowMs: number, timeZone: string): string {
  const { startsAtMs, endsAtMs } = reservation;
  const startDay = dayLabel(startsAtMs, nowMs, timeZone);
  const times = `${clockText(startsAtMs, timeZone)}–`;
  if (endsAtMs === startOfNextDayMs(startsAtMs, timeZone)) return `${startDay} ${times}24:00`;
  const endDay = dayLabel(endsAtMs, nowMs, timeZone);
  if (endDay === startDay) return `${startDay} ${times}${clockText(endsAtMs, timeZone)}`;
  return `${startDay} ${clockText(startsAtMs, timeZone)} – ${endDay} ${clockText(endsAtMs, timeZone)}`;
}

/** "1 h", "45 min", "1 h 30 min". */
export function lengthText(reservation: Pick<Reservation, 'startsAtMs' | 'endsAtMs'>): string {
  return formatDuration(reservation.endsAtMs - reservation.startsAtMs);
}

const ENDINGS: Readonly<Record<Exclude<ReservationStatus, 'requested' | 'active'>, string>> = { refused: 'refused', cancelled: 'cancelled', expired: 'ended', used: 'used' };

/**
 * Where a holding reservation's window is from now: "in 20 min", "now · 40 min left", "ended 2 h ago";
 * for one that no longer holds, when that happened ("cancelled 3 min ago"): its window no longer matters.
 */
export function whenText(reservation: Pick<Reservation, 'status' | 'startsAtMs' | 'endsAtMs' | 'updatedAtMs'>, nowMs: number): string {
  if (reservation.status !== 'requested' && reservation.status !== 'active') return `${ENDINGS[reservation.status]} ${formatAge(reservation.updatedAtMs, nowMs)}`;
  if (nowMs < reservation.startsAtMs) return `in ${formatDuration(reservation.startsAtMs - nowMs)}`;
  if (nowMs < reservation.endsAtMs) return `now · ${formatDuration(reservation.endsAtMs - nowMs)} left`;
  return `ended ${formatDuration(nowMs - reservation.endsAtMs)} ago`;
}

/** Whether a holding reservation's window is under way: the row says so with its tone. */
export function isUnderWay(reservation: Pick<Reservation, 'status' | 'startsAtMs' | 'endsAtMs'>, nowMs: number): boolean {
  return isHolding(reservation.status) && reservation.startsAtMs <= nowMs && nowMs < reservation.endsAtMs;
}

/** "14:02" today, else "Tue 14 Oct 14:02". */
function momentText(timeMs: number, nowMs: number, timeZone: string): string {
  const day = dayLabel(timeMs, nowMs, timeZone);
  return day === 'Today' ? clockText(timeMs, timeZone) : `${day} ${clockText(timeMs, timeZone)}`;
}

/**
 * The badge of a flagged reservation: "Device offline since 14:02 — reassign". The backend's reason
 * ("Its device is offline") is turned around so the badge starts with what is wrong; an unknown reason
 * is kept as it is. Only holding reservations carry one.
 */
export function flagText(reservation: Pick<Reservation, 'status' | 'flaggedAtMs' | 'flagReason'>, nowMs: number, timeZone: string): string | null {
  // A flag outlives the hold it was about (the backend leaves it on a cancelled one): nothing to reassign then.
  if (reservation.flaggedAtMs === null || !isHolding(reservation.status)) return null;
  const since = momentText(reservation.flaggedAtMs, nowMs, timeZone);
  const known = /\b(offline|faulted)\b/i.exec(reservation.flagReason ?? '');
  const what = known?.[1] ? `Device ${known[1].toLowerCase()}` : (reservation.flagReason ?? 'Device lost');
  return `${what} since ${since} — reassign`;
}

/** Why a reservation no longer holds its device, for refused, cancelled, expired and used ones. */
export function reasonText(reservation: Pick<Reservation, 'status' | 'statusReason'>): string | null {
  if (isHolding(reservation.status)) return null;
  return reservation.statusReason ?? null;
}

/** "connector 1 · idTag C-42" for a charge point; null for a car. */
export function holdText(reservation: Pick<Reservation, 'connectorId' | 'idTag'>): string | null {
  if (reservation.connectorId === null && reservation.idTag === null) return null;
  const parts = [reservation.connectorId === null ? null : `connector ${reservation.connectorId}`, reservation.idTag === null ? null : `idTag ${reservation.idTag}`];
  return parts.filter((part) => part !== null).join(' · ');
}

/** "3 reservations", "1 reservation". */
export function countText(count: number): string {
  return `${count} reservation${count === 1 ? '' : 's'}`;
}

/** "No upcoming reservation for cp-0001.", "No reservation of customer C-42 today.", "No reservation that ended in the last 7 days." */
export function emptyText(filters: ReservationFilters): string {
  const whose = [filters.deviceId === null ? null : `for ${filters.deviceId}`, filters.customerRef === null ? null : `of customer ${filters.customerRef}`].filter((part) => part !== null);
  const head = filters.range === 'upcoming' ? 'No upcoming reservation' : 'No reservation';
  const tail = filters.range === 'today' ? ' today' : filters.range === 'past' ? ` that ended in the last ${PAST_DAYS} days` : '';
  return `${head}${whose.map((part) => ` ${part}`).join('')}${tail}.`;
}
