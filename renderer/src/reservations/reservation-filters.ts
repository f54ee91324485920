/**
 * What the reservations view lists: a device's, a customer's or everyone's reservations over a span of
 * time, kept in the URL hash (#/reservations?device=cp-0001&customer=C-42&range=past).
 */

/** Which windows are listed, relative to now. */
export const RESERVATION_RANGES = ['upcoming', 'today', 'past'] as const;
export type ReservationRange = (typeof RESERVATION_RANGES)[number];

export interface ReservationFilters {
  readonly deviceId: string | null;
  readonly customerRef: string | null;
  readonly range: ReservationRange;
}

export const NO_RESERVATION_FILTERS: ReservationFilters = { deviceId: null, customerRef: null, range: 'upcoming' };

export interface ReservationsLocation {
  readonly view: 'reservations';
  readonly reservationFilters: ReservationFilters;
}

export function writeReservationParams(params: URLSearchParams, location: ReservationsLocation): void {
  const { deviceId, customerRef, range } = location.reservationFilters;
  if (deviceId !== null) params.set('device', deviceId);
  if (customerRef !== null) params.set('customer', customerRef);
  if (range !== NO_RESERVATION_FILTERS.range) params.set('range', range);
}

export function readReservationParams(params: URLSearchParams): ReservationsLocation {
  const range = RESERVATION_RANGES.find((value) => value === params.get('range')) ?? NO_RESERVATION_FILTERS.range;
  return { view: 'reservations', reservationFilters: { deviceId: params.get('device') || null, customerRef: params.get('customer') || null, range } };
}
