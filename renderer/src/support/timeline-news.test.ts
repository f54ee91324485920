import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../shared/alarms.js';
import type { Command } from '../../../shared/commands.js';
import type { Reservation } from '../../../shared/reservations.js';
import { testAlarm } from '../alarms/alarm-test-data.js';
import { HOUR, MINUTE, T0, testCommand, testReservation } from './story-test-data.js';
import { hasNews, type LiveBooks, type TimelineQuery } from './timeline-news.js';

const query: TimelineQuery = { customerRef: 'C-42', fromMs: T0 - 24 * HOUR, toMs: T0 + 24 * HOUR };
const reservation = testReservation(1, { deviceId: 'car-0002', startsAtMs: T0, endsAtMs: T0 + HOUR });
const unlock = testCommand('u', ['queued', 'sent'], { createdAtMs: T0 + 10 * MINUTE });
const offline = testAlarm(9, { deviceId: 'car-0002', raisedAtMs: T0 + 5 * MINUTE, revision: 3 });
const shown = { reservations: [reservation], commands: [unlock], alarms: [offline] };

function books(held: { reservations?: readonly Reservation[]; commands?: readonly Command[]; alarms?: readonly Alarm[] }): LiveBooks {
  return {
    reservationsOf: (customerRef) => (held.reservations ?? []).filter((each) => each.customerRef === customerRef),
    commandsOf: (deviceId) => (held.commands ?? []).filter((each) => each.deviceId === deviceId),
    alarmsOf: (deviceId) => (held.alarms ?? []).filter((each) => each.deviceId === deviceId),
  };
}

describe('news for the customer timeline on screen', () => {
  it('has none when the books hold what is shown', () => {
    expect(hasNews(shown, query, books({ reservations: [reservation], commands: [unlock], alarms: [offline] }))).toBe(false);
  });

  it('sees a command of a held device move on, or a new one around the window', () => {
    const failed = testCommand('u', ['queued', 'sent', ['timedOut', 'No answer']], { createdAtMs: unlock.createdAtMs });
    expect(hasNews(shown, query, books({ commands: [failed] }))).toBe(true);
    expect(hasNews(shown, query, books({ commands: [testCommand('new', ['queued'], { createdAtMs: T0 + HOUR + 30 * MINUTE })] }))).toBe(true);
  });

  it('ignores commands far from the windows and other devices’ commands', () => {
    expect(hasNews(shown, query, books({ commands: [testCommand('late', ['queued'], { createdAtMs: T0 + 3 * HOUR })] }))).toBe(false);
    expect(hasNews(shown, query, books({ commands: [testCommand('other', ['queued'], { deviceId: 'car-0009', createdAtMs: T0 })] }))).toBe(false);
  });

  it('sees the customer’s reservation change, or a new one in the range, but not another customer’s', () => {
    expect(hasNews(shown, query, books({ reservations: [{ ...reservation, status: 'expired', updatedAtMs: reservation.updatedAtMs + 1 }] }))).toBe(true);
    expect(hasNews(shown, query, books({ reservations: [testReservation(2, { startsAtMs: T0 + 2 * HOUR, endsAtMs: T0 + 3 * HOUR })] }))).toBe(true);
    expect(hasNews(shown, query, books({ reservations: [testReservation(3, { customerRef: 'C-7' })] }))).toBe(false);
    expect(hasNews(shown, query, books({ reservations: [testReservation(4, { startsAtMs: T0 + 30 * HOUR, endsAtMs: T0 + 31 * HOUR })] }))).toBe(false);
  });

  it('sees an alarm of a held device raised or changed around the window', () => {
    expect(hasNews(shown, query, books({ alarms: [{ ...offline, isCleared: true, revision: 4 }] }))).toBe(true);
    expect(hasNews(shown, query, books({ alarms: [testAlarm(10, { deviceId: 'car-0002', raisedAtMs: T0 + 50 * MINUTE })] }))).toBe(true);
    expect(hasNews(shown, query, books({ alarms: [testAlarm(11, { deviceId: 'car-0002', raisedAtMs: T0 - 2 * HOUR })] }))).toBe(false);
  });
});
