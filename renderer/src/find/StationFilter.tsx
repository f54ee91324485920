/** Filter by station: type part of a name, address or city, tick the stations wanted. */
import { useState } from 'react';
import type { FleetStation } from '../../../shared/console-api.js';
import { useConsoleStore } from '../store/store.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { formatCount } from '../ui/format.js';
import { Popover } from './Popover.js';
import { foldForSearch } from './search-index.js';

const MAX_SHOWN = 60;

function StationChoices() {
  const stationIds = useConsoleStore((state) => state.filters.stationIds);
  const setFilters = useConsoleStore((state) => state.setFilters);
  const [query, setQuery] = useState('');
  // Folded once when the list opens; then a few thousand `includes` per keystroke, well under a millisecond.
  const [folded] = useState(() => fleetModel.stations.map((station) => foldForSearch(`${station.name} ${station.address} ${station.city}`)));
  const needle = foldForSearch(query);
  const chosen = new Set(stationIds);
  const matches: FleetStation[] = [];
  fleetModel.stations.forEach((station, index) => {
    if (matches.length < MAX_SHOWN && !chosen.has(station.id) && (folded[index] ?? '').includes(needle)) matches.push(station);
  });
  const toggle = (stationId: string) =>
    setFilters({ stationIds: chosen.has(stationId) ? stationIds.filter((id) => id !== stationId) : [...stationIds, stationId] });

  return (
    <div className="station-choices">
      <input
        autoFocus
        className="popover-input"
        data-testid="station-filter-input"
        placeholder={`Search ${formatCount(fleetModel.stations.length)} stations`}
        value={query}
        spellCheck={false}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          const first = matches[0];
          if (event.key === 'Enter' && first) {
            event.preventDefault();
            toggle(first.id);
            setQuery('');
          }
        }}
      />
      <ul className="choice-list" role="listbox" aria-multiselectable="true">
        {stationIds.map((stationId) => {
          const station = fleetModel.stations[fleetModel.stationIndexOf(stationId)];
          return (
            <li key={stationId} role="option" aria-selected="true" className="choice is-chosen" onClick={() => toggle(stationId)}>
              <span className="choice-check" aria-hidden="true">✓</span>
              <span className="choice-label">{station?.name ?? stationId}</span>
              <span className="choice-detail">{station?.city ?? 'not in this fleet'}</span>
            </li>
          );
        })}
        {matches.map((station) => (
          <li key={station.id} role="option" aria-selected="false" className="choice" data-testid="station-choice" onClick={() => toggle(station.id)}>
            <span className="choice-check" aria-hidden="true" />
            <span className="choice-label">{station.name}</span>
            <span className="choice-detail">{station.city}</span>
          </li>
        ))}
        {matches.length === 0 && <li className="choice-empty">No other station matches.</li>}
      </ul>
    </div>
  );
}

export function StationFilter() {
  const stationIds = useConsoleStore((state) => state.filters.stationIds);
  const first = stationIds[0];
  const label =
    stationIds.length === 0 ? 'Station' : stationIds.length === 1 && first !== undefined ? (fleetModel.stations[fleetModel.stationIndexOf(first)]?.name ?? first) : `${stationIds.length} stations`;
  return (
    <Popover label={<span className="filter-button-text">{label}</span>} title="Only the devices of some stations" isActive={stationIds.length > 0} testId="station-filter">
      {() => <StationChoices />}
    </Popover>
  );
}
