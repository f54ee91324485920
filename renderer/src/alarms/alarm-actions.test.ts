import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../shared/alarms.js';
import type { ConsoleAnswers, ConsoleRequest, ConsoleRequestName } from '../../../shared/console-api.js';
import { failure, success, type Result } from '../../../shared/result.js';
import { AlarmBook } from './alarm-book.js';
import { acknowledgeAlarms, assignAlarms, commentAlarm, type AlarmRequester } from './alarm-actions.js';
import { testAlarm } from './alarm-test-data.js';

/** A backend stand-in that answers each call with what the test says and records what was asked. */
function backend(answer: (name: ConsoleRequestName, request: unknown) => Result<unknown>): AlarmRequester & { readonly calls: { name: string; request: unknown }[] } {
  const calls: { name: string; request: unknown }[] = [];
  return {
    calls,
    request<Name extends ConsoleRequestName>(name: Name, request: ConsoleRequest<Name>): Promise<Result<ConsoleAnswers[Name]>> {
      calls.push({ name, request });
      // The stand-in returns what each test built for exactly this call.
      return Promise.resolve(answer(name, request) as Result<ConsoleAnswers[Name]>);
    },
  };
}

function bookWith(alarms: readonly Alarm[]): AlarmBook {
  const book = new AlarmBook();
  book.applySnapshot({ alarms, maintenance: [], serverTimeMs: 0 }, 0);
  return book;
}

describe('acknowledging', () => {
  const critical = testAlarm(1, { severity: 'critical', type: 'deviceFault', deviceId: 'cp-7' });
  const minor = testAlarm(2, { severity: 'minor' });

  it('sends the ids and the trimmed comment, and puts the answer in the book at once', async () => {
    const book = bookWith([critical, minor]);
    const acknowledged = { ...minor, isAcknowledged: true, acknowledgedBy: 'ana', revision: 2 };
    const requester = backend(() => success({ alarms: [acknowledged], refused: [] }));
    const outcome = await acknowledgeAlarms(requester, book, [minor], '  looked at it  ');
    expect(requester.calls).toEqual([{ name: 'alarm:acknowledge', request: { alarmIds: [2], comment: 'looked at it' } }]);
    expect(outcome).toMatchObject({ tone: 'done', text: '1 alarm acknowledged.', refusals: [] });
    expect(book.get(2)?.isAcknowledged).toBe(true);
  });

  it('sends no comment when none was written', async () => {
    const requester = backend(() => success({ alarms: [], refused: [] }));
    await acknowledgeAlarms(requester, bookWith([]), [minor], '   ');
    expect(requester.calls[0]?.request).toEqual({ alarmIds: [2] });
  });

  it('names each refused alarm with the backend’s reason', async () => {
    const book = bookWith([critical, minor]);
    const requester = backend(() => success({ alarms: [{ ...minor, isAcknowledged: true, revision: 2 }], refused: [{ alarmId: 1, reason: 'a comment is required for critical alarms' }] }));
    const outcome = await acknowledgeAlarms(requester, book, [critical, minor], '');
    expect(outcome.tone).toBe('partial');
    expect(outcome.text).toBe('1 alarm acknowledged, 1 refused.');
    expect(outcome.refusals).toEqual([{ alarmId: 1, text: '#1 Device fault on cp-7: a comment is required for critical alarms' }]);
    expect(book.get(1)?.isAcknowledged).toBe(false);

    const none = await acknowledgeAlarms(backend(() => success({ alarms: [], refused: [{ alarmId: 1, reason: 'no' }] })), book, [critical], '');
    expect(none).toMatchObject({ tone: 'failed', text: 'Not acknowledged: 1 refusal.' });
  });

  it('says in words why a call failed', async () => {
    const outcome = await acknowledgeAlarms(backend(() => failure('forbidden', 'Your role may not acknowledge alarms.')), bookWith([]), [critical, minor], 'x');
    expect(outcome).toMatchObject({ tone: 'failed', text: 'Could not acknowledge 2 alarms: Your role may not acknowledge alarms.' });
  });
});

describe('assigning and commenting', () => {
  it('assigns, and says when some could not be', async () => {
    const book = bookWith([testAlarm(1), testAlarm(2)]);
    const requester = backend(() => success({ alarms: [testAlarm(1, { assignee: 'bo', revision: 2 })] }));
    const outcome = await assignAlarms(requester, book, [1, 2], 'bo');
    expect(requester.calls[0]).toEqual({ name: 'alarm:assign', request: { alarmIds: [1, 2], assignee: 'bo' } });
    expect(outcome).toMatchObject({ tone: 'partial', text: '1 alarm assigned to bo. 1 could not be (closed meanwhile?).' });
    expect(book.get(1)?.assignee).toBe('bo');
    const unassigned = await assignAlarms(backend(() => success({ alarms: [testAlarm(1, { revision: 3 })] })), book, [1], null);
    expect(unassigned.text).toBe('1 alarm assigned to nobody.');
  });

  it('adds a comment and returns the alarm’s new history, or why not', async () => {
    const book = bookWith([testAlarm(1)]);
    const alarm = testAlarm(1, { commentCount: 1, revision: 2 });
    const detail = { alarm, events: [{ id: 1, alarmId: 1, kind: 'commented' as const, atMs: 5, by: 'ana', text: 'on my way', details: {} }] };
    const outcome = await commentAlarm(backend(() => success(detail)), book, 1, ' on my way ');
    expect(outcome).toEqual({ ok: true, detail });
    expect(book.get(1)?.commentCount).toBe(1);
    expect(await commentAlarm(backend(() => failure('notFound', 'No such alarm.')), book, 1, 'x')).toEqual({ ok: false, text: 'Could not add the comment: No such alarm.' });
  });
});
