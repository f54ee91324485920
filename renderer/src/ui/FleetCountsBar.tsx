/** Fleet counts in the header, in tabular numbers, each with its state colour. */
import type { FleetCounts } from '../sync/fleet-model.js';
import { useConsoleStore } from '../store/store.js';
import { formatCount } from './format.js';

interface CountItem {
  readonly key: keyof FleetCounts;
  readonly label: string;
  readonly testId?: string;
  /** CSS class giving the swatch its colour; none for the total. */
  readonly tone?: string;
}

const ITEMS: readonly CountItem[] = [
  { key: 'devices', label: 'devices', testId: 'count-devices' },
  { key: 'available', label: 'available', testId: 'count-available', tone: 'available' },
  { key: 'inUse', label: 'in use', testId: 'count-in-use', tone: 'inUse' },
  { key: 'charging', label: 'charging', testId: 'count-charging', tone: 'charging' },
  { key: 'faulted', label: 'faulted', testId: 'count-faulted', tone: 'faulted' },
  { key: 'offline', label: 'offline', testId: 'count-offline', tone: 'offline' },
  { key: 'stale', label: 'stale', testId: 'count-stale', tone: 'stale' },
];

export function FleetCountsBar() {
  const counts = useConsoleStore((state) => state.counts);
  return (
    <ul className="counts" aria-label="Fleet counts">
      {ITEMS.map((item) => (
        <li key={item.key} className={`count-item${item.tone ? ` tone-${item.tone}` : ''}${counts[item.key] === 0 ? ' is-zero' : ''}`}>
          {item.tone && <span className="swatch" aria-hidden="true" />}
          <span className="count-value" data-testid={item.testId} data-value={counts[item.key]}>
            {formatCount(counts[item.key])}
          </span>
          <span className="count-label">{item.label}</span>
        </li>
      ))}
    </ul>
  );
}
