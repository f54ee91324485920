import { beforeEach, describe, expect, it } from 'vitest';
import type { Alarm } from '../../../shared/alarms.js';
import type { DesktopNotification, NotificationTarget } from '../../../shared/bridge.js';
import { AlarmBook } from './alarm-book.js';
import { testAlarm } from './alarm-test-data.js';
import { BURST_GATHER_MS, BURST_WINDOW_MS, isSilenced, startAlarmNotifier } from './notifier.js';
import type { AlarmNotifier, Clock, NotifierSettings } from './notifier.js';

class FakeClock implements Clock {
  nowMs = 1_700_000_000_000;
  #timers: { atMs: number; callback: () => void; isCancelled: boolean }[] = [];
  now(): number {
    return this.nowMs;
  }
  schedule(callback: () => void, delayMs: number): () => void {
    const timer = { atMs: this.nowMs + delayMs, callback, isCancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.isCancelled = true;
    };
  }
  advance(milliseconds: number): void {
    const endMs = this.nowMs + milliseconds;
    for (;;) {
      const due = this.#timers.filter((timer) => !timer.isCancelled && timer.atMs <= endMs).sort((left, right) => left.atMs - right.atMs)[0];
      if (!due) break;
      this.nowMs = due.atMs;
      due.isCancelled = true;
      due.callback();
    }
    this.nowMs = endMs;
  }
  get pendingTimers(): number {
    return this.#timers.filter((timer) => !timer.isCancelled).length;
  }
}

const critical = (id: number, patch: Partial<Alarm> = {}) =>
  testAlarm(id, { severity: 'critical', type: 'deviceFault', deviceId: `cp-${id}`, deviceKind: 'chargePoint', message: 'GroundFailure', ...patch });

let book: AlarmBook;
let clock: FakeClock;
let shown: DesktopNotification[];
let badges: number[];
let sounds: number;
let opened: NotificationTarget[];
let snoozesEnded: number;
let settings: NotifierSettings;
let clickListeners: Set<(target: NotificationTarget) => void>;
let notifier: AlarmNotifier;

function start(): AlarmNotifier {
  return startAlarmNotifier({
    book,
    clock,
    bridge: {
      notify: async (notification) => void shown.push(notification),
      setAlarmBadge: async (count) => void badges.push(count),
      onNotificationClick: (listener) => {
        clickListeners.add(listener);
        return () => clickListeners.delete(listener);
      },
    },
    settings: () => settings,
    sound: { play: () => void (sounds += 1) },
    open: (target) => opened.push(target),
    endSnooze: () => {
      snoozesEnded += 1;
      settings = { ...settings, alarmSnooze: null };
    },
    names: { deviceLabel: (deviceId) => deviceId.toUpperCase(), stationName: (stationId) => `Station ${stationId}` },
  });
}

const snapshot = (alarms: readonly Alarm[]) => book.applySnapshot({ alarms, maintenance: [], serverTimeMs: clock.now() }, clock.now());
const change = (...alarms: Alarm[]) => book.applyChanges({ alarms, serverTimeMs: clock.now() }, clock.now());
const titles = () => shown.map((notification) => notification.title);

beforeEach(() => {
  book = new AlarmBook();
  clock = new FakeClock();
  shown = [];
  badges = [];
  sounds = 0;
  opened = [];
  snoozesEnded = 0;
  settings = { alarmSound: true, alarmsMuted: false, alarmSnooze: null };
  clickListeners = new Set();
  notifier = start();
});

describe('a new critical alarm', () => {
  it('is notified once, with a tone, naming the fault, the device and its station, and opening that alarm', () => {
    snapshot([]);
    change(critical(1, { stationId: 'st-7' }));
    expect(shown).toEqual([
      {
        title: 'Critical: Device fault, CP-1',
        body: 'GroundFailure\nStation st-7',
        isCritical: true,
        isSilent: true,
        target: { kind: 'alarm', alarmId: 1 },
      },
    ]);
    expect(sounds).toBe(1);
    // Another occurrence, a comment, an assignment: the same alarm, no second notification.
    change(critical(1, { revision: 2, occurrences: 2 }));
    change(critical(1, { revision: 3, assignee: 'sam' }));
    expect(shown).toHaveLength(1);
    expect(sounds).toBe(1);
  });

  it('is never announced from a snapshot: not on connect, not after a reconnect', () => {
    snapshot([critical(1), critical(2)]);
    expect(shown).toEqual([]);
    // A reconnect's snapshot brings alarms raised while away: counted, not announced.
    snapshot([critical(1), critical(2), critical(3), critical(4), critical(5)]);
    clock.advance(BURST_WINDOW_MS * 2);
    expect(shown).toEqual([]);
    expect(sounds).toBe(0);
    expect(badges.at(-1)).toBe(5);
  });

  it('is not announced when acknowledged already, suppressed by a maintenance window, or less than critical', () => {
    snapshot([]);
    change(critical(1, { isAcknowledged: true }), critical(2, { isSuppressed: true }), testAlarm(3, { severity: 'major' }));
    expect(shown).toEqual([]);
    expect(badges.at(-1)).toBe(0);
  });

  it('is announced when a seen alarm becomes critical or leaves a maintenance window, once', () => {
    snapshot([testAlarm(1, { severity: 'major' }), critical(2, { isSuppressed: true })]);
    change(critical(1, { revision: 2 }));
    change(critical(2, { revision: 2, isSuppressed: false }));
    expect(titles()).toEqual(['Critical: Device fault, CP-1', 'Critical: Device fault, CP-2']);
    change(testAlarm(1, { revision: 3, severity: 'major' }));
    change(critical(1, { revision: 4 }));
    expect(shown).toHaveLength(2);
  });

  it('is announced when escalated if this console never announced it, and not a second time otherwise', () => {
    snapshot([critical(1)]);
    change(critical(2));
    change(critical(1, { revision: 2, escalatedAtMs: clock.now() }), critical(2, { revision: 2, escalatedAtMs: clock.now() }));
    expect(titles()).toEqual(['Critical: Device fault, CP-2', 'Escalated: Device fault, CP-1']);
  });
});

describe('a burst of critical alarms', () => {
  it('becomes one notification that opens the critical alarms, after a short gathering', () => {
    snapshot([]);
    change(critical(1), critical(2), critical(3), critical(4), critical(5));
    expect(shown).toEqual([]);
    clock.advance(BURST_GATHER_MS);
    expect(shown).toEqual([
      {
        title: '5 new critical alarms',
        body: 'Device fault, CP-1\nDevice fault, CP-2\nDevice fault, CP-3\nDevice fault, CP-4\nand 1 more',
        isCritical: true,
        isSilent: true,
        target: { kind: 'alarms', severity: 'critical' },
      },
    ]);
    expect(sounds).toBe(1);
  });

  it('arriving over several changes: the first three one by one, the rest together', () => {
    snapshot([]);
    change(critical(1));
    change(critical(2), critical(3));
    expect(shown).toHaveLength(3);
    clock.advance(500);
    change(critical(4));
    clock.advance(200);
    change(critical(5), critical(6));
    expect(shown).toHaveLength(3);
    clock.advance(BURST_GATHER_MS);
    expect(titles()).toEqual(['Critical: Device fault, CP-1', 'Critical: Device fault, CP-2', 'Critical: Device fault, CP-3', '3 new critical alarms']);
    // One tone per notifying moment, not per alarm.
    expect(sounds).toBe(3);
  });

  it('in a lasting storm, at most one notification per window', () => {
    snapshot([]);
    change(critical(1), critical(2), critical(3), critical(4));
    clock.advance(BURST_GATHER_MS);
    change(critical(5), critical(6), critical(7), critical(8));
    clock.advance(BURST_GATHER_MS);
    expect(shown).toHaveLength(1);
    clock.advance(BURST_WINDOW_MS - BURST_GATHER_MS);
    expect(titles()).toEqual(['4 new critical alarms', '4 new critical alarms']);
    // Once it is quiet for a window, single alarms are announced one by one again.
    clock.advance(BURST_WINDOW_MS);
    change(critical(9));
    expect(titles().at(-1)).toBe('Critical: Device fault, CP-9');
  });

  it('leaves out the alarms acknowledged while it gathered; one left is announced alone', () => {
    snapshot([]);
    change(critical(1), critical(2), critical(3), critical(4));
    change(critical(1, { revision: 2, isAcknowledged: true }), critical(2, { revision: 2, isAcknowledged: true }), critical(3, { revision: 2, isAcknowledged: true }));
    clock.advance(BURST_GATHER_MS);
    expect(titles()).toEqual(['Critical: Device fault, CP-4']);
  });
});

describe('mute, snooze and sound', () => {
  it('muted: no notification and no tone, the badge still counts; unmuting does not replay what was missed', () => {
    settings = { ...settings, alarmsMuted: true };
    snapshot([]);
    change(critical(1));
    change(critical(2), critical(3), critical(4), critical(5));
    clock.advance(BURST_WINDOW_MS);
    expect(shown).toEqual([]);
    expect(sounds).toBe(0);
    expect(badges.at(-1)).toBe(5);
    settings = { ...settings, alarmsMuted: false };
    change(critical(1, { revision: 2, occurrences: 2 }));
    expect(shown).toEqual([]);
    change(critical(6));
    expect(titles()).toEqual(['Critical: Device fault, CP-6']);
  });

  it('a burst gathered before muting is dropped', () => {
    snapshot([]);
    change(critical(1), critical(2), critical(3), critical(4));
    settings = { ...settings, alarmsMuted: true };
    clock.advance(BURST_GATHER_MS);
    expect(shown).toEqual([]);
  });

  it('snoozed for a time: silent until then, notifying again after', () => {
    settings = { ...settings, alarmSnooze: { kind: 'until', untilMs: clock.now() + 15 * 60_000 } };
    snapshot([]);
    change(critical(1));
    clock.advance(15 * 60_000 - 1);
    change(critical(2));
    expect(shown).toEqual([]);
    clock.advance(1);
    change(critical(3));
    expect(titles()).toEqual(['Critical: Device fault, CP-3']);
  });

  it('snoozed until handled: silent while critical alarms wait, ended once none is left unacknowledged', () => {
    snapshot([critical(1)]);
    settings = { ...settings, alarmSnooze: { kind: 'incident' } };
    change(critical(2));
    expect(shown).toEqual([]);
    // A reconnect empties the book and loads it again: that is not the incident ending.
    book.clear();
    snapshot([critical(1), critical(2)]);
    expect(snoozesEnded).toBe(0);
    change(critical(1, { revision: 2, isAcknowledged: true }));
    expect(snoozesEnded).toBe(0);
    change(critical(2, { revision: 2, isAcknowledged: true }));
    expect(snoozesEnded).toBe(1);
    change(critical(3));
    expect(titles()).toEqual(['Critical: Device fault, CP-3']);
  });

  it('sound off: the notification without the tone', () => {
    settings = { ...settings, alarmSound: false };
    snapshot([]);
    change(critical(1));
    expect(shown).toHaveLength(1);
    expect(sounds).toBe(0);
  });

  it('isSilenced reads mute and snooze against the time', () => {
    const nowMs = 1_000_000;
    expect(isSilenced(null, nowMs)).toBe(false);
    expect(isSilenced({ alarmSound: true, alarmsMuted: false, alarmSnooze: null }, nowMs)).toBe(false);
    expect(isSilenced({ alarmSound: true, alarmsMuted: true, alarmSnooze: null }, nowMs)).toBe(true);
    expect(isSilenced({ alarmSound: true, alarmsMuted: false, alarmSnooze: { kind: 'until', untilMs: nowMs + 1 } }, nowMs)).toBe(true);
    expect(isSilenced({ alarmSound: true, alarmsMuted: false, alarmSnooze: { kind: 'until', untilMs: nowMs } }, nowMs)).toBe(false);
    expect(isSilenced({ alarmSound: true, alarmsMuted: false, alarmSnooze: { kind: 'incident' } }, nowMs)).toBe(true);
  });
});

describe('the badge', () => {
  it('counts unacknowledged, unsuppressed critical alarms, sent only when the count changes', () => {
    expect(badges).toEqual([0]);
    snapshot([critical(1), critical(2, { isSuppressed: true }), testAlarm(3, { severity: 'major' })]);
    change(critical(4));
    change(critical(4, { revision: 2, occurrences: 3 }));
    change(critical(1, { revision: 2, isAcknowledged: true }));
    change(critical(4, { revision: 3, isCleared: true, isAcknowledged: true, closedAtMs: clock.now() }));
    expect(badges).toEqual([0, 1, 2, 1, 0]);
  });
});

describe('clicks and stopping', () => {
  it('a click opens its target; stopping ends clicks, timers and the badge', () => {
    snapshot([]);
    for (const listener of clickListeners) listener({ kind: 'alarm', alarmId: 7 });
    expect(opened).toEqual([{ kind: 'alarm', alarmId: 7 }]);
    change(critical(1), critical(2), critical(3), critical(4));
    notifier.stop();
    expect(clickListeners.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(badges.at(-1)).toBe(0);
    change(critical(5));
    clock.advance(BURST_WINDOW_MS);
    expect(shown).toEqual([]);
  });

  it('a remounted notifier knows the alarms already in the book', () => {
    snapshot([critical(1, { isSuppressed: true })]);
    notifier.stop();
    notifier = start();
    change(critical(1, { revision: 2, occurrences: 2, isSuppressed: true }));
    expect(shown).toEqual([]);
  });

  it('a refused notification is reported, and the notifier carries on', async () => {
    notifier.stop();
    const errors: unknown[] = [];
    startAlarmNotifier({
      book,
      clock,
      bridge: {
        notify: async () => Promise.reject(new Error('no notification service')),
        setAlarmBadge: async () => undefined,
        onNotificationClick: () => () => undefined,
      },
      settings: () => settings,
      sound: { play: () => void (sounds += 1) },
      open: () => undefined,
      endSnooze: () => undefined,
      onError: (error) => errors.push(error),
    });
    snapshot([]);
    change(critical(1));
    change(critical(2));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toHaveLength(2);
    expect(sounds).toBe(2);
  });
});
