/**
 * What the view does with the hub beyond listing: takes a reservation just made into the list (widening
 * the filters if they would hide it), brings a conflicting reservation into view, and cancels with a
 * confirmation whose refusal is shown as the backend words it.
 */
import { useCallback, useState } from 'react';
import type { Reservation } from '../../../shared/reservations.js';
import { useConsoleStore } from '../store/store.js';
import { fleetController } from '../sync/fleet-controller.js';
import { operatorTimeZone } from '../ui/format.js';
import { reservationBook } from './reservation-book.js';
import { filtersShowing, LIST_LIMIT } from './reservation-list.js';

export interface Cancelling {
  readonly reservation: Reservation;
  readonly isSending: boolean;
  readonly problem: string | null;
}

interface ActionOptions {
  /** Opens a reservation in the side panel. */
  readonly onCreated: (reservationId: number) => void;
  /** Puts the cursor on a row and highlights it. */
  readonly onPoint: (reservationId: number) => void;
}

function serverNow(): number {
  return Date.now() + fleetController.model.serverOffsetMs;
}

/** Makes the list show a reservation the console holds. */
function reveal(reservation: Reservation): void {
  const state = useConsoleStore.getState();
  const filters = filtersShowing(state.reservationFilters, reservation, serverNow(), operatorTimeZone());
  if (filters !== state.reservationFilters) state.setReservationFilters(filters);
}

export function useReservationActions({ onCreated, onPoint }: ActionOptions) {
  const [cancelling, setCancelling] = useState<Cancelling | null>(null);

  const created = useCallback(
    (reservation: Reservation) => {
      reservationBook.upsert([reservation]);
      reveal(reservation);
      onPoint(reservation.id);
      onCreated(reservation.id);
    },
    [onCreated, onPoint],
  );

  const showReservation = useCallback(
    async (reservationId: number, deviceId: string, window: { readonly startsAtMs: number; readonly endsAtMs: number }) => {
      if (!reservationBook.get(reservationId) && deviceId !== '' && window.endsAtMs > window.startsAtMs) {
        // The holder overlaps the window asked for, by definition: listing that window of the device finds it.
        const answer = await fleetController.request('reservation:list', { deviceId, fromMs: window.startsAtMs, toMs: window.endsAtMs, limit: LIST_LIMIT });
        if (answer.ok) reservationBook.upsert(answer.value.reservations);
      }
      const holder = reservationBook.get(reservationId);
      if (!holder) return;
      reveal(holder);
      onPoint(reservationId);
    },
    [onPoint],
  );

  const startCancel = useCallback((reservation: Reservation) => setCancelling({ reservation, isSending: false, problem: null }), []);
  const dismissCancel = useCallback(() => setCancelling(null), []);

  const confirmCancel = useCallback(
    async (reason: string) => {
      if (!cancelling || cancelling.isSending) return;
      const { reservation } = cancelling;
      setCancelling({ reservation, isSending: true, problem: null });
      const trimmed = reason.trim();
      const answer = await fleetController.request('reservation:cancel', { reservationId: reservation.id, ...(trimmed ? { reason: trimmed } : {}) });
      if (answer.ok) {
        reservationBook.upsert([answer.value]);
        setCancelling(null);
        onPoint(reservation.id);
        return;
      }
      setCancelling({ reservation, isSending: false, problem: answer.error.message });
    },
    [cancelling, onPoint],
  );

  return {
    cancelling,
    created,
    showReservation: (reservationId: number, deviceId: string, window: { readonly startsAtMs: number; readonly endsAtMs: number }) => void showReservation(reservationId, deviceId, window),
    startCancel,
    confirmCancel: (reason: string) => void confirmCancel(reason),
    dismissCancel,
  };
}
