import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OperatorIdentity } from '../../shared/console-api.js';
import type { DeviceDetail } from '../../shared/device-detail.js';
import type { DeviceStatus } from '../../shared/fleet.js';
import { generateDemoNetwork } from '../../shared/network.js';
import { readAudit } from '../alarms/audit.js';
import type { Inventory } from '../inventory/types.js';
import { openProvisionedDatabase } from '../state/test-support.js';
import { silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createReservationService } from './service.js';
import type { ChargePointReservations, ReservationService, ReserveAnswer } from './service.js';

const HOUR = 3_600_000;
const network = generateDemoNetwork({ seed: 5, stations: 2, cars: 6, chargePoints: 6 });
const cars = network.devices.filter((device) => device.kind === 'car').map((device) => device.id);
const chargePoints = network.devices.filter((device) => device.kind === 'chargePoint').map((device) => device.id);
const dispatcher: OperatorIdentity = { id: 1, username: 'dora', role: 'dispatcher' };

/** Charge points that answer ReserveNow as the test says, and remember what they were asked. */
class FakeChargePoints implements ChargePointReservations {
  answer: ReserveAnswer = 'Accepted';
  readonly asked: { chargePointId: string; idTag: string; reservationId: number; expiryDate: string }[] = [];
  readonly cancelled: number[] = [];

  reserveNow(chargePointId: string, request: { idTag: string; reservationId: number; expiryDate: string }): Promise<ReserveAnswer> {
    this.asked.push({ chargePointId, ...request });
    return Promise.resolve(this.answer);
  }

  cancelReservation(_chargePointId: string, reservationId: number): Promise<void> {
    this.cancelled.push(reservationId);
    return Promise.resolve();
  }
}

describe.each(testEngines())('reservation service on $name', (engine) => {
  let test: TestDatabase;
  let inventory: Inventory;
  let points: FakeChargePoints;
  let service: ReservationService;
  let nowMs = Date.parse('2026-12-02T08:00:00Z');
  /** What each device last said: heard a second ago and available, unless a test says otherwise. */
  const heard = new Map<string, { status: DeviceStatus; lastSeenMs: number; isOnline: boolean }>();

  const detail = (deviceId: string): DeviceDetail | undefined => {
    const device = inventory.device(deviceId);
    const said = heard.get(deviceId) ?? { status: 'available', lastSeenMs: nowMs - 1000, isOnline: true };
    if (!device) return undefined;
    const base = { id: deviceId, serialNumber: device.serialNumber, firmwareVersion: null, model: { id: 'm', manufacturer: 'm', name: 'm' }, station: null, deviceTime: null, clockOffsetMs: null, isClockFarOff: false };
    const state = { status: said.status, isOnline: said.isOnline, lastSeenAt: new Date(said.lastSeenMs).toISOString() };
    return device.kind === 'car' ? { ...base, ...state, kind: 'car', plate: device.plate ?? '', state: null } : { ...base, ...state, kind: 'chargePoint', state: null };
  };

  beforeAll(async () => {
    ({ test, inventory } = await openProvisionedDatabase(engine, network));
  });

  afterAll(async () => {
    await test.cleanup();
  });

  beforeEach(() => {
    nowMs += 48 * HOUR;
    heard.clear();
    points = new FakeChargePoints();
    service = createReservationService({ db: test.db, inventory, devices: { detail }, chargePoints: points, logger: silentLogger, now: () => nowMs });
  });

  const request = (deviceId: string, extra: Record<string, unknown> = {}) => ({ deviceId, customerRef: 'CUST-1001', startsAtMs: nowMs, endsAtMs: nowMs + HOUR, ...extra });

  it('holds a car that was heard from and is free, and audits it', async () => {
    const made = await service.create(dispatcher, request(cars[0] ?? ''));
    expect(made.ok && made.value.status).toBe('active');
    const [entry] = await readAudit(test.db, { target: made.ok ? `reservation:${made.value.id}` : '' });
    expect(entry?.action).toBe('reservation:create');
  });

  it('refuses a device that is silent, stale, in use or faulted, and says which', async () => {
    heard.set(cars[1] ?? '', { status: 'available', lastSeenMs: nowMs - 3 * HOUR, isOnline: true });
    const stale = await service.create(dispatcher, request(cars[1] ?? ''));
    expect(!stale.ok && stale.error.message).toBe(`${cars[1]} cannot be reserved: it has not been heard from since ${new Date(nowMs - 3 * HOUR).toISOString()}.`);
    heard.set(cars[2] ?? '', { status: 'inUse', lastSeenMs: nowMs, isOnline: true });
    expect(await service.create(dispatcher, request(cars[2] ?? ''))).toEqual({ ok: false, error: { code: 'conflict', message: `${cars[2]} cannot be reserved: it is in use.` } });
    heard.set(chargePoints[0] ?? '', { status: 'faulted', lastSeenMs: nowMs, isOnline: true });
    const faulted = await service.create(dispatcher, request(chargePoints[0] ?? ''));
    expect(!faulted.ok && faulted.error.message).toContain('it is faulted');
  });

  it('refuses windows that make no sense', async () => {
    const car = cars[3] ?? '';
    for (const [window, message] of [
      [{ startsAtMs: nowMs - 2 * HOUR, endsAtMs: nowMs }, 'A reservation cannot start in the past.'],
      [{ startsAtMs: nowMs, endsAtMs: nowMs }, 'A reservation must end after it starts.'],
      [{ startsAtMs: nowMs, endsAtMs: nowMs + 25 * HOUR }, 'A reservation may last at most 24 hours.'],
      [{ startsAtMs: nowMs + 8 * 24 * HOUR, endsAtMs: nowMs + 8 * 24 * HOUR + HOUR }, 'A reservation may start at most 7 days ahead.'],
    ] as const) {
      expect(await service.create(dispatcher, request(car, window))).toEqual({ ok: false, error: { code: 'invalid', message } });
    }
  });

  it('asks a charge point with ReserveNow and holds it when it accepts', async () => {
    const made = await service.create(dispatcher, request(chargePoints[1] ?? '', { idTag: 'RFID-77' }));
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value.status).toBe('active');
    expect(points.asked).toEqual([{ chargePointId: chargePoints[1], connectorId: 1, idTag: 'RFID-77', reservationId: made.value.id, expiryDate: new Date(nowMs + HOUR).toISOString() }]);
    await service.cancel(dispatcher, made.value.id);
    expect(points.cancelled).toEqual([made.value.id]);
  });

  it('records a charge point\'s refusal with its reason, and the refused window stays free', async () => {
    const chargePoint = chargePoints[2] ?? '';
    for (const [answer, reason] of [
      ['Occupied', 'The charge point is occupied'],
      ['Faulted', 'The charge point is faulted'],
      ['Unavailable', 'The charge point is unavailable'],
      ['Rejected', 'The charge point rejected the reservation'],
      [{ error: 'not connected' }, 'The charge point could not be asked: not connected'],
    ] as const) {
      points.answer = answer;
      const refused = await service.create(dispatcher, request(chargePoint));
      expect(refused.ok && [refused.value.status, refused.value.statusReason]).toEqual(['refused', reason]);
    }
    points.answer = 'Accepted';
    expect((await service.create(dispatcher, request(chargePoint))).ok).toBe(true);
  });

  it('lets one of many concurrent requests for one device through, and explains the others', async () => {
    const car = cars[4] ?? '';
    const answers = await Promise.all(Array.from({ length: 10 }, (_, index) => service.create(dispatcher, request(car, { customerRef: `CUST-${index}` }))));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    for (const answer of answers.filter((candidate) => !candidate.ok)) expect(!answer.ok && answer.error.message).toMatch(/is already reserved by reservation \d+ for CUST-\d/);
  });

  it('asks a charge point when a future window starts, expires what is over, and flags a reservation whose device went down', async () => {
    const chargePoint = chargePoints[3] ?? '';
    const later = await service.create(dispatcher, request(chargePoint, { startsAtMs: nowMs + HOUR, endsAtMs: nowMs + 3 * HOUR }));
    expect(later.ok && later.value.status).toBe('requested');
    expect(points.asked).toHaveLength(0);
    nowMs += HOUR;
    await service.sweep();
    expect(points.asked.map((asked) => asked.chargePointId)).toEqual([chargePoint]);

    heard.set(chargePoint, { status: 'faulted', lastSeenMs: nowMs, isOnline: true });
    const changes: (string | null)[] = [];
    const stop = service.onChange((reservation) => changes.push(reservation.flagReason));
    await service.sweep();
    heard.delete(chargePoint);
    await service.sweep();
    stop();
    expect(changes).toEqual(['Its device is faulted', null]);

    nowMs += 2 * HOUR;
    await service.sweep();
    const cancelled = later.ok ? await service.cancel(dispatcher, later.value.id) : null;
    expect(cancelled && !cancelled.ok && cancelled.error.message).toContain('is expired');
  });

  it('marks a reservation used when its charge point starts a session with it, and only its own charge point', async () => {
    const chargePoint = chargePoints[4] ?? '';
    const made = await service.create(dispatcher, request(chargePoint));
    if (!made.ok) throw new Error(made.error.message);
    await service.used(chargePoints[5] ?? '', made.value.id);
    expect((await service.list({ fromMs: nowMs, toMs: nowMs + 1, deviceId: chargePoint, limit: 10 }))[0]?.status).toBe('active');
    await service.used(chargePoint, made.value.id);
    const [used] = await service.list({ fromMs: nowMs, toMs: nowMs + 1, deviceId: chargePoint, limit: 10 });
    expect([used?.status, used?.statusReason]).toEqual(['used', 'A session started with it']);
  });
});
