/**
 * The selected device's recent events: the first page on opening, fresh events on top when the device
 * changes (at most every few seconds), older pages on demand.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FleetController } from '../sync/fleet-controller.js';
import { onDeviceChange } from './device-changes.js';
import { createThrottle } from './refresh-throttle.js';
import { appendOlder, EMPTY_TIMELINE, mergeNewest, olderThan, TIMELINE_PAGE, type TimelineList } from './timeline.js';

/** A car changes every few seconds; its timeline need not follow each message. */
const REFRESH_INTERVAL_MS = 3000;

export interface TimelineState {
  readonly list: TimelineList;
  /** True until the first answer, success or not. */
  readonly isLoading: boolean;
  readonly isLoadingOlder: boolean;
  readonly error: string | null;
}

const INITIAL: TimelineState = { list: EMPTY_TIMELINE, isLoading: true, isLoadingOlder: false, error: null };

export interface DeviceTimeline extends TimelineState {
  loadOlder(): void;
  retry(): void;
}

/** What the effect of the current device offers the buttons. */
interface Session {
  readonly deviceId: string;
  list: TimelineList;
  isLoadingOlder: boolean;
  refresh(): void;
}

export function useDeviceTimeline(controller: FleetController, deviceId: string): DeviceTimeline {
  const [state, setState] = useState<TimelineState & { readonly deviceId: string }>({ ...INITIAL, deviceId });
  const sessionRef = useRef<Session | null>(null);

  useEffect(() => {
    const publish = (change: Partial<TimelineState>) =>
      setState((previous) => ({ ...(previous.deviceId === deviceId ? previous : { ...INITIAL, deviceId }), ...change }));
    const throttle = createThrottle(async () => {
      const answer = await controller.request('device:timeline', { deviceId, limit: TIMELINE_PAGE });
      if (sessionRef.current !== session) return;
      if (!answer.ok) {
        publish({ isLoading: false, error: answer.error.message });
        return;
      }
      session.list = mergeNewest(session.list, answer.value);
      publish({ list: session.list, isLoading: false, error: null });
    }, REFRESH_INTERVAL_MS);
    const session: Session = { deviceId, list: EMPTY_TIMELINE, isLoadingOlder: false, refresh: () => throttle.runNow() };
    sessionRef.current = session;
    throttle.runNow();
    const unsubscribe = onDeviceChange(controller.model, deviceId, throttle.request);
    return () => {
      if (sessionRef.current === session) sessionRef.current = null;
      unsubscribe();
      throttle.dispose();
    };
  }, [controller, deviceId]);

  const loadOlder = useCallback(() => {
    const session = sessionRef.current;
    const beforeMs = session ? olderThan(session.list) : undefined;
    if (!session || beforeMs === undefined || session.isLoadingOlder) return;
    session.isLoadingOlder = true;
    const publish = (change: Partial<TimelineState>) => setState((previous) => (previous.deviceId === session.deviceId ? { ...previous, ...change } : previous));
    publish({ isLoadingOlder: true });
    void controller.request('device:timeline', { deviceId: session.deviceId, limit: TIMELINE_PAGE, beforeMs }).then((answer) => {
      session.isLoadingOlder = false;
      if (sessionRef.current !== session) return;
      if (!answer.ok) {
        publish({ isLoadingOlder: false, error: answer.error.message });
        return;
      }
      session.list = appendOlder(session.list, answer.value);
      publish({ list: session.list, isLoadingOlder: false, error: null });
    });
  }, [controller]);

  const retry = useCallback(() => sessionRef.current?.refresh(), []);

  const current = state.deviceId === deviceId ? state : INITIAL;
  return { ...current, loadOlder, retry };
}
