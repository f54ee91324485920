import { describe, expect, it } from 'vitest';
import { ReservationBook } from './reservation-book.js';
import { HOUR, TEN_AM, testReservation } from './reservation-test-data.js';

describe('ReservationBook', () => {
  it('keeps the latest update of a reservation whichever arrives first', () => {
    const book = new ReservationBook();
    const asked = testReservation(1, { status: 'requested', updatedAtMs: TEN_AM });
    book.upsert([{ ...asked, status: 'active', updatedAtMs: TEN_AM + 1 }]);
    book.applyChanges({ reservations: [asked] });
    expect(book.get(1)?.status).toBe('active');
    book.applyChanges({ reservations: [{ ...asked, status: 'cancelled', updatedAtMs: TEN_AM + 2 }] });
    expect(book.get(1)?.status).toBe('cancelled');
  });

  it('lists the reservations kept by a filter, soonest window first', () => {
    const book = new ReservationBook();
    book.upsert([testReservation(1, { startsAtMs: TEN_AM + HOUR }), testReservation(2, { startsAtMs: TEN_AM - HOUR }), testReservation(3, { deviceId: 'car-1' })]);
    expect(book.where((each) => each.deviceId === 'cp-0001').map((each) => each.id)).toEqual([2, 1]);
  });
});
