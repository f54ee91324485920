/**
 * Which reservations the view lists for its filters: what to ask the hub for (reservation:list takes
 * windows overlapping [fromMs, toMs)), and which of the reservations the console holds to show, so that
 * pushes for reservations made elsewhere land in the list when they match it.
 */
import { RESERVATION_MAX_LEAD_MS, RESERVATION_MAX_LENGTH_MS, type Reservation } from '../../../shared/reservations.js';
import type { ReservationFilters, ReservationRange } from './reservation-filters.js';
import { startOfDayMs, startOfNextDayMs } from './zoned-time.js';

/** How far back "past" looks. */
export const PAST_DAYS = 7;
const PAST_MS = PAST_DAYS * 24 * 3_600_000;
/** Rows asked for per list; the hub allows up to 1000. */
export const LIST_LIMIT = 1000;

export interface TimeSpan {
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * The span each range asks the hub for. Upcoming: every window not over yet (those under way too), up
 * to the latest a reservation may end. Today: the operator's calendar day. Past: the last PAST_DAYS.
 */
export function rangeSpan(range: ReservationRange, nowMs: number, timeZone: string): TimeSpan {
  switch (range) {
    case 'upcoming':
      return { fromMs: nowMs, toMs: nowMs + RESERVATION_MAX_LEAD_MS + RESERVATION_MAX_LENGTH_MS };
    case 'today':
      return { fromMs: startOfDayMs(nowMs, timeZone), toMs: startOfNextDayMs(nowMs, timeZone) };
    case 'past':
      return { fromMs: nowMs - PAST_MS, toMs: nowMs };
  }
}

export interface ListRequest extends TimeSpan {
  readonly deviceId?: string;
  readonly customerRef?: string;
  readonly limit: number;
}

export function listRequest(filters: ReservationFilters, nowMs: number, timeZone: string): ListRequest {
  return {
    ...rangeSpan(filters.range, nowMs, timeZone),
    ...(filters.deviceId === null ? {} : { deviceId: filters.deviceId }),
    ...(filters.customerRef === null ? {} : { customerRef: filters.customerRef }),
    limit: LIST_LIMIT,
  };
}

/** Whether a reservation belongs in the list the filters describe, at `nowMs`. */
export function isShown(reservation: Reservation, filters: ReservationFilters, nowMs: number, timeZone: string): boolean {
  if (filters.deviceId !== null && reservation.deviceId !== filters.deviceId) return false;
  if (filters.customerRef !== null && reservation.customerRef !== filters.customerRef) return false;
  switch (filters.range) {
    case 'upcoming':
      return reservation.endsAtMs > nowMs;
    case 'today': {
      const { fromMs, toMs } = rangeSpan('today', nowMs, timeZone);
      return reservation.startsAtMs < toMs && reservation.endsAtMs > fromMs;
    }
    case 'past':
      // Ended windows only: one under way is upcoming, not past.
      return reservation.endsAtMs <= nowMs && reservation.endsAtMs > nowMs - PAST_MS;
  }
}

/** Rows in reading order: what comes next first, except in the past, where the latest comes first. */
export function orderRows(rows: readonly Reservation[], range: ReservationRange): Reservation[] {
  const sorted = [...rows].sort((left, right) => left.startsAtMs - right.startsAtMs || left.id - right.id);
  return range === 'past' ? sorted.reverse() : sorted;
}

/**
 * Filters under which a reservation just made is listed: the operator sees what they made even when it
 * is for another device or customer than the list showed. Filters that already show it are kept as
 * they are (the same object, so nothing reloads).
 */
export function filtersShowing(filters: ReservationFilters, reservation: Reservation, nowMs: number, timeZone: string): ReservationFilters {
  if (isShown(reservation, filters, nowMs, timeZone)) return filters;
  return {
    deviceId: filters.deviceId === reservation.deviceId ? filters.deviceId : null,
    customerRef: filters.customerRef === reservation.customerRef ? filters.customerRef : null,
    range: isShown(reservation, { deviceId: null, customerRef: null, range: filters.range }, nowMs, timeZone) ? filters.range : 'upcoming',
  };
}
