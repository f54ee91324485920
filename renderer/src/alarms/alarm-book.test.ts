import { describe, expect, it } from 'vitest';
import { AlarmBook } from './alarm-book.js';
import type { AlarmBookChange } from './alarm-book.js';
import { testAlarm } from './alarm-test-data.js';

const alarm = testAlarm;

function recorded(book: AlarmBook): AlarmBookChange[] {
  const changes: AlarmBookChange[] = [];
  book.subscribe((change) => changes.push(change));
  return changes;
}

describe('AlarmBook', () => {
  it('keeps the open alarms of a snapshot, and says which are new', () => {
    const book = new AlarmBook();
    const changes = recorded(book);
    expect(book.isLoaded).toBe(false);
    book.applySnapshot({ alarms: [alarm(1), alarm(2, { closedAtMs: 5 })], maintenance: [], serverTimeMs: 2000 }, 1500);
    expect(book.isLoaded).toBe(true);
    expect(book.all().map((each) => each.id)).toEqual([1]);
    expect(book.serverOffsetMs).toBe(500);
    expect(changes[0]).toMatchObject({ isSnapshot: true, added: [{ id: 1 }], removed: [] });
  });

  it('keeps each alarm at its highest revision, whatever order copies arrive in', () => {
    const book = new AlarmBook();
    book.applySnapshot({ alarms: [alarm(1)], maintenance: [], serverTimeMs: 0 }, 0);
    book.applyChanges({ alarms: [alarm(1, { revision: 3, occurrences: 3 })], serverTimeMs: 0 }, 0);
    book.applyChanges({ alarms: [alarm(1, { revision: 2, occurrences: 2 })], serverTimeMs: 0 }, 0);
    expect(book.get(1)?.occurrences).toBe(3);
  });

  it('drops a closed alarm and reports it removed', () => {
    const book = new AlarmBook();
    book.applySnapshot({ alarms: [alarm(1), alarm(2)], maintenance: [], serverTimeMs: 0 }, 0);
    const changes = recorded(book);
    book.applyChanges({ alarms: [alarm(1, { revision: 2, closedAtMs: 10, isCleared: true, isAcknowledged: true })], serverTimeMs: 0 }, 0);
    expect(book.get(1)).toBeUndefined();
    expect(changes).toEqual([{ added: [], updated: [], removed: [expect.objectContaining({ id: 1 })], isSnapshot: false }]);
  });

  it("counts unacknowledged shown alarms by severity and knows each device's worst", () => {
    const book = new AlarmBook();
    book.applySnapshot(
      {
        alarms: [
          alarm(1, { deviceId: 'cp-1', severity: 'minor' }),
          alarm(2, { deviceId: 'cp-1', severity: 'critical', type: 'deviceFault' }),
          alarm(3, { deviceId: 'cp-2', severity: 'critical', isAcknowledged: true }),
          alarm(4, { deviceId: 'cp-3', severity: 'major', isSuppressed: true }),
        ],
        maintenance: [],
        serverTimeMs: 0,
      },
      0,
    );
    expect(book.unacknowledgedCounts()).toEqual({ critical: 1, major: 0, minor: 1, warning: 0 });
    expect(book.worstSeverity('cp-1')).toBe('critical');
    expect(book.worstSeverity('cp-3')).toBeNull();
    expect([...book.devicesWithAlarms()]).toEqual([
      ['cp-1', 'critical'],
      ['cp-2', 'critical'],
    ]);
    expect(book.forDevice('cp-1').map((each) => each.id)).toEqual([2, 1]);
  });

  it('forgets everything when cleared', () => {
    const book = new AlarmBook();
    book.applySnapshot({ alarms: [alarm(1)], maintenance: [], serverTimeMs: 0 }, 0);
    book.clear();
    expect(book.all()).toEqual([]);
    expect(book.isLoaded).toBe(false);
  });
});
