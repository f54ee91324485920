import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../../shared/alarms.js';
import { coveringWindow, describeWindow, formatLeft, formatWhen, initialForm, isStationWide, parseLocalTime, planWindow, problemWith, toLocalTimeValue, windowsFor, withWindow } from './maintenance.js';
import type { MaintenanceForm, MaintenanceTarget } from './maintenance.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 2025-01-14 13:50 UTC, a Tuesday. */
const NOW = Date.UTC(2025, 0, 14, 13, 50);

function window(part: Partial<MaintenanceWindow> & { readonly id: number }): MaintenanceWindow {
  return { deviceId: null, stationId: null, startsAtMs: NOW - HOUR, endsAtMs: NOW + HOUR, reason: 'Connector replacement', createdBy: 'supervisor', endedAtMs: null, ...part };
}

describe('which window covers a device or a station', () => {
  const device = { deviceId: 'cp-0001', stationId: 'st-01' };
  const station = { deviceId: null, stationId: 'st-01' };

  it('counts the device’s own windows and its station’s, now and later, and not others', () => {
    const own = window({ id: 1, deviceId: 'cp-0001', endsAtMs: NOW + 2 * HOUR });
    const stationWide = window({ id: 2, stationId: 'st-01', endsAtMs: NOW + 5 * HOUR });
    const later = window({ id: 3, deviceId: 'cp-0001', startsAtMs: NOW + 3 * HOUR, endsAtMs: NOW + 4 * HOUR });
    const soonest = window({ id: 4, stationId: 'st-01', startsAtMs: NOW + HOUR, endsAtMs: NOW + 9 * HOUR });
    const otherDevice = window({ id: 5, deviceId: 'cp-0002' });
    const otherStation = window({ id: 6, stationId: 'st-02' });
    const windows = [own, stationWide, later, soonest, otherDevice, otherStation];

    const forDevice = windowsFor(windows, device, NOW);
    expect(forDevice.current.map((each) => each.id)).toEqual([2, 1]);
    expect(forDevice.upcoming.map((each) => each.id)).toEqual([4, 3]);
    expect(coveringWindow(windows, device, NOW)?.id).toBe(2);

    // A station's panel shows the station's own windows, not its devices' one by one.
    const forStation = windowsFor(windows, station, NOW);
    expect(forStation.current.map((each) => each.id)).toEqual([2]);
    expect(forStation.upcoming.map((each) => each.id)).toEqual([4]);
    expect(isStationWide(stationWide, device)).toBe(true);
    expect(isStationWide(own, device)).toBe(false);
    expect(isStationWide(stationWide, station)).toBe(false);
  });

  it('stops covering at its end, or when someone ended it, and starts covering at its start', () => {
    const ended = window({ id: 1, deviceId: 'cp-0001', endedAtMs: NOW - MINUTE });
    const over = window({ id: 2, deviceId: 'cp-0001', endsAtMs: NOW });
    const starting = window({ id: 3, deviceId: 'cp-0001', startsAtMs: NOW });
    expect(windowsFor([ended, over, starting], device, NOW).current.map((each) => each.id)).toEqual([3]);
    expect(coveringWindow([ended, over], device, NOW)).toBeUndefined();
    // A planned window cancelled before it started covers nothing, ever.
    const cancelled = window({ id: 4, deviceId: 'cp-0001', startsAtMs: NOW + HOUR, endsAtMs: NOW + 2 * HOUR, endedAtMs: NOW - MINUTE });
    expect(windowsFor([cancelled], device, NOW)).toEqual({ current: [], upcoming: [] });
  });

  it('puts a call’s answer in the list: a new window added in start order, an ended one dropped', () => {
    const first = window({ id: 1, deviceId: 'cp-0001', startsAtMs: NOW - HOUR });
    const second = window({ id: 2, deviceId: 'cp-0002', startsAtMs: NOW + HOUR, endsAtMs: NOW + 2 * HOUR });
    const created = window({ id: 3, deviceId: 'cp-0003', startsAtMs: NOW });
    expect(withWindow([first, second], created, NOW).map((each) => each.id)).toEqual([1, 3, 2]);
    // The push had already brought it: no duplicate.
    expect(withWindow([first, created, second], created, NOW).map((each) => each.id)).toEqual([1, 3, 2]);
    expect(withWindow([first, second], { ...first, endedAtMs: NOW }, NOW).map((each) => each.id)).toEqual([2]);
  });
});

describe('how a window reads', () => {
  it('says until when, and how long is left, rounding minutes up', () => {
    const current = window({ id: 1, endsAtMs: Date.UTC(2025, 0, 14, 16, 0) });
    expect(describeWindow(current, NOW, 'UTC')).toBe('Under maintenance until 16:00 (2 h 10 min left)');
    expect(describeWindow(current, NOW + 30_000, 'UTC')).toBe('Under maintenance until 16:00 (2 h 10 min left)');
    expect(describeWindow(current, Date.UTC(2025, 0, 14, 15, 59, 30), 'UTC')).toBe('Under maintenance until 16:00 (under 1 min left)');
    // Ended early: the end is when it was ended.
    expect(describeWindow({ ...current, endedAtMs: NOW + 5 * MINUTE }, NOW, 'UTC')).toBe('Under maintenance until 13:55 (5 min left)');
  });

  it('names the day of a time that is not today, in the operator’s zone', () => {
    expect(formatWhen(Date.UTC(2025, 0, 14, 23, 30), NOW, 'UTC')).toBe('23:30');
    expect(formatWhen(Date.UTC(2025, 0, 15, 9, 0), NOW, 'UTC')).toBe('Wed 15 Jan, 09:00');
    // 23:30 UTC is already tomorrow in Paris.
    expect(formatWhen(Date.UTC(2025, 0, 14, 23, 30), NOW, 'Europe/Paris')).toBe('Wed 15 Jan, 00:30');
  });

  it('says a planned window quietly: from, until, how long', () => {
    const planned = window({ id: 1, startsAtMs: Date.UTC(2025, 0, 15, 9, 0), endsAtMs: Date.UTC(2025, 0, 15, 13, 0) });
    expect(describeWindow(planned, NOW, 'UTC')).toBe('Scheduled from Wed 15 Jan, 09:00 until 13:00 (4 h)');
    expect(formatLeft(24 * HOUR)).toBe('1 d');
    expect(formatLeft(90 * MINUTE)).toBe('1 h 30 min');
  });
});

describe('the request built from the dialog’s form', () => {
  const device = { deviceId: 'cp-0001', stationId: 'st-01' };
  const form = (part: Partial<MaintenanceForm>): MaintenanceForm => ({ ...initialForm(device), reason: 'Connector replacement', ...part });

  it('starts now for 1 h on the device by default, the reason trimmed', () => {
    expect(initialForm(device)).toMatchObject({ scope: 'device', startsNow: true, durationId: '1h' });
    expect(initialForm({ deviceId: null, stationId: 'st-01' }).scope).toBe('station');
    const plan = planWindow(form({ reason: '  Connector replacement \n' }), device, NOW);
    expect(plan).toEqual({ ok: true, request: { deviceId: 'cp-0001', startsAtMs: NOW, endsAtMs: NOW + HOUR, reason: 'Connector replacement' }, durationMs: HOUR });
  });

  it('covers the whole station, for a preset duration from a later start', () => {
    const startsAtMs = NOW + 3 * HOUR;
    const plan = planWindow(form({ scope: 'station', startsNow: false, startsAt: toLocalTimeValue(startsAtMs), durationId: '1d' }), device, NOW);
    expect(plan).toEqual({ ok: true, request: { stationId: 'st-01', startsAtMs, endsAtMs: startsAtMs + 24 * HOUR, reason: 'Connector replacement' }, durationMs: 24 * HOUR });
  });

  it('lasts until a chosen end', () => {
    const endsAtMs = NOW + 150 * MINUTE;
    const plan = planWindow(form({ durationId: null, endsAt: toLocalTimeValue(endsAtMs) }), device, NOW);
    expect(plan.ok && plan.request).toMatchObject({ startsAtMs: NOW, endsAtMs });
  });

  it('reads and writes datetime-local values to the minute, and refuses anything else', () => {
    const atMs = NOW + 7 * MINUTE;
    expect(parseLocalTime(toLocalTimeValue(atMs))).toBe(atMs);
    expect(toLocalTimeValue(atMs)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(parseLocalTime('')).toBeNull();
    expect(parseLocalTime('tomorrow')).toBeNull();
    expect(parseLocalTime('2025-13-45T10:00')).toBeNull();
  });

  it('says what is wrong, field by field', () => {
    const problems = (part: Partial<MaintenanceForm>, target: MaintenanceTarget = device) => {
      const plan = planWindow(form(part), target, NOW);
      return plan.ok ? [] : plan.problems;
    };
    expect(problemWith(problems({ reason: '   ' }), 'reason')).toMatch(/reason is required/);
    expect(problemWith(problems({ reason: 'x'.repeat(2001) }), 'reason')).toMatch(/at most 2000 characters/);
    expect(problemWith(problems({ startsNow: false, startsAt: '' }), 'startsAt')).toMatch(/Give the date and time the maintenance starts/);
    expect(problemWith(problems({ startsNow: false, startsAt: toLocalTimeValue(NOW - HOUR) }), 'startsAt')).toMatch(/in the past/);
    expect(problemWith(problems({ durationId: null, endsAt: '' }), 'endsAt')).toMatch(/Give the date and time the maintenance ends/);
    expect(problemWith(problems({ durationId: null, endsAt: toLocalTimeValue(NOW - HOUR) }), 'endsAt')).toMatch(/already past/);
    const laterStart = toLocalTimeValue(NOW + 3 * HOUR);
    expect(problemWith(problems({ startsNow: false, startsAt: laterStart, durationId: null, endsAt: toLocalTimeValue(NOW + 2 * HOUR) }), 'endsAt')).toMatch(/end must come after the start/);
    expect(problemWith(problems({ scope: 'station' }, { deviceId: 'car-0001', stationId: null }), 'scope')).toMatch(/belongs to no station/);
    // Every problem at once, not one per attempt.
    expect(problems({ reason: '', durationId: null, endsAt: '' }).map((problem) => problem.field)).toEqual(['endsAt', 'reason']);
  });

  it('lets a start typed in the current minute through: it means from then', () => {
    const typed = NOW - 50_000;
    const plan = planWindow(form({ startsNow: false, startsAt: toLocalTimeValue(typed) }), device, NOW);
    expect(plan.ok).toBe(true);
  });
});
