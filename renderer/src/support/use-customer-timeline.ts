/**
 * Asks the backend for a customer's timeline over a span, again on request, on reconnecting, and when
 * the live books bring news of this customer (a reservation refused, a command failing while support
 * looks): at most once every few seconds, keeping the last answer on screen while a new one loads.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerTimeline } from '../../../shared/reservations.js';
import { alarmBook } from '../alarms/alarm-book.js';
import { commandBook } from '../commands/command-book.js';
import { reservationBook } from '../reservations/reservation-book.js';
import { useConsoleStore } from '../store/store.js';
import { fleetController } from '../sync/fleet-controller.js';
import { useRevision } from '../sync/use-revision.js';
import { spanRange, type SupportSpanId } from './support-span.js';
import { hasNews, type LiveBooks, type TimelineQuery } from './timeline-news.js';

/** News comes in bursts (a command's steps, a sweep's flags): one question per burst is enough. */
export const NEWS_GAP_MS = 2_000;

export type TimelineLoad =
  | { readonly state: 'idle' }
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | {
      readonly state: 'loaded';
      readonly timeline: CustomerTimeline;
      readonly query: TimelineQuery;
      readonly loadedAtMs: number;
      readonly isRefreshing: boolean;
      readonly refreshError: string | null;
    };

const liveBooks: LiveBooks = {
  reservationsOf: (customerRef) => reservationBook.where((reservation) => reservation.customerRef === customerRef),
  commandsOf: (deviceId) => commandBook.forDevice(deviceId),
  alarmsOf: (deviceId) => alarmBook.forDevice(deviceId),
};

const bookRevisions = () => `${commandBook.revision}/${reservationBook.revision}/${alarmBook.revision}`;

interface Outcome {
  readonly key: string;
  readonly round: number;
  readonly error: string | null;
}

interface Loaded {
  readonly key: string;
  readonly timeline: CustomerTimeline;
  readonly query: TimelineQuery;
  readonly loadedAtMs: number;
}

export function useCustomerTimeline(customerRef: string | null, spanId: SupportSpanId): { readonly load: TimelineLoad; readonly refresh: () => void } {
  const [round, setRound] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const isLive = useConsoleStore((state) => state.connection === 'live');
  const refresh = useCallback(() => setRound((value) => value + 1), []);
  /** The books as they were when the shown answer was asked for: news is what came after. */
  const askedWith = useRef({ revisions: '', atMs: 0 });
  const key = customerRef === null ? null : `${customerRef}|${spanId}`;

  useEffect(() => {
    if (customerRef === null || key === null) return;
    let isCurrent = true;
    const query: TimelineQuery = { customerRef, ...spanRange(spanId, fleetController.model.serverNow()) };
    askedWith.current = { revisions: bookRevisions(), atMs: Date.now() };
    void fleetController.request('customer:timeline', query).then((answer) => {
      if (!isCurrent) return;
      if (answer.ok) setLoaded({ key, timeline: answer.value, query, loadedAtMs: Date.now() });
      setOutcome({ key, round, error: answer.ok ? null : answer.error.message });
    });
    return () => {
      isCurrent = false;
    };
  }, [customerRef, spanId, key, round, isLive]);

  const isPending = key !== null && (outcome === null || outcome.key !== key || outcome.round !== round);
  // Another customer's or another span's answer is not shown while this one loads: it would mislead.
  const shown = loaded !== null && loaded.key === key ? loaded : null;

  const commandsRevision = useRevision(commandBook);
  const reservationsRevision = useRevision(reservationBook);
  const alarmsRevision = useRevision(alarmBook);
  useEffect(() => {
    if (!shown || isPending || bookRevisions() === askedWith.current.revisions) return;
    if (!hasNews(shown.timeline, shown.query, liveBooks)) return;
    const timer = setTimeout(refresh, Math.max(0, askedWith.current.atMs + NEWS_GAP_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [shown, isPending, commandsRevision, reservationsRevision, alarmsRevision, refresh]);

  let load: TimelineLoad;
  if (key === null) load = { state: 'idle' };
  else if (shown) load = { state: 'loaded', timeline: shown.timeline, query: shown.query, loadedAtMs: shown.loadedAtMs, isRefreshing: isPending, refreshError: isPending ? null : (outcome?.error ?? null) };
  else if (!isPending && outcome?.error) load = { state: 'error', message: outcome.error };
  else load = { state: 'loading' };
  return { load, refresh };
}
