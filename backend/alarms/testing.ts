/** For the alarms' tests: a clock and timers that move only when the test says so, operators, devices. Test-only. */
import type { OperatorIdentity } from '../../shared/console-api.js';
import type { Operators } from '../operators/index.js';
import type { TokenVerifier } from '../operators/types.js';
import { testDevice } from '../state/test-support.js';
import type { AlarmTimer, AlarmTimers } from './timers.js';

export interface ManualTime {
  readonly now: () => number;
  readonly timers: AlarmTimers;
  /** Moves the clock on, running every timer that falls due on the way, in order. */
  advance(ms: number): void;
  /** Timers started and not yet run or cancelled. */
  pending(): number;
}

export function manualTime(startMs: number): ManualTime {
  let nowMs = startMs;
  let scheduled: { dueMs: number; callback: () => void; order: number }[] = [];
  let order = 0;
  return {
    now: () => nowMs,
    timers: {
      start(callback, delayMs): AlarmTimer {
        const timer = { dueMs: nowMs + Math.max(0, delayMs), callback, order: order++ };
        scheduled.push(timer);
        return { cancel: () => void (scheduled = scheduled.filter((candidate) => candidate !== timer)) };
      },
    },
    advance(ms) {
      const targetMs = nowMs + ms;
      for (;;) {
        const next = scheduled.filter((timer) => timer.dueMs <= targetMs).sort((left, right) => left.dueMs - right.dueMs || left.order - right.order)[0];
        if (!next) break;
        scheduled = scheduled.filter((timer) => timer !== next);
        nowMs = Math.max(nowMs, next.dueMs);
        next.callback();
      }
      nowMs = targetMs;
    },
    pending: () => scheduled.length,
  };
}

export interface AlarmTestOperators {
  readonly admin: OperatorIdentity;
  readonly dispatcher: OperatorIdentity;
  readonly supervisor: OperatorIdentity;
  readonly support: OperatorIdentity;
}

/** Adds one operator of each role (as stored, so that assigning to them works) and returns who they are. */
export async function addTestOperators(operators: Operators): Promise<AlarmTestOperators> {
  const roles = ['admin', 'dispatcher', 'supervisor', 'support'] as const;
  const added = await Promise.all(
    roles.map(async (role) => {
      const result = await operators.add(`${role}-1`, role, 'a-test-password');
      if (!result.ok) throw new Error(result.error.message);
      const { id, username } = result.value.operator;
      return { id, username, role };
    }),
  );
  const [admin, dispatcher, supervisor, support] = added;
  if (!admin || !dispatcher || !supervisor || !support) throw new Error('operators missing');
  return { admin, dispatcher, supervisor, support };
}

/** Each test operator's token is `token-of-{username}`: a console connects as one by naming it. */
export function testOperatorTokens(people: AlarmTestOperators): TokenVerifier {
  const byToken = new Map<string, OperatorIdentity>(Object.values(people).map((operator) => [`token-of-${operator.username}`, operator]));
  return { verifyToken: (token) => Promise.resolve(byToken.get(token)) };
}

/** The test's devices: cars and charge points on st-1 and st-2 (state/test-support.ts stations). */
export const alarmTestDevices = [
  ...Array.from({ length: 12 }, (_, index) => testDevice(`car-${index + 1}`, 'car', index % 2 === 0 ? 'st-1' : 'st-2')),
  ...Array.from({ length: 4 }, (_, index) => testDevice(`cp-${index + 1}`, 'chargePoint', index % 2 === 0 ? 'st-1' : 'st-2')),
];
