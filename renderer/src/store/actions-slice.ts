import { NO_RESERVATION_FILTERS, type ReservationFilters } from '../reservations/reservation-filters.js';
import type { StoreSlice } from './types.js';

/** What the reservations and support views show; both follow the URL hash. */
export interface ActionsSlice {
  readonly reservationFilters: ReservationFilters;
  /** The customer the support view looks up, or null before a search. */
  readonly supportCustomerRef: string | null;
  setReservationFilters(filters: ReservationFilters): void;
  setSupportCustomer(customerRef: string | null): void;
}

export const createActionsSlice: StoreSlice<ActionsSlice> = (set) => ({
  reservationFilters: NO_RESERVATION_FILTERS,
  supportCustomerRef: null,
  setReservationFilters: (reservationFilters) => set({ reservationFilters }),
  setSupportCustomer: (supportCustomerRef) => set({ supportCustomerRef }),
});
