/**
 * Closed alarms, asked for only when the state filter includes "closed": the console keeps only open
 * ones live. The newest closed first, a page at a time; alarms that close while the view is shown join
 * the list from the book's pushes, without asking the backend again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Alarm } from '../../../shared/alarms.js';
import { fleetController } from '../sync/fleet-controller.js';
import { alarmBook } from './alarm-book.js';

/** How far back "closed" looks. */
export const CLOSED_WINDOW_MS = 30 * 24 * 3600_000;
const PAGE_SIZE = 200;

export interface ClosedAlarms {
  readonly alarms: readonly Alarm[];
  readonly hasMore: boolean;
  readonly isLoading: boolean;
  readonly error: string | null;
  loadMore(): void;
  retry(): void;
}

interface ClosedState {
  readonly alarms: readonly Alarm[];
  /** Where the next page starts: the smallest id the backend has sent (pushed ones do not count). */
  readonly oldestListedId: number | null;
  readonly hasMore: boolean;
  /** False until the first page's answer: the first load needs no flag of its own. */
  readonly hasAnswer: boolean;
  readonly isLoadingMore: boolean;
  readonly error: string | null;
}

const EMPTY: ClosedState = { alarms: [], oldestListedId: null, hasMore: false, hasAnswer: false, isLoadingMore: false, error: null };

/** Adds `more` to `alarms`, each alarm once, in its newest revision. */
export function mergeAlarms(alarms: readonly Alarm[], more: readonly Alarm[]): Alarm[] {
  const byId = new Map(alarms.map((alarm) => [alarm.id, alarm]));
  for (const alarm of more) {
    const known = byId.get(alarm.id);
    if (!known || known.revision < alarm.revision) byId.set(alarm.id, alarm);
  }
  return [...byId.values()];
}

export function useClosedAlarms(isWanted: boolean): ClosedAlarms {
  const [state, setState] = useState<ClosedState>(EMPTY);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });

  // Bumped when the list is dropped, so that an answer to an older request is ignored.
  const generation = useRef(0);

  const fetchPage = useCallback(async (beforeId: number | undefined) => {
    const asked = generation.current;
    const toMs = Date.now() + alarmBook.serverOffsetMs;
    const answer = await fleetController.request('alarm:list', {
      fromMs: Math.max(0, toMs - CLOSED_WINDOW_MS),
      toMs,
      states: ['closed'],
      limit: PAGE_SIZE,
      ...(beforeId === undefined ? {} : { beforeId }),
    });
    if (asked !== generation.current) return;
    setState((previous) =>
      answer.ok
        ? {
            alarms: mergeAlarms(previous.alarms, answer.value.alarms),
            oldestListedId: answer.value.alarms.reduce((lowest: number | null, alarm) => (lowest === null ? alarm.id : Math.min(lowest, alarm.id)), previous.oldestListedId),
            hasMore: answer.value.hasMore,
            hasAnswer: true,
            isLoadingMore: false,
            error: null,
          }
        : { ...previous, hasAnswer: true, isLoadingMore: false, error: answer.error.message },
    );
  }, []);

  useEffect(() => {
    if (!isWanted) return;
    let isCurrent = true;
    void fetchPage(undefined);
    const stop = alarmBook.subscribe((change) => {
      const closed = change.removed.filter((alarm) => alarm.closedAtMs !== null);
      if (isCurrent && closed.length > 0) setState((previous) => ({ ...previous, alarms: mergeAlarms(previous.alarms, closed) }));
    });
    return () => {
      isCurrent = false;
      generation.current += 1;
      stop();
      setState(EMPTY);
    };
  }, [isWanted, fetchPage, attempt]);

  const loadMore = useCallback(() => {
    const { isLoadingMore, hasMore, oldestListedId } = latest.current;
    if (isLoadingMore || !hasMore || oldestListedId === null) return;
    setState((previous) => ({ ...previous, isLoadingMore: true, error: null }));
    void fetchPage(oldestListedId);
  }, [fetchPage]);

  const isLoading = isWanted && (!state.hasAnswer || state.isLoadingMore);
  return { alarms: state.alarms, hasMore: state.hasMore, isLoading, error: state.error, loadMore, retry: () => setAttempt((count) => count + 1) };
}
