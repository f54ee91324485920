/**
 * What the reservations view lists: upcoming, today's or the past week's, of one device or one customer
 * or everyone's, with how many are shown and the way to make a new one. The filters live in the store
 * and the URL hash; the text fields apply on Enter, on a pick, or on leaving them.
 */
import { useState } from 'react';
import { CUSTOMER_REF_PATTERN } from '../../../shared/reservations.js';
import { useConsoleStore } from '../store/store.js';
import { DeviceField } from './DeviceField.js';
import { NO_RESERVATION_FILTERS, RESERVATION_RANGES, type ReservationFilters, type ReservationRange } from './reservation-filters.js';
import { PAST_DAYS } from './reservation-list.js';
import { countText } from './reservation-words.js';

const RANGE_LABELS: Readonly<Record<ReservationRange, string>> = { upcoming: 'Upcoming', today: 'Today', past: `Past ${PAST_DAYS} days` };
const RANGE_HINTS: Readonly<Record<ReservationRange, string>> = {
  upcoming: 'Windows under way or to come, soonest first',
  today: 'Windows that touch today, in your time zone',
  past: `Windows that ended in the last ${PAST_DAYS} days, latest first`,
};

function ClearButton({ label, testId, onClear }: { readonly label: string; readonly testId: string; readonly onClear: () => void }) {
  return (
    <button type="button" className="field-clear" aria-label={label} title={label} data-testid={testId} onClick={onClear}>
      ×
    </button>
  );
}

function DeviceFilter({ deviceId, onApply }: { readonly deviceId: string | null; readonly onApply: (deviceId: string | null) => void }) {
  const [text, setText] = useState(deviceId ?? '');
  const apply = (value: string) => {
    const trimmed = value.trim();
    setText(trimmed);
    if ((trimmed || null) !== deviceId) onApply(trimmed || null);
  };
  return (
    <div className="filter-field">
      <DeviceField value={text} onChange={setText} onPick={apply} onBlur={() => apply(text)} placeholder="Any device: id, plate, serial" testId="reservation-filter-device" className={deviceId ? 'is-filtering' : ''} />
      {deviceId && <ClearButton label="Any device" testId="reservation-filter-device-clear" onClear={() => apply('')} />}
    </div>
  );
}

function CustomerFilter({ customerRef, onApply }: { readonly customerRef: string | null; readonly onApply: (customerRef: string | null) => void }) {
  const [text, setText] = useState(customerRef ?? '');
  const trimmed = text.trim();
  const isInvalid = trimmed !== '' && !CUSTOMER_REF_PATTERN.test(trimmed);
  const apply = () => {
    if (isInvalid) return;
    if ((trimmed || null) !== customerRef) onApply(trimmed || null);
  };
  return (
    <div className="filter-field">
      <input
        className={`text-field${customerRef ? ' is-filtering' : ''}`}
        data-testid="reservation-filter-customer"
        placeholder="Any customer"
        aria-label="Customer reference"
        aria-invalid={isInvalid}
        title={isInvalid ? 'A customer reference is 1 to 64 of A-Z a-z 0-9 . _ : @ -' : 'The customer’s reference, exactly'}
        spellCheck={false}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          apply();
        }}
      />
      {customerRef && (
        <ClearButton
          label="Any customer"
          testId="reservation-filter-customer-clear"
          onClear={() => {
            setText('');
            onApply(null);
          }}
        />
      )}
    </div>
  );
}

interface ReservationFilterBarProps {
  readonly shown: number;
  readonly isLoading: boolean;
  readonly onNew: () => void;
}

export function ReservationFilterBar({ shown, isLoading, onNew }: ReservationFilterBarProps) {
  const filters = useConsoleStore((state) => state.reservationFilters);
  const setFilters = useConsoleStore((state) => state.setReservationFilters);
  const update = (change: Partial<ReservationFilters>) => setFilters({ ...filters, ...change });
  const isFiltering = filters.deviceId !== null || filters.customerRef !== null;
  return (
    <div className="filter-bar reservation-filter-bar" role="toolbar" aria-label="Reservation filters">
      <div className="segmented" role="group" aria-label="Range">
        {RESERVATION_RANGES.map((range) => (
          <button
            key={range}
            type="button"
            className={`segment${filters.range === range ? ' is-on' : ''}`}
            aria-pressed={filters.range === range}
            title={RANGE_HINTS[range]}
            data-testid={`reservation-range-${range}`}
            onClick={() => update({ range })}
          >
            {RANGE_LABELS[range]}
          </button>
        ))}
      </div>
      {/* Keyed by the applied value, so a filter set elsewhere (a link, a row) shows in the field. */}
      <DeviceFilter key={`device ${filters.deviceId ?? ''}`} deviceId={filters.deviceId} onApply={(deviceId) => update({ deviceId })} />
      <CustomerFilter key={`customer ${filters.customerRef ?? ''}`} customerRef={filters.customerRef} onApply={(customerRef) => update({ customerRef })} />
      {isFiltering && (
        <button type="button" className="link-button" data-testid="reservation-filters-clear" onClick={() => setFilters({ ...NO_RESERVATION_FILTERS, range: filters.range })}>
          Everyone’s
        </button>
      )}
      <span className="filter-spacer" />
      <span className="filter-count" data-testid="reservation-count" data-value={shown}>
        {isLoading ? 'Loading…' : <strong>{countText(shown)}</strong>}
      </span>
      <button type="button" className="primary-button" data-testid="reservation-new" onClick={onNew}>
        New reservation <kbd>n</kbd>
      </button>
    </div>
  );
}
