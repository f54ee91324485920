/** Reservations for unit tests: a charge point's, held from 10:00 to 11:00 UTC on 14 March 2026. */
import type { Reservation } from '../../../shared/reservations.js';

export const TEN_AM = Date.UTC(2026, 2, 14, 10);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export function testReservation(id: number, overrides: Partial<Reservation> = {}): Reservation {
  return {
    id,
    deviceId: 'cp-0001',
    customerRef: 'C-42',
    idTag: 'C-42',
    connectorId: 1,
    startsAtMs: TEN_AM,
    endsAtMs: TEN_AM + HOUR,
    status: 'active',
    statusReason: null,
    createdBy: 'ana',
    createdAtMs: TEN_AM - HOUR,
    updatedAtMs: TEN_AM - HOUR,
    flaggedAtMs: null,
    flagReason: null,
    ...overrides,
  };
}
