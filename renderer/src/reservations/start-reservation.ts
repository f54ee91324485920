import { useConsoleStore } from '../store/store.js';
import { NO_RESERVATION_FILTERS } from './reservation-filters.js';

/** Opens the reservations view on a device's reservations with a new one being made for it. */
export function startReservation(deviceId: string, store: typeof useConsoleStore = useConsoleStore): void {
  const state = store.getState();
  state.setReservationFilters({ ...NO_RESERVATION_FILTERS, deviceId });
  state.setReservationDraft({ deviceId });
  state.setView('reservations');
}
