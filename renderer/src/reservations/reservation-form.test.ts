import { describe, expect, it } from 'vitest';
import { checkForm, conflictingReservationId, defaultFormValues, endAfter, withStart, type ReservationFormValues } from './reservation-form.js';
import { HOUR, MINUTE, TEN_AM } from './reservation-test-data.js';
import { fromLocalInput, toLocalInput } from './zoned-time.js';

const PARIS = 'Europe/Paris';
const NOW = TEN_AM + 12 * MINUTE + 30_000;

function form(overrides: Partial<ReservationFormValues> = {}): ReservationFormValues {
  return { ...defaultFormValues(NOW, PARIS, 'cp-0001'), customerRef: 'C-42', ...overrides };
}

const at = (offsetMs: number) => toLocalInput(NOW + offsetMs, PARIS);

describe('the new-reservation form', () => {
  it('starts now, for an hour, in the operator’s zone', () => {
    const values = defaultFormValues(NOW, PARIS, 'car-0003');
    expect(values).toMatchObject({ deviceId: 'car-0003', customerRef: '', startsAt: '2026-03-14T11:12', endsAt: '2026-03-14T12:12', connectorId: '1', idTag: '' });
  });

  it('turns a charge point’s form into a request with its connector, and its idTag when given', () => {
    const check = checkForm(form({ idTag: ' TAG-9 ' }), 'chargePoint', NOW, PARIS);
    expect(check).toEqual({
      ok: true,
      startsNow: true,
      // The form said 11:12 for an hour; sent at 11:12:30, it starts then and still lasts an hour.
      request: { deviceId: 'cp-0001', customerRef: 'C-42', startsAtMs: NOW, endsAtMs: NOW + HOUR, connectorId: 1, idTag: 'TAG-9' },
    });
  });

  it('sends a car neither connector nor idTag', () => {
    const check = checkForm(form({ deviceId: 'car-0003', idTag: 'ignored', startsAt: at(HOUR), endsAt: at(2 * HOUR) }), 'car', NOW, PARIS);
    expect(check.ok && check.request).toEqual({ deviceId: 'car-0003', customerRef: 'C-42', startsAtMs: fromLocalInput(at(HOUR), PARIS), endsAtMs: fromLocalInput(at(2 * HOUR), PARIS) });
    expect(check.ok && check.startsNow).toBe(false);
  });

  it('takes a start left as it was when the form opened as now, but refuses one truly past', () => {
    const aged = checkForm(form(), 'chargePoint', NOW + 10 * MINUTE, PARIS);
    expect(aged.ok && [aged.request.startsAtMs, aged.request.endsAtMs]).toEqual([NOW + 10 * MINUTE, NOW + 10 * MINUTE + HOUR]);
    expect(checkForm(form({ startsAt: at(-HOUR) }), 'car', NOW, PARIS)).toEqual({ ok: false, problems: { startsAt: 'The start is in the past.' } });
  });

  it('says per field what is wrong, in the backend’s terms', () => {
    const check = checkForm(
      { deviceId: '', customerRef: 'has spaces', startsAt: at(8 * 24 * HOUR), endsAt: 'soon', connectorId: '0', idTag: '' },
      null,
      NOW,
      PARIS,
    );
    expect(check).toEqual({
      ok: false,
      problems: {
        deviceId: 'Choose a device.',
        customerRef: 'A customer reference is 1 to 64 of A-Z a-z 0-9 . _ : @ -.',
        startsAt: 'A reservation may start at most 7 days ahead.',
        endsAt: 'Give the end: a date and a time.',
      },
    });
    expect(checkForm(form({ deviceId: 'cp-9999' }), null, NOW, PARIS)).toEqual({ ok: false, problems: { deviceId: 'There is no device cp-9999 in this fleet.' } });
    expect(checkForm(form({ endsAt: at(-5 * MINUTE) }), 'car', NOW, PARIS)).toMatchObject({ problems: { endsAt: 'The end must come after the start.' } });
    expect(checkForm(form({ endsAt: at(25 * HOUR) }), 'car', NOW, PARIS)).toMatchObject({ problems: { endsAt: 'A reservation may last at most 24 hours.' } });
    expect(checkForm(form({ connectorId: '17' }), 'chargePoint', NOW, PARIS)).toMatchObject({ problems: { connectorId: 'A connector is a number from 1 to 16.' } });
    expect(checkForm(form({ connectorId: '' }), 'chargePoint', NOW, PARIS)).toMatchObject({ problems: { connectorId: 'A connector is a number from 1 to 16.' } });
  });

  it('asks for an idTag when a charge point’s customer reference is too long to be one', () => {
    const long = 'customer.with.a.long@reference.example';
    expect(checkForm(form({ customerRef: long }), 'chargePoint', NOW, PARIS)).toMatchObject({ ok: false, problems: { idTag: expect.stringContaining('give the customer’s idTag') } });
    expect(checkForm(form({ customerRef: long, idTag: 'TAG-1' }), 'chargePoint', NOW, PARIS).ok).toBe(true);
    expect(checkForm(form({ customerRef: long, deviceId: 'car-1' }), 'car', NOW, PARIS).ok).toBe(true);
  });

  it('keeps the window’s length when the start moves, and sets the end from a length', () => {
    const moved = withStart(form(), at(2 * HOUR), PARIS);
    expect(moved.endsAt).toBe(toLocalInput(Math.floor(NOW / MINUTE) * MINUTE + 3 * HOUR, PARIS));
    expect(endAfter(form(), 30 * MINUTE, PARIS)).toBe('2026-03-14T11:42');
  });

  it('finds the reservation a conflict names', () => {
    expect(conflictingReservationId('cp-0001 is already reserved by reservation 17 for C-42, 2026-03-14 10:00 UTC to 11:00 UTC: two reservations of one device cannot overlap.')).toBe(17);
    expect(conflictingReservationId('car-3 cannot be reserved: it is in use.')).toBeNull();
  });
});
