import { describe, expect, it } from 'vitest';
import { testAlarm } from '../alarms/alarm-test-data.js';
import { storySummary, summaryText } from './story-summary.js';
import { commandReason, shortReason } from './story-words.js';
import { testCommand, testReservation } from './story-test-data.js';

const summary = (timeline: Parameters<typeof storySummary>[0]) => summaryText(storySummary(timeline));

describe('the summary that answers at a glance', () => {
  it('counts reservations, commands and alarms, and says why what went wrong went wrong', () => {
    const timeline = {
      reservations: [testReservation(1, { status: 'refused', statusReason: 'The charge point is occupied' }), testReservation(2, { deviceId: 'car-0002' })],
      commands: [
        testCommand('a', ['queued', 'sent', 'delivered', 'succeeded'], { type: 'locate' }),
        testCommand('b', ['queued', ['failed', 'car-0002 is offline; Unlock is never kept for later, so that it cannot fire when the device comes back.']]),
        testCommand('c', ['queued', 'sent', 'delivered', 'succeeded'], { type: 'lock' }),
      ],
      alarms: [testAlarm(1, { type: 'offline', severity: 'major' })],
    };
    expect(summary(timeline)).toBe('2 reservations · 1 refused (charge point occupied) · 3 commands · 1 failed (unlock: car-0002 offline) · 1 alarm · 1 major (offline)');
  });

  it('marks the parts that went wrong, so the screen can colour them', () => {
    const parts = storySummary({ reservations: [testReservation(1, { status: 'refused', statusReason: 'The charge point is faulted' })], commands: [], alarms: [testAlarm(2, { type: 'deviceFault', severity: 'critical' })] });
    expect(parts.map((part) => [part.key, part.tone])).toEqual([
      ['reservations', 'plain'],
      ['refused', 'bad'],
      ['commands', 'plain'],
      ['alarms', 'plain'],
      ['alarms-critical', 'bad'],
    ]);
    expect(summaryText(parts)).toBe('1 reservation · 1 refused (charge point faulted) · no commands · 1 alarm · 1 critical (device fault)');
  });

  it('names each kind of failure apart, and at most two reasons each', () => {
    const timeline = {
      reservations: [testReservation(1, { status: 'active', flagReason: 'Its device is offline', flaggedAtMs: 1 })],
      commands: [
        testCommand('a', ['queued', 'sent', ['rejected', 'The car refused it: bad signature']]),
        testCommand('b', ['queued', 'sent', ['timedOut', 'No answer within 20 s']], { type: 'lock' }),
        testCommand('c', ['queued', ['failed', 'car-1 is offline']], { type: 'locate' }),
        testCommand('d', ['queued', ['failed', 'car-2 is offline']], { type: 'locate' }),
        testCommand('e', ['queued', ['failed', 'car-3 is offline']], { type: 'locate' }),
        testCommand('f', ['queued', ['cancelled', 'Cancelled by ana']], { type: 'lock' }),
      ],
      alarms: [],
    };
    expect(summary(timeline)).toBe(
      '1 reservation · 1 flagged (its device offline) · 6 commands · 1 rejected (unlock: car refused it: bad signature) · 3 failed (flash and horn: car-1 offline, flash and horn: car-2 offline +1 more) · 1 timed out (lock: no answer within 20 s) · no alarms',
    );
  });

  it('says only that when the customer has no reservation in the range', () => {
    expect(summary({ reservations: [], commands: [], alarms: [] })).toBe('no reservations');
  });

  it('says so when a failure gave no reason', () => {
    expect(summary({ reservations: [testReservation(1, { status: 'refused' })], commands: [testCommand('a', ['queued', 'expired'])], alarms: [] })).toBe(
      '1 reservation · 1 refused (no reason given) · 1 command · 1 expired (unlock: no reason given) · no alarms',
    );
  });
});

describe('reasons in words', () => {
  it('shortens a reason to its first clause, without "the" and "is"', () => {
    expect(shortReason('The charge point is occupied')).toBe('charge point occupied');
    expect(shortReason('car-00002 is offline; Unlock is never kept for later.')).toBe('car-00002 offline');
    expect(shortReason('Expired before the device could be reached')).toBe('expired before the device could be reached');
    expect(shortReason('CP-12 is faulted. Call the installer.')).toBe('CP-12 faulted');
  });

  it('takes a command’s reason from the step that ended it', () => {
    const command = testCommand('a', [
      'queued',
      ['sent', 'Written to the car'],
      ['rejected', 'The car refused it: too old'],
    ]);
    expect(commandReason(command)).toBe('The car refused it: too old');
    expect(commandReason(testCommand('b', ['queued', 'sent']))).toBeNull();
  });
});
