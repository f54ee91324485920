/**
 * Loads the reservations the filters ask for into the reservation book, again whenever the filters
 * change or the connection comes back (pushes missed while away are not replayed). The list on screen
 * is read from the book, so a reservation made or changed elsewhere shows without a reload.
 */
import { useCallback, useEffect, useState } from 'react';
import { useConsoleStore } from '../store/store.js';
import { fleetController } from '../sync/fleet-controller.js';
import { operatorTimeZone } from '../ui/format.js';
import { reservationBook } from './reservation-book.js';
import type { ReservationFilters } from './reservation-filters.js';
import { LIST_LIMIT, listRequest } from './reservation-list.js';

export interface ReservationListState {
  readonly isLoading: boolean;
  /** Not connected: the list shows what the console held, and loads again once back. */
  readonly isOffline: boolean;
  /** Why the latest load failed, or null. */
  readonly error: string | null;
  /** The hub gave as many as it was asked for: there may be more than the list shows. */
  readonly isTruncated: boolean;
  readonly reload: () => void;
}

/** The latest answer, and which filters (and attempt) it answered. */
interface Answered {
  readonly key: string;
  readonly error: string | null;
  readonly isTruncated: boolean;
}

export function useReservationList(filters: ReservationFilters): ReservationListState {
  const isLive = useConsoleStore((state) => state.connection === 'live');
  const [answered, setAnswered] = useState<Answered | null>(null);
  const [attempt, setAttempt] = useState(0);
  const key = `${attempt} ${filters.range} ${filters.deviceId ?? ''} ${filters.customerRef ?? ''}`;

  useEffect(() => {
    if (!isLive) return;
    let isCurrent = true;
    const request = listRequest(filters, Date.now() + fleetController.model.serverOffsetMs, operatorTimeZone());
    void fleetController.request('reservation:list', request).then((answer) => {
      // A later filter's answer may already be in: an older one must not overwrite its state.
      if (!isCurrent) return;
      if (answer.ok) reservationBook.upsert(answer.value.reservations);
      setAnswered({ key, error: answer.ok ? null : answer.error.message, isTruncated: answer.ok && answer.value.reservations.length >= LIST_LIMIT });
    });
    return () => {
      isCurrent = false;
    };
  }, [filters, isLive, key]);

  const reload = useCallback(() => setAttempt((count) => count + 1), []);
  const isAnswered = answered?.key === key;
  return {
    isLoading: isLive && !isAnswered,
    isOffline: !isLive,
    error: isAnswered ? answered.error : null,
    isTruncated: isAnswered && answered.isTruncated,
    reload,
  };
}
