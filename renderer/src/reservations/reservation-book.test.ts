import { describe, expect, it } from 'vitest';
import type { Reservation } from '../../../shared/reservations.js';
import { ReservationBook } from './reservation-book.js';

function reservation(id: number, overrides: Partial<Reservation> = {}): Reservation {
  return {
    id,
    deviceId: 'cp-1',
    customerRef: 'C-1',
    idTag: 'C-1',
    connectorId: 1,
    startsAtMs: 10_000,
    endsAtMs: 20_000,
    status: 'requested',
    statusReason: null,
    createdBy: 'ana',
    createdAtMs: 1_000,
    updatedAtMs: 1_000,
    flaggedAtMs: null,
    flagReason: null,
    ...overrides,
  };
}

describe('ReservationBook', () => {
  it('keeps the latest update of a reservation whichever arrives first', () => {
    const book = new ReservationBook();
    book.upsert([reservation(1, { status: 'active', updatedAtMs: 2_000 })]);
    book.applyChanges({ reservations: [reservation(1)] });
    expect(book.get(1)?.status).toBe('active');
    book.applyChanges({ reservations: [reservation(1, { status: 'cancelled', updatedAtMs: 3_000 })] });
    expect(book.get(1)?.status).toBe('cancelled');
  });

  it('lists the reservations kept by a filter, soonest window first', () => {
    const book = new ReservationBook();
    book.upsert([reservation(1, { startsAtMs: 30_000 }), reservation(2, { startsAtMs: 5_000 }), reservation(3, { deviceId: 'car-1' })]);
    expect(book.where((each) => each.deviceId === 'cp-1').map((each) => each.id)).toEqual([2, 1]);
  });
});
