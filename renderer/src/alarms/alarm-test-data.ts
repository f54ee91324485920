/** Alarms for unit tests: a plausible open alarm, changed by what the test cares about. */
import type { Alarm } from '../../../shared/alarms.js';

export function testAlarm(id: number, patch: Partial<Alarm> = {}): Alarm {
  return {
    id,
    deviceId: `car-${id}`,
    deviceKind: 'car',
    stationId: null,
    type: 'offline',
    severity: 'major',
    message: 'Silent',
    details: {},
    raisedAtMs: 1000,
    lastOccurredAtMs: 1000,
    occurrences: 1,
    isCleared: false,
    clearedAtMs: null,
    isAcknowledged: false,
    acknowledgedAtMs: null,
    acknowledgedBy: null,
    assignee: null,
    escalatedAtMs: null,
    isSuppressed: false,
    closedAtMs: null,
    commentCount: 0,
    revision: 1,
    ...patch,
  };
}
