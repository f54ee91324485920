import { describe, expect, it } from 'vitest';
import { RESERVATION_MAX_LEAD_MS, RESERVATION_MAX_LENGTH_MS } from '../../../shared/reservations.js';
import { NO_RESERVATION_FILTERS, type ReservationFilters } from './reservation-filters.js';
import { filtersShowing, isShown, listRequest, orderRows, rangeSpan } from './reservation-list.js';
import { HOUR, TEN_AM, testReservation } from './reservation-test-data.js';

const PARIS = 'Europe/Paris';
const DAY = 24 * HOUR;
const upcoming = NO_RESERVATION_FILTERS;
const today: ReservationFilters = { ...upcoming, range: 'today' };
const past: ReservationFilters = { ...upcoming, range: 'past' };

describe('the span each range asks for', () => {
  it('upcoming: from now to the latest a reservation may end', () => {
    expect(rangeSpan('upcoming', TEN_AM, PARIS)).toEqual({ fromMs: TEN_AM, toMs: TEN_AM + RESERVATION_MAX_LEAD_MS + RESERVATION_MAX_LENGTH_MS });
  });

  it('today: the operator’s calendar day, not UTC’s', () => {
    // 10:00 UTC is 11:00 in Paris; the Paris day began at 23:00 UTC the day before.
    expect(rangeSpan('today', TEN_AM, PARIS)).toEqual({ fromMs: TEN_AM - 11 * HOUR, toMs: TEN_AM + 13 * HOUR });
    expect(rangeSpan('today', TEN_AM, 'UTC')).toEqual({ fromMs: TEN_AM - 10 * HOUR, toMs: TEN_AM + 14 * HOUR });
  });

  it('past: the last seven days up to now', () => {
    expect(rangeSpan('past', TEN_AM, PARIS)).toEqual({ fromMs: TEN_AM - 7 * DAY, toMs: TEN_AM });
  });

  it('asks for one device or one customer only when the filters name one', () => {
    expect(listRequest(upcoming, TEN_AM, PARIS)).toEqual({ fromMs: TEN_AM, toMs: TEN_AM + RESERVATION_MAX_LEAD_MS + RESERVATION_MAX_LENGTH_MS, limit: 1000 });
    expect(listRequest({ deviceId: 'car-7', customerRef: 'C-1', range: 'past' }, TEN_AM, PARIS)).toMatchObject({ deviceId: 'car-7', customerRef: 'C-1', toMs: TEN_AM });
  });
});

describe('which reservations a list shows', () => {
  const underWay = testReservation(1, { startsAtMs: TEN_AM - HOUR / 2, endsAtMs: TEN_AM + HOUR / 2 });
  const later = testReservation(2, { startsAtMs: TEN_AM + 2 * DAY, endsAtMs: TEN_AM + 2 * DAY + HOUR });
  const ended = testReservation(3, { startsAtMs: TEN_AM - 3 * HOUR, endsAtMs: TEN_AM - 2 * HOUR, status: 'expired' });
  const longAgo = testReservation(4, { startsAtMs: TEN_AM - 9 * DAY, endsAtMs: TEN_AM - 9 * DAY + HOUR, status: 'expired' });

  it('upcoming holds windows under way and to come; past only those that ended, in the last week', () => {
    const shown = (filters: ReservationFilters) => [underWay, later, ended, longAgo].filter((each) => isShown(each, filters, TEN_AM, PARIS)).map((each) => each.id);
    expect(shown(upcoming)).toEqual([1, 2]);
    expect(shown(today)).toEqual([1, 3]);
    expect(shown(past)).toEqual([3]);
  });

  it('keeps to the device and customer filtered on', () => {
    expect(isShown(underWay, { ...upcoming, deviceId: 'cp-0001', customerRef: 'C-42' }, TEN_AM, PARIS)).toBe(true);
    expect(isShown(underWay, { ...upcoming, deviceId: 'cp-0002' }, TEN_AM, PARIS)).toBe(false);
    expect(isShown(underWay, { ...upcoming, customerRef: 'c-42' }, TEN_AM, PARIS)).toBe(false);
  });

  it('reads soonest first, and the past latest first', () => {
    expect(orderRows([later, ended, underWay], 'upcoming').map((each) => each.id)).toEqual([3, 1, 2]);
    expect(orderRows([longAgo, ended], 'past').map((each) => each.id)).toEqual([3, 4]);
  });

  it('widens the filters just enough to show a reservation just made', () => {
    const forOther = { deviceId: 'cp-0009', customerRef: 'C-42', range: 'past' } as const;
    expect(filtersShowing(forOther, later, TEN_AM, PARIS)).toEqual({ deviceId: null, customerRef: 'C-42', range: 'upcoming' });
    const showing = { ...today, deviceId: 'cp-0001' };
    expect(filtersShowing(showing, underWay, TEN_AM, PARIS)).toBe(showing);
    // Today does not hold the day after tomorrow: upcoming does.
    expect(filtersShowing(today, later, TEN_AM, PARIS).range).toBe('upcoming');
  });
});
