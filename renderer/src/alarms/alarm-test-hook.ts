/**
 * A read-only window handle for end-to-end tests only: the alarms the console holds and the backend's
 * clock offset, so a test can tell how long an alarm took from being raised to being on screen.
 */
import type { Alarm } from '../../../shared/alarms.js';
import type { AlarmBook, SeverityCounts } from './alarm-book.js';

export interface AlarmTestHook {
  /** The backend's clock minus the page's, from the latest push. */
  serverOffsetMs(): number;
  alarms(): readonly Alarm[];
  unacknowledgedCounts(): SeverityCounts;
}

const HOOK_NAME = '__cyberponiesAlarms';

export function installAlarmTestHook(book: AlarmBook): void {
  if (Reflect.has(window, HOOK_NAME)) return;
  const hook: AlarmTestHook = Object.freeze({
    serverOffsetMs: () => book.serverOffsetMs,
    alarms: () => book.all(),
    unacknowledgedCounts: () => book.unacknowledgedCounts(),
  });
  Object.defineProperty(window, HOOK_NAME, { value: hook, writable: false, configurable: false });
}
