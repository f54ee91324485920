/**
 * What the map and the list show: kind, state, age, station, firmware and alarms, with how many devices pass
 * ("1,204 of 100,000") and a way back to everything. The filters live in the store (and the URL hash).
 */
import type { ReactNode } from 'react';
import { STATUS_LABELS, type DeviceKind, type DeviceStatus } from '../../../shared/fleet.js';
import { BulkCommandButton } from '../commands/BulkCommandButton.js';
import { shownDeviceIds } from '../commands/bulk-selection.js';
import { isFiltering, type Staleness } from '../store/filter-slice.js';
import { useConsoleStore } from '../store/store.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { formatCount } from '../ui/format.js';
import { fleetView } from './fleet-view-instance.js';
import { AlarmFilter } from './AlarmFilter.js';
import { FirmwareFilter } from './FirmwareFilter.js';
import { StationFilter } from './StationFilter.js';
import { useShownCount } from './use-fleet-list.js';

const STATE_ORDER = ['available', 'inUse', 'charging', 'reserved', 'faulted', 'offline'] as const satisfies readonly DeviceStatus[];

const KINDS: readonly { readonly kind: DeviceKind; readonly label: string; readonly shape: 'circle' | 'square' }[] = [
  { kind: 'car', label: 'Cars', shape: 'circle' },
  { kind: 'chargePoint', label: 'Charge points', shape: 'square' },
];

const STALENESS: readonly { readonly value: Staleness; readonly label: string; readonly title: string }[] = [
  { value: 'any', label: 'Any age', title: 'Devices whatever the age of their state' },
  { value: 'stale', label: 'Stale', title: 'Only devices not heard from within their expected interval' },
  { value: 'fresh', label: 'Fresh', title: 'Only devices heard from within their expected interval' },
];

function toggled<Value>(values: readonly Value[], value: Value): Value[] {
  return values.includes(value) ? values.filter((each) => each !== value) : [...values, value];
}

function Group({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="filter-group" role="group" aria-label={label}>
      {children}
    </div>
  );
}

export function FilterBar() {
  const filters = useConsoleStore((state) => state.filters);
  const setFilters = useConsoleStore((state) => state.setFilters);
  const clearFilters = useConsoleStore((state) => state.clearFilters);
  const isListOpen = useConsoleStore((state) => state.isListOpen);
  const setListOpen = useConsoleStore((state) => state.setListOpen);
  const { shown, total } = useShownCount();
  const isActive = isFiltering(filters);

  return (
    <div className="filter-bar" data-testid="filter-bar">
      <button
        type="button"
        className={`filter-button list-toggle${isListOpen ? ' is-active' : ''}`}
        aria-pressed={isListOpen}
        title={`${isListOpen ? 'Hide' : 'Show'} the list of devices (l)`}
        data-testid="list-toggle"
        onClick={() => setListOpen(!isListOpen)}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M2 4h12M2 8h12M2 12h12" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        List
      </button>

      <Group label="Kind">
        {KINDS.map(({ kind, label, shape }) => {
          const isOn = filters.kinds.includes(kind);
          return (
            <button
              key={kind}
              type="button"
              className={`filter-chip${isOn ? ' is-on' : ''}`}
              aria-pressed={isOn}
              data-testid={`kind-chip-${kind}`}
              onClick={() => setFilters({ kinds: toggled(filters.kinds, kind) })}
            >
              <span className={`find-marker shape-${shape} is-neutral`} aria-hidden="true" />
              {label}
            </button>
          );
        })}
      </Group>

      <Group label="State">
        {STATE_ORDER.map((status) => {
          const isOn = filters.statuses.includes(status);
          return (
            <button
              key={status}
              type="button"
              className={`filter-chip state-chip tone-${status}${isOn ? ' is-on' : ''}`}
              aria-pressed={isOn}
              data-testid={`state-chip-${status}`}
              onClick={() => setFilters({ statuses: toggled(filters.statuses, status) })}
            >
              <span className="chip-swatch" aria-hidden="true" />
              {STATUS_LABELS[status]}
            </button>
          );
        })}
      </Group>

      <Group label="Age">
        <div className="segmented">
          {STALENESS.map(({ value, label, title }) => (
            <button
              key={value}
              type="button"
              className={`segment${filters.staleness === value ? ' is-on' : ''}${value === 'stale' ? ' tone-stale' : ''}`}
              aria-pressed={filters.staleness === value}
              title={title}
              data-testid={`staleness-${value}`}
              onClick={() => setFilters({ staleness: value })}
            >
              {label}
            </button>
          ))}
        </div>
      </Group>

      <StationFilter />
      <FirmwareFilter />
      <AlarmFilter />

      <span className="filter-spacer" />
      <span className="filter-count" data-testid="filter-count" data-shown={shown} data-total={total}>
        {isActive ? (
          <>
            <strong>{formatCount(shown)}</strong> of {formatCount(total)}
          </>
        ) : (
          <>
            <strong>{formatCount(total)}</strong> devices
          </>
        )}
      </span>
      {isActive && shown > 0 && (
        <BulkCommandButton
          className="filter-button"
          title="Send one command to the devices these filters show"
          testId="filter-command"
          resolve={() => ({ description: 'The filtered devices', deviceIds: shownDeviceIds(fleetView.shownIndices(), fleetModel) })}
        />
      )}
      <button type="button" className="filter-button clear-button" disabled={!isActive} data-testid="clear-filters" onClick={clearFilters}>
        Clear
      </button>
    </div>
  );
}
