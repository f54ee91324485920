import { describe, expect, it } from 'vitest';
import { testAlarm } from '../alarms/alarm-test-data.js';
import { customerStory, storyDays, storyDevices } from './customer-story.js';
import { HOUR, MINUTE, T0, testCommand, testReservation } from './story-test-data.js';

describe('a customer’s story as one timeline', () => {
  const refused = testReservation(1, { deviceId: 'cp-0001', status: 'refused', statusReason: 'The charge point is occupied', startsAtMs: T0 });
  const car = testReservation(2, { deviceId: 'car-0002', idTag: null, connectorId: null, startsAtMs: T0 + 2 * MINUTE, endsAtMs: T0 + 3 * HOUR, flaggedAtMs: T0 + 4 * MINUTE, flagReason: 'Its device is offline' });
  const unlock = testCommand('c-unlock', ['queued', ['failed', 'car-0002 is offline; Unlock is never kept for later.']], { createdAtMs: T0 + 5 * MINUTE });
  const locate = testCommand('c-locate', ['queued', 'sent', 'delivered', ['succeeded', 'Done, says the car']], { type: 'locate', createdAtMs: T0 + 3 * MINUTE });
  const offline = testAlarm(7, { deviceId: 'car-0002', raisedAtMs: T0 + 4 * MINUTE });
  const timeline = { reservations: [refused, car], commands: [locate, unlock], alarms: [offline] };

  it('mixes reservations, commands and alarms, newest first', () => {
    expect(customerStory(timeline).map((entry) => entry.key)).toEqual(['command:c-unlock', 'alarm:7', 'command:c-locate', 'reservation:2', 'reservation:1']);
  });

  it('puts a reservation at the start of its window, a command where it was made, an alarm where it was raised', () => {
    const byKey = new Map(customerStory(timeline).map((entry) => [entry.key, entry.atMs]));
    expect(byKey.get('reservation:1')).toBe(T0);
    expect(byKey.get('reservation:2')).toBe(T0 + 2 * MINUTE);
    expect(byKey.get('command:c-unlock')).toBe(T0 + 5 * MINUTE);
    expect(byKey.get('alarm:7')).toBe(T0 + 4 * MINUTE);
  });

  it('marks what went wrong: a refusal and a failed command are bad, a flag needs a look, a success is good', () => {
    const tones = Object.fromEntries(customerStory(timeline).map((entry) => [entry.key, entry.tone]));
    expect(tones).toEqual({ 'reservation:1': 'bad', 'reservation:2': 'warn', 'command:c-unlock': 'bad', 'command:c-locate': 'good', 'alarm:7': 'warn' });
  });

  it('lists at the same millisecond the likelier effect above its cause', () => {
    const sameTime = { reservations: [testReservation(3, { startsAtMs: T0 })], commands: [testCommand('c1', ['queued'], { createdAtMs: T0 })], alarms: [testAlarm(4, { raisedAtMs: T0 })] };
    expect(customerStory(sameTime).map((entry) => entry.kind)).toEqual(['alarm', 'command', 'reservation']);
  });

  it('names each device once, newest first, with what happened to it', () => {
    expect(storyDevices(customerStory(timeline))).toEqual([
      { deviceId: 'car-0002', reservations: 1, commands: 2, commandTroubles: 1, alarms: 1, hasTrouble: true },
      { deviceId: 'cp-0001', reservations: 1, commands: 0, commandTroubles: 0, alarms: 0, hasTrouble: true },
    ]);
  });

  it('groups consecutive entries of one day under one heading', () => {
    const days = storyDays(customerStory(timeline), (atMs) => (atMs >= T0 + 3 * MINUTE ? 'later' : 'earlier'));
    expect(days.map((day) => [day.day, day.entries.length])).toEqual([
      ['later', 3],
      ['earlier', 2],
    ]);
  });

  it('is empty for a customer with nothing in the range', () => {
    expect(customerStory({ reservations: [], commands: [], alarms: [] })).toEqual([]);
  });
});
