import { describe, expect, it } from 'vitest';
import { alarmRequests, type MaintenanceWindow } from '../../../shared/alarms.js';
import type { ConsoleAnswers, ConsoleRequest, ConsoleRequestName } from '../../../shared/console-api.js';
import { failure, success, type Result } from '../../../shared/result.js';
import type { AlarmRequester } from './alarm-actions.js';
import { AlarmBook } from './alarm-book.js';
import { createMaintenance, endMaintenance } from './maintenance-actions.js';

const HOUR = 3_600_000;

/** Answers maintenance calls as the backend would, from a list it keeps; or refuses with the given failure. */
function backend(refuse?: ReturnType<typeof failure>) {
  const calls: { readonly name: string; readonly request: unknown }[] = [];
  let windows: MaintenanceWindow[] = [];
  const requester: AlarmRequester = {
    request<Name extends ConsoleRequestName>(name: Name, request: ConsoleRequest<Name>): Promise<Result<ConsoleAnswers[Name]>> {
      calls.push({ name, request });
      const answer = (): Result<unknown> => {
        if (refuse) return refuse;
        if (name === 'maintenance:create') {
          const asked = alarmRequests['maintenance:create'].parse(request);
          const created: MaintenanceWindow = { id: windows.length + 1, deviceId: asked.deviceId ?? null, stationId: asked.stationId ?? null, startsAtMs: asked.startsAtMs, endsAtMs: asked.endsAtMs, reason: asked.reason, createdBy: 'supervisor', endedAtMs: null };
          windows = [...windows, created];
          return success(created);
        }
        if (name === 'maintenance:end') {
          const { windowId } = alarmRequests['maintenance:end'].parse(request);
          const found = windows.find((window) => window.id === windowId);
          if (!found) return failure('notFound', `No maintenance window ${windowId}.`);
          return success({ ...found, endedAtMs: Date.now() });
        }
        return failure('invalid', `unexpected call ${name}`);
      };
      // The stand-in answers each call with what the backend would send for exactly that call.
      return Promise.resolve(answer() as Result<ConsoleAnswers[Name]>);
    },
  };
  return { requester, calls };
}

describe('maintenance actions', () => {
  it('puts a created window in the book at once, before any push, and a later push changes nothing', async () => {
    const book = new AlarmBook();
    book.applySnapshot({ alarms: [], maintenance: [], serverTimeMs: Date.now() });
    const changes: boolean[] = [];
    book.subscribe((change) => changes.push(change.isSnapshot));
    const { requester, calls } = backend();
    const nowMs = Date.now();
    const outcome = await createMaintenance(requester, book, { deviceId: 'cp-0001', startsAtMs: nowMs, endsAtMs: nowMs + HOUR, reason: 'Connector replacement' });

    expect(outcome.ok).toBe(true);
    expect(calls.map((call) => call.name)).toEqual(['maintenance:create']);
    expect(book.maintenance()).toHaveLength(1);
    expect(book.maintenance()[0]).toMatchObject({ id: 1, deviceId: 'cp-0001', reason: 'Connector replacement' });
    expect(changes).toEqual([false]);

    // The hub's push with the same list, then ending it: the window leaves the book.
    book.applyChanges({ alarms: [], maintenance: book.maintenance(), serverTimeMs: Date.now() });
    expect(book.maintenance()).toHaveLength(1);
    const ended = await endMaintenance(requester, book, 1);
    expect(ended.ok && ended.window.endedAtMs).toBeTypeOf('number');
    expect(book.maintenance()).toEqual([]);
  });

  it('says a refusal in words and leaves the book as it was', async () => {
    const book = new AlarmBook();
    book.applySnapshot({ alarms: [], maintenance: [], serverTimeMs: Date.now() });
    const nowMs = Date.now();
    const request = { stationId: 'st-99', startsAtMs: nowMs, endsAtMs: nowMs + HOUR, reason: 'Works' };

    const forbidden = await createMaintenance(backend(failure('forbidden', 'The dispatcher role may not plan maintenance.')).requester, book, request);
    expect(forbidden).toEqual({ ok: false, text: 'You may not create the maintenance window: The dispatcher role may not plan maintenance.' });
    const unknown = await createMaintenance(backend(failure('notFound', 'No station st-99.')).requester, book, request);
    expect(unknown).toEqual({ ok: false, text: 'Could not create the maintenance window: not found: No station st-99.' });
    const over = await endMaintenance(backend(failure('conflict', 'It ended at 14:02.')).requester, book, 4);
    expect(over).toEqual({ ok: false, text: 'This maintenance window is already over. It ended at 14:02.' });
    const missing = await endMaintenance(backend().requester, book, 7);
    expect(missing).toEqual({ ok: false, text: 'Could not end the maintenance window: not found: No maintenance window 7.' });
    expect(book.maintenance()).toEqual([]);
  });
});
