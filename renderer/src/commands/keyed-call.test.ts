import { describe, expect, it } from 'vitest';
import { failure, success, type Result } from '../../../shared/result.js';
import { KeyedCall, newIdempotencyKey } from './keyed-call.js';

interface Request {
  readonly deviceId: string;
  readonly idempotencyKey: string;
}

/** A hub whose answers the test gives one by one, and which remembers every request. */
function scriptedHub(answers: Result<string>[]) {
  const requests: Request[] = [];
  const call = (request: Request) => {
    requests.push(request);
    return Promise.resolve(answers.shift() ?? failure('internal', 'no answer scripted'));
  };
  return { requests, call };
}

function counter(): () => string {
  let next = 0;
  return () => `key${String(++next).padStart(5, '0')}`;
}

describe('a call keyed per click', () => {
  it('makes keys the hub accepts: 32 letters and digits, new each time', () => {
    const first = newIdempotencyKey();
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(first);
  });

  it('retries a lost answer with the same key, and a new click gets a new key', async () => {
    const hub = scriptedHub([failure('unavailable', 'The backend did not answer in time.'), success('cmd-1'), success('cmd-2')]);
    const answered: [string, Request][] = [];
    const keyed = new KeyedCall(hub.call, (answer, request) => answered.push([answer, request]), counter());
    await keyed.send((idempotencyKey) => ({ deviceId: 'cp-1', idempotencyKey }));
    expect(keyed.state).toMatchObject({ phase: 'failed', isRetryable: true, error: { code: 'unavailable' } });
    await keyed.retry();
    await keyed.send((idempotencyKey) => ({ deviceId: 'cp-1', idempotencyKey }));
    expect(hub.requests.map((request) => request.idempotencyKey)).toEqual(['key00001', 'key00001', 'key00002']);
    expect(answered).toEqual([
      ['cmd-1', { deviceId: 'cp-1', idempotencyKey: 'key00001' }],
      ['cmd-2', { deviceId: 'cp-1', idempotencyKey: 'key00002' }],
    ]);
    expect(keyed.state).toMatchObject({ phase: 'answered', answer: 'cmd-2' });
  });

  it('does not offer a retry for a refusal, and sends a double click once', async () => {
    const hub = scriptedHub([failure('forbidden', 'The support role may not send Reboot.'), success('cmd-1')]);
    const keyed = new KeyedCall(hub.call, () => undefined, counter());
    await keyed.send((idempotencyKey) => ({ deviceId: 'cp-1', idempotencyKey }));
    expect(keyed.state).toMatchObject({ phase: 'failed', isRetryable: false, error: { message: 'The support role may not send Reboot.' } });
    const first = keyed.send((idempotencyKey) => ({ deviceId: 'cp-2', idempotencyKey }));
    const second = keyed.send((idempotencyKey) => ({ deviceId: 'cp-2', idempotencyKey }));
    await Promise.all([first, second]);
    expect(hub.requests).toHaveLength(2);
  });

  it('tells listeners of each phase', async () => {
    const hub = scriptedHub([success('cmd-1')]);
    const keyed = new KeyedCall(hub.call, () => undefined, counter());
    const phases: string[] = [];
    keyed.subscribe(() => phases.push(keyed.state.phase));
    await keyed.send((idempotencyKey) => ({ deviceId: 'cp-1', idempotencyKey }));
    keyed.reset();
    expect(phases).toEqual(['sending', 'answered', 'idle']);
  });
});
