/**
 * Creating and ending a maintenance window: an acknowledged call each, whose answer goes into the book
 * at once (the hub's push brings the same list a moment later), and whose refusal is said in words.
 */
import type { AlarmChanges, MaintenanceWindow } from '../../../shared/alarms.js';
import type { ConsoleRequest } from '../../../shared/console-api.js';
import type { Failure } from '../../../shared/result.js';
import type { AlarmRequester } from './alarm-actions.js';
import { withWindow } from './maintenance.js';

/** The part of the alarm book that holds the windows. */
export interface MaintenanceSink {
  readonly serverOffsetMs: number;
  maintenance(): readonly MaintenanceWindow[];
  applyChanges(changes: AlarmChanges): void;
}

export type MaintenanceOutcome = { readonly ok: true; readonly window: MaintenanceWindow } | { readonly ok: false; readonly text: string };

/** The backend's message is already a sentence; the code says what kind of "no" it was. */
function refusal(verb: string, failure: Failure): MaintenanceOutcome {
  const { code, message } = failure.error;
  const lead =
    code === 'forbidden' ? `You may not ${verb}` :
    code === 'notFound' ? `Could not ${verb}: not found` :
    code === 'unavailable' ? `Could not ${verb}: the backend cannot be reached` :
    `Could not ${verb}`;
  return { ok: false, text: message.trim() === '' ? `${lead}.` : `${lead}: ${message}` };
}

function put(sink: MaintenanceSink, window: MaintenanceWindow): void {
  const serverTimeMs = Date.now() + sink.serverOffsetMs;
  sink.applyChanges({ alarms: [], maintenance: withWindow(sink.maintenance(), window, serverTimeMs), serverTimeMs });
}

export async function createMaintenance(requester: AlarmRequester, sink: MaintenanceSink, request: ConsoleRequest<'maintenance:create'>): Promise<MaintenanceOutcome> {
  const answer = await requester.request('maintenance:create', request);
  if (!answer.ok) return refusal('create the maintenance window', answer);
  put(sink, answer.value);
  return { ok: true, window: answer.value };
}

export async function endMaintenance(requester: AlarmRequester, sink: MaintenanceSink, windowId: number): Promise<MaintenanceOutcome> {
  const answer = await requester.request('maintenance:end', { windowId });
  if (!answer.ok) {
    // Someone else ended it, or it ran out meanwhile: the list the console shows is out of date.
    if (answer.error.code === 'conflict') return { ok: false, text: `This maintenance window is already over. ${answer.error.message}`.trim() };
    return refusal('end the maintenance window', answer);
  }
  put(sink, answer.value);
  return { ok: true, window: answer.value };
}
