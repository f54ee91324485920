/**
 * The open alarm's detail (its history) from the backend: fetched when the panel opens and again
 * whenever the alarm changes (a new revision in the book), at most once a second. The alarm itself is
 * read live from the book; the detail's copy stands in for an alarm the book does not hold (closed).
 */
import { useEffect, useState } from 'react';
import type { AlarmDetail } from '../../../shared/alarms.js';
import { createThrottle } from '../panel/refresh-throttle.js';
import { fleetController } from '../sync/fleet-controller.js';
import { alarmBook } from './alarm-book.js';

const REFRESH_INTERVAL_MS = 1000;

export interface AlarmDetailState {
  readonly detail: AlarmDetail | null;
  readonly error: string | null;
  /** Replaces the detail with a newer one a call returned (a comment's answer). */
  readonly setDetail: (detail: AlarmDetail) => void;
}

export function useAlarmDetail(alarmId: number): AlarmDetailState {
  const [state, setState] = useState<{ readonly alarmId: number; readonly detail: AlarmDetail | null; readonly error: string | null }>({ alarmId, detail: null, error: null });

  useEffect(() => {
    let isCurrent = true;
    let revision = alarmBook.get(alarmId)?.revision ?? -1;
    const throttle = createThrottle(async () => {
      const answer = await fleetController.request('alarm:get', { alarmId });
      if (!isCurrent) return;
      setState((previous) =>
        answer.ok
          ? { alarmId, detail: answer.value, error: null }
          : { alarmId, detail: previous.alarmId === alarmId ? previous.detail : null, error: answer.error.message },
      );
    }, REFRESH_INTERVAL_MS);
    throttle.runNow();
    const stop = alarmBook.subscribe(() => {
      const next = alarmBook.get(alarmId)?.revision ?? -1;
      if (next === revision) return;
      revision = next;
      throttle.request();
    });
    return () => {
      isCurrent = false;
      stop();
      throttle.dispose();
    };
  }, [alarmId]);

  const current = state.alarmId === alarmId ? state : { detail: null, error: null };
  return {
    detail: current.detail,
    error: current.error,
    setDetail: (detail) => setState((previous) => (detail.alarm.id === alarmId && (previous.detail?.alarm.revision ?? -1) <= detail.alarm.revision ? { alarmId, detail, error: null } : previous)),
  };
}
