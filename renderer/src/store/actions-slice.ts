import { NO_RESERVATION_FILTERS, type ReservationFilters } from '../reservations/reservation-filters.js';
import type { StoreSlice } from './types.js';

/** What the reservations and support views show; both follow the URL hash. */
export interface ActionsSlice {
  readonly reservationFilters: ReservationFilters;
  /** The customer the support view looks up, or null before a search. */
  readonly supportCustomerRef: string | null;
  /** A reservation being made for this device (the device panel's "Reserve…"), or null. */
  readonly reservationDraft: { readonly deviceId: string } | null;
  setReservationFilters(filters: ReservationFilters): void;
  setReservationDraft(draft: { readonly deviceId: string } | null): void;
  setSupportCustomer(customerRef: string | null): void;
}

export const createActionsSlice: StoreSlice<ActionsSlice> = (set) => ({
  reservationFilters: NO_RESERVATION_FILTERS,
  supportCustomerRef: null,
  reservationDraft: null,
  setReservationFilters: (reservationFilters) => set({ reservationFilters }),
  setReservationDraft: (reservationDraft) => set({ reservationDraft }),
  setSupportCustomer: (supportCustomerRef) => set({ supportCustomerRef }),
});
