import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoNetwork } from '../../shared/network.js';
import { readAudit } from '../alarms/audit.js';
import { openProvisionedDatabase } from '../state/test-support.js';
import { testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { EXCLUSION_VIOLATION, changeStatus, holdingEndedBy, insertReservation, overlapping } from './store.js';
import type { NewReservation } from './store.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-01T08:00:00Z');
const network = generateDemoNetwork({ seed: 7, stations: 3, cars: 4, chargePoints: 4 });
const [first, second, third] = network.devices.map((device) => device.id);

describe.each(testEngines())('reservations store on $name', (engine) => {
  let test: TestDatabase;
  let nextHour = 0;
  /** Each test books its own hours, so that tests do not collide with each other's reservations. */
  const window = (hours = 1) => {
    const startsAtMs = T0 + nextHour * HOUR;
    nextHour += hours + 1;
    return { startsAtMs, endsAtMs: startsAtMs + hours * HOUR };
  };
  const booking = (deviceId: string, slot: { startsAtMs: number; endsAtMs: number }, customerRef = 'cust-1'): NewReservation => ({
    deviceId,
    customerRef,
    idTag: null,
    connectorId: null,
    ...slot,
    status: 'active',
    operator: 'dispatcher',
    atMs: T0 - HOUR,
  });

  beforeAll(async () => {
    ({ test } = await openProvisionedDatabase(engine, network));
  });

  afterAll(async () => {
    await test.cleanup();
  });

  it('stores a reservation with its window and audits it', async () => {
    const slot = window();
    const made = await insertReservation(test.db, booking(first ?? '', slot, 'acct:42'));
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value).toMatchObject({ deviceId: first, customerRef: 'acct:42', ...slot, status: 'active', createdBy: 'dispatcher', flaggedAtMs: null });
    const [entry] = await readAudit(test.db, { target: `reservation:${made.value.id}` });
    expect(entry).toMatchObject({ operator: 'dispatcher', action: 'reservation:create', details: { deviceId: first, customerRef: 'acct:42' } });
  });

  it('refuses an overlapping reservation of the same device and names the one that holds it', async () => {
    const slot = window(2);
    const held = await insertReservation(test.db, booking(first ?? '', slot, 'holder'));
    expect(held.ok).toBe(true);
    const clash = await insertReservation(test.db, booking(first ?? '', { startsAtMs: slot.startsAtMs + HOUR, endsAtMs: slot.endsAtMs + HOUR }, 'late'));
    expect(clash.ok).toBe(false);
    if (clash.ok || !held.ok) return;
    expect(clash.error.code).toBe('conflict');
    expect(clash.error.message).toContain(`reservation ${held.value.id} for holder`);
    expect(clash.error.message).toContain(new Date(slot.startsAtMs).toISOString().slice(11, 16));
  });

  it('allows back-to-back windows, other devices, and a window freed by a cancellation', async () => {
    const slot = window(2);
    const made = await insertReservation(test.db, booking(second ?? '', slot));
    if (!made.ok) throw new Error(made.error.message);
    expect((await insertReservation(test.db, booking(second ?? '', { startsAtMs: slot.endsAtMs, endsAtMs: slot.endsAtMs + HOUR }))).ok).toBe(true);
    expect((await insertReservation(test.db, booking(third ?? '', slot))).ok).toBe(true);
    expect((await insertReservation(test.db, booking(second ?? '', slot))).ok).toBe(false);
    const cancelled = await changeStatus(test.db, { id: made.value.id, from: ['requested', 'active'], to: 'cancelled', reason: 'customer called', operator: 'support', atMs: T0 });
    expect(cancelled.ok && cancelled.value.status).toBe('cancelled');
    expect((await insertReservation(test.db, booking(second ?? '', slot, 'next-customer'))).ok).toBe(true);
  });

  it('lets exactly one of many concurrent overlapping requests through', async () => {
    const slot = window(1);
    const attempts = await Promise.all(
      Array.from({ length: 16 }, (_, attempt) =>
        insertReservation(test.db, booking(third ?? '', { startsAtMs: slot.startsAtMs + attempt * 60_000, endsAtMs: slot.endsAtMs + attempt * 60_000 }, `racer-${attempt}`)),
      ),
    );
    expect(attempts.filter((attempt) => attempt.ok)).toHaveLength(1);
    expect(attempts.filter((attempt) => !attempt.ok && attempt.error.code === 'conflict')).toHaveLength(15);
    expect(await overlapping(test.db, third ?? '', slot.startsAtMs, slot.endsAtMs + HOUR)).toHaveLength(1);
  });

  it('is the database that refuses, whoever writes', async () => {
    const slot = window(1);
    expect((await insertReservation(test.db, booking(first ?? '', slot))).ok).toBe(true);
    const direct = test.db.query("INSERT INTO reservations (device_id, customer_ref, during, status, created_by) VALUES ($1, 'raw', tstzrange($2, $3, '[)'), 'requested', 'raw')", [
      first ?? '',
      new Date(slot.startsAtMs + 60_000),
      new Date(slot.endsAtMs),
    ]);
    await expect(direct).rejects.toMatchObject({ code: EXCLUSION_VIOLATION });
  });

  it('says when the device is unknown or the change comes too late', async () => {
    const unknown = await insertReservation(test.db, booking('no-such-device', window()));
    expect(!unknown.ok && unknown.error.code).toBe('notFound');
    const made = await insertReservation(test.db, booking(first ?? '', window()));
    if (!made.ok) throw new Error(made.error.message);
    await changeStatus(test.db, { id: made.value.id, from: ['active'], to: 'expired', reason: null, operator: 'system', atMs: T0 });
    const late = await changeStatus(test.db, { id: made.value.id, from: ['requested', 'active'], to: 'cancelled', reason: null, operator: 'support', atMs: T0 });
    expect(late).toEqual({ ok: false, error: { code: 'conflict', message: `Reservation ${made.value.id} is expired; it cannot become cancelled.` } });
    const missing = await changeStatus(test.db, { id: 987_654, from: ['active'], to: 'cancelled', reason: null, operator: 'support', atMs: T0 });
    expect(!missing.ok && missing.error.code).toBe('notFound');
  });

  it('finds the holding reservations whose window has ended', async () => {
    const slot = window(1);
    const made = await insertReservation(test.db, booking(second ?? '', slot));
    if (!made.ok) throw new Error(made.error.message);
    const before = await holdingEndedBy(test.db, slot.endsAtMs - 1);
    expect(before.map((reservation) => reservation.id)).not.toContain(made.value.id);
    const after = await holdingEndedBy(test.db, slot.endsAtMs);
    expect(after.map((reservation) => reservation.id)).toContain(made.value.id);
  });
});
