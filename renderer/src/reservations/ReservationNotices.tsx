/** The list's states in words: loading, not connected, failed to load, cut short, or nothing to list. */
import type { ReservationFilters } from './reservation-filters.js';
import { LIST_LIMIT } from './reservation-list.js';
import { emptyText } from './reservation-words.js';
import type { ReservationListState } from './use-reservation-list.js';

interface ReservationNoticesProps {
  readonly list: ReservationListState;
  readonly filters: ReservationFilters;
  readonly shown: number;
  readonly canReserve: boolean;
  readonly onNew: (deviceId: string) => void;
  readonly onClear: () => void;
}

export function ReservationNotices({ list, filters, shown, canReserve, onNew, onClear }: ReservationNoticesProps) {
  const isFiltered = filters.deviceId !== null || filters.customerRef !== null;
  return (
    <>
      {list.isOffline && (
        <div className="reservation-notice" role="status" data-testid="reservation-offline">
          Not connected: showing the reservations the console held. The list reloads once the backend is back.
        </div>
      )}
      {list.error && (
        <div className="reservation-notice is-error" role="alert" data-testid="reservation-error">
          Could not load the reservations: {list.error}{' '}
          <button type="button" className="link-button" onClick={list.reload}>
            Retry
          </button>
        </div>
      )}
      {list.isTruncated && (
        <div className="reservation-notice" role="status">
          Only the first {LIST_LIMIT} are listed: narrow the list to a device or a customer.
        </div>
      )}
      {shown === 0 && list.isLoading && (
        <div className="reservation-empty" data-testid="reservation-loading">
          Loading reservations…
        </div>
      )}
      {shown === 0 && !list.isLoading && !list.error && !list.isOffline && (
        <div className="reservation-empty" data-testid="reservation-empty">
          <span>{emptyText(filters)}</span>
          {canReserve && filters.range !== 'past' && (
            <button type="button" className="link-button" onClick={() => onNew(filters.deviceId ?? '')}>
              {filters.deviceId ? `Reserve ${filters.deviceId}` : 'Make one'}
            </button>
          )}
          {isFiltered && (
            <button type="button" className="link-button" onClick={onClear}>
              Everyone’s
            </button>
          )}
        </div>
      )}
    </>
  );
}
