import { describe, expect, it } from 'vitest';
import { countText, emptyText, flagText, holdText, isUnderWay, lengthText, reasonText, statusTone, whenText, windowText } from './reservation-words.js';
import { HOUR, MINUTE, TEN_AM, testReservation } from './reservation-test-data.js';

const PARIS = 'Europe/Paris';

describe('how a reservation reads', () => {
  it('gives the window in the operator’s zone, with the day when it matters', () => {
    // 10:00–11:00 UTC is 11:00–12:00 in Paris.
    expect(windowText(testReservation(1), TEN_AM, PARIS)).toBe('Today 11:00–12:00');
    expect(windowText(testReservation(1), TEN_AM, 'UTC')).toBe('Today 10:00–11:00');
    expect(windowText(testReservation(1, { startsAtMs: TEN_AM + 24 * HOUR, endsAtMs: TEN_AM + 25 * HOUR }), TEN_AM, PARIS)).toBe('Tomorrow 11:00–12:00');
    // Over midnight: both days; to midnight exactly: 24:00 of the same day.
    const lateStart = Date.UTC(2026, 2, 14, 22, 30);
    expect(windowText(testReservation(1, { startsAtMs: lateStart, endsAtMs: lateStart + 2 * HOUR }), TEN_AM, PARIS)).toBe('Today 23:30 – Tomorrow 01:30');
    expect(windowText(testReservation(1, { startsAtMs: lateStart, endsAtMs: lateStart + HOUR / 2 }), TEN_AM, PARIS)).toBe('Today 23:30–24:00');
    expect(lengthText(testReservation(1, { endsAtMs: TEN_AM + 90 * MINUTE }))).toBe('1 h 30 min');
  });

  it('says how far the window is from now', () => {
    const reservation = testReservation(1);
    expect(whenText(reservation, TEN_AM - 20 * MINUTE)).toBe('in 20 min');
    expect(whenText(reservation, TEN_AM + 20 * MINUTE)).toBe('now · 40 min left');
    expect(whenText(reservation, TEN_AM + 3 * HOUR)).toBe('ended 2 h ago');
    expect(isUnderWay(reservation, TEN_AM + 20 * MINUTE)).toBe(true);
  });

  it('says when one that no longer holds its device stopped holding it, not where its window is', () => {
    const cancelled = testReservation(1, { status: 'cancelled', updatedAtMs: TEN_AM + 5 * MINUTE });
    expect(whenText(cancelled, TEN_AM + 8 * MINUTE)).toBe('cancelled 3 min ago');
    expect(isUnderWay(cancelled, TEN_AM + 8 * MINUTE)).toBe(false);
    expect(whenText(testReservation(2, { status: 'expired', updatedAtMs: TEN_AM + HOUR }), TEN_AM + 2 * HOUR)).toBe('ended 1 h ago');
    expect(whenText(testReservation(3, { status: 'refused', updatedAtMs: TEN_AM }), TEN_AM)).toBe('refused just now');
  });

  it('flags a reservation whose device went offline, saying since when and what to do', () => {
    const flagged = testReservation(1, { flaggedAtMs: TEN_AM + 2 * MINUTE, flagReason: 'Its device is offline' });
    expect(flagText(flagged, TEN_AM + 5 * MINUTE, PARIS)).toBe('Device offline since 11:02 — reassign');
    expect(flagText({ status: 'requested', flaggedAtMs: TEN_AM, flagReason: 'Its device is faulted' }, TEN_AM + 30 * HOUR, PARIS)).toBe('Device faulted since Yesterday 11:00 — reassign');
    expect(flagText({ status: 'active', flaggedAtMs: TEN_AM, flagReason: 'Gone to the moon' }, TEN_AM, PARIS)).toBe('Gone to the moon since 11:00 — reassign');
    expect(flagText(testReservation(1), TEN_AM, PARIS)).toBeNull();
    // Cancelled since: nothing left to reassign.
    expect(flagText({ ...flagged, status: 'cancelled' }, TEN_AM + 5 * MINUTE, PARIS)).toBeNull();
  });

  it('gives the reason only of reservations that no longer hold their device', () => {
    expect(reasonText(testReservation(1, { status: 'refused', statusReason: 'The charge point is occupied' }))).toBe('The charge point is occupied');
    expect(reasonText(testReservation(1, { status: 'cancelled', statusReason: 'Cancelled by ana' }))).toBe('Cancelled by ana');
    expect(reasonText(testReservation(1, { status: 'active', statusReason: 'stale words' }))).toBeNull();
  });

  it('colours holding reservations as reserved devices, refusals as faults, the rest quietly', () => {
    expect([statusTone('requested'), statusTone('active'), statusTone('refused'), statusTone('expired'), statusTone('cancelled'), statusTone('used')]).toEqual(['holding', 'holding', 'refused', 'ended', 'ended', 'used']);
  });

  it('names what a charge point holds, and counts', () => {
    expect(holdText(testReservation(1))).toBe('connector 1 · idTag C-42');
    expect(holdText(testReservation(1, { connectorId: null, idTag: null }))).toBeNull();
    expect([countText(0), countText(1), countText(2)]).toEqual(['0 reservations', '1 reservation', '2 reservations']);
  });
});

describe('what an empty list says', () => {
  it('names the range and whose reservations were looked for', () => {
    expect(emptyText({ deviceId: null, customerRef: null, range: 'upcoming' })).toBe('No upcoming reservation.');
    expect(emptyText({ deviceId: 'cp-0001', customerRef: null, range: 'upcoming' })).toBe('No upcoming reservation for cp-0001.');
    expect(emptyText({ deviceId: null, customerRef: 'C-42', range: 'today' })).toBe('No reservation of customer C-42 today.');
    expect(emptyText({ deviceId: 'car-1', customerRef: 'C-42', range: 'past' })).toBe('No reservation for car-1 of customer C-42 that ended in the last 7 days.');
  });
});
