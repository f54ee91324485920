import { describe, expect, it } from 'vitest';
import { testAlarm } from './alarm-test-data.js';
import { NO_CURSOR, acknowledgeTargets, alarmName, moveCursor, needsComment, pruneSelection, resolveCursor } from './triage.js';

describe('the triage cursor', () => {
  const rows = [10, 20, 30];

  it('starts at the first row with j and the last with k, then moves and stops at the ends', () => {
    expect(moveCursor(rows, NO_CURSOR, 1)).toEqual({ alarmId: 10, position: 0 });
    expect(moveCursor(rows, NO_CURSOR, -1)).toEqual({ alarmId: 30, position: 2 });
    expect(moveCursor(rows, { alarmId: 20, position: 1 }, 1)).toEqual({ alarmId: 30, position: 2 });
    expect(moveCursor(rows, { alarmId: 30, position: 2 }, 1)).toEqual({ alarmId: 30, position: 2 });
    expect(moveCursor(rows, { alarmId: 10, position: 0 }, -1)).toEqual({ alarmId: 10, position: 0 });
    expect(moveCursor([], { alarmId: 10, position: 0 }, 1)).toEqual(NO_CURSOR);
  });

  it('follows its alarm when rows reorder, and stays in place when its alarm leaves', () => {
    expect(resolveCursor([30, 20, 10], { alarmId: 20, position: 2 })).toEqual({ alarmId: 20, position: 1 });
    // Alarm 20 closed: the cursor lands on the alarm that took its place, so "a" can go on down the list.
    expect(resolveCursor([10, 30], { alarmId: 20, position: 1 })).toEqual({ alarmId: 30, position: 1 });
    expect(resolveCursor([10], { alarmId: 20, position: 1 })).toEqual({ alarmId: 10, position: 0 });
    expect(resolveCursor([], { alarmId: 20, position: 1 })).toEqual(NO_CURSOR);
    expect(moveCursor([10, 30], { alarmId: 20, position: 1 }, 1)).toEqual({ alarmId: 30, position: 1 });
  });
});

describe('what "a" acknowledges', () => {
  const alarms = new Map(
    [
      testAlarm(1, { severity: 'critical' }),
      testAlarm(2),
      testAlarm(3, { isAcknowledged: true }),
      testAlarm(4, { severity: 'warning' }),
    ].map((alarm) => [alarm.id, alarm]),
  );
  const lookup = (alarmId: number) => alarms.get(alarmId);

  it('takes the ticked alarms first, else the cursor, else the open alarm', () => {
    expect(acknowledgeTargets([2, 4], 1, 1, lookup).alarms.map((alarm) => alarm.id)).toEqual([2, 4]);
    expect(acknowledgeTargets([], 1, 2, lookup).alarms.map((alarm) => alarm.id)).toEqual([1]);
    expect(acknowledgeTargets([], null, 2, lookup).alarms.map((alarm) => alarm.id)).toEqual([2]);
    expect(acknowledgeTargets([], null, null, lookup)).toEqual({ alarms: [], skipped: 0 });
  });

  it('leaves out alarms already acknowledged or gone, and counts them', () => {
    const targets = acknowledgeTargets([2, 3, 99], null, null, lookup);
    expect(targets.alarms.map((alarm) => alarm.id)).toEqual([2]);
    expect(targets.skipped).toBe(2);
  });

  it('asks for a comment when any of them is critical', () => {
    expect(needsComment(acknowledgeTargets([2, 4], null, null, lookup).alarms)).toBe(false);
    expect(needsComment(acknowledgeTargets([2, 1], null, null, lookup).alarms)).toBe(true);
  });

  it('drops closed alarms from the selection, and keeps the same list when nothing left', () => {
    const selection = [1, 2];
    expect(pruneSelection(selection, () => true)).toBe(selection);
    expect(pruneSelection(selection, (alarmId) => alarmId === 2)).toEqual([2]);
    expect(alarmName(testAlarm(12, { type: 'deviceFault', deviceId: 'cp-1' }))).toBe('#12 Device fault on cp-1');
  });
});
