/**
 * Fleet counts in the header, in tabular numbers, each with its state colour. A count is also a
 * filter: clicking "41 faulted" shows only those (and again, everything); "devices" clears the filters.
 */
import type { DeviceStatus } from '../../../shared/fleet.js';
import { isFiltering } from '../store/filter-slice.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetCounts } from '../sync/fleet-model.js';
import { formatCount } from './format.js';

interface CountItem {
  readonly key: keyof FleetCounts;
  readonly label: string;
  readonly testId: string;
  /** CSS class giving the swatch its colour; none for the total. */
  readonly tone?: string;
  /** The state this count filters by; none for the total and for stale. */
  readonly status?: DeviceStatus;
}

const ITEMS: readonly CountItem[] = [
  { key: 'devices', label: 'devices', testId: 'count-devices' },
  { key: 'available', label: 'available', testId: 'count-available', tone: 'available', status: 'available' },
  { key: 'inUse', label: 'in use', testId: 'count-in-use', tone: 'inUse', status: 'inUse' },
  { key: 'charging', label: 'charging', testId: 'count-charging', tone: 'charging', status: 'charging' },
  { key: 'reserved', label: 'reserved', testId: 'count-reserved', tone: 'reserved', status: 'reserved' },
  { key: 'faulted', label: 'faulted', testId: 'count-faulted', tone: 'faulted', status: 'faulted' },
  { key: 'offline', label: 'offline', testId: 'count-offline', tone: 'offline', status: 'offline' },
  { key: 'stale', label: 'stale', testId: 'count-stale', tone: 'stale' },
];

export function FleetCountsBar() {
  const counts = useConsoleStore((state) => state.counts);
  const filters = useConsoleStore((state) => state.filters);
  const setFilters = useConsoleStore((state) => state.setFilters);
  const clearFilters = useConsoleStore((state) => state.clearFilters);

  const isOnly = (item: CountItem) =>
    item.status ? filters.statuses.length === 1 && filters.statuses[0] === item.status : item.key === 'stale' ? filters.staleness === 'stale' : !isFiltering(filters);
  const choose = (item: CountItem) => {
    if (item.status) setFilters({ statuses: isOnly(item) ? [] : [item.status] });
    else if (item.key === 'stale') setFilters({ staleness: isOnly(item) ? 'any' : 'stale' });
    else clearFilters();
  };
  const titleOf = (item: CountItem) =>
    item.key === 'devices' ? 'Show every device (clear the filters)' : isOnly(item) ? `Show every state again` : `Show only ${item.label} devices`;

  return (
    <ul className="counts" aria-label="Fleet counts">
      {ITEMS.map((item) => (
        <li key={item.key} className={`count-item${item.tone ? ` tone-${item.tone}` : ''}${counts[item.key] === 0 ? ' is-zero' : ''}`}>
          <button
            type="button"
            className={`count-button${isOnly(item) && item.key !== 'devices' ? ' is-filtering' : ''}`}
            aria-pressed={item.key === 'devices' ? undefined : isOnly(item)}
            title={titleOf(item)}
            onClick={() => choose(item)}
          >
            {item.tone && <span className="swatch" aria-hidden="true" />}
            <span className="count-value" data-testid={item.testId} data-value={counts[item.key]}>
              {formatCount(counts[item.key])}
            </span>
            <span className="count-label">{item.label}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
