/**
 * Asks the backend for the review of a period, again every minute, on request and on reconnecting,
 * keeping the last answer on screen while a new one loads, and saying in words why none came.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AlarmReview } from '../../../shared/alarms.js';
import { zoneOffsetMs } from '../panel/chart-series.js';
import { useConsoleStore } from '../store/store.js';
import { fleetController } from '../sync/fleet-controller.js';
import { operatorTimeZone } from '../ui/format.js';
import { reviewRequest, type ReviewPeriodId } from './review-data.js';

const REFRESH_MS = 60_000;

export type ReviewLoad =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'loaded'; readonly review: AlarmReview; readonly loadedAtMs: number; readonly isRefreshing: boolean; readonly refreshError: string | null };

/** The answer to one ask: which period, which refresh. */
interface Outcome {
  readonly periodId: ReviewPeriodId;
  readonly round: number;
  readonly error: string | null;
}

interface Loaded {
  readonly periodId: ReviewPeriodId;
  readonly review: AlarmReview;
  readonly loadedAtMs: number;
}

export function useAlarmReview(periodId: ReviewPeriodId): { readonly load: ReviewLoad; readonly refresh: () => void } {
  const [round, setRound] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const isLive = useConsoleStore((state) => state.connection === 'live');
  const refresh = useCallback(() => setRound((value) => value + 1), []);

  useEffect(() => {
    let isCurrent = true;
    const nowMs = fleetController.model.serverNow();
    const request = reviewRequest(periodId, nowMs, zoneOffsetMs(nowMs, operatorTimeZone()));
    void fleetController.request('alarm:review', request).then((answer) => {
      if (!isCurrent) return;
      if (answer.ok) setLoaded({ periodId, review: answer.value, loadedAtMs: Date.now() });
      setOutcome({ periodId, round, error: answer.ok ? null : answer.error.message });
    });
    const timer = setTimeout(refresh, REFRESH_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [periodId, round, isLive, refresh]);

  const isPending = outcome === null || outcome.periodId !== periodId || outcome.round !== round;
  // Bars of another period are not shown while this one's load: the axis would lie.
  const shown = loaded?.periodId === periodId ? loaded : null;
  let load: ReviewLoad;
  if (shown) load = { state: 'loaded', review: shown.review, loadedAtMs: shown.loadedAtMs, isRefreshing: isPending, refreshError: isPending ? null : (outcome?.error ?? null) };
  else if (!isPending && outcome?.error) load = { state: 'error', message: outcome.error };
  else load = { state: 'loading' };
  return { load, refresh };
}
