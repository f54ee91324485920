/**
 * Ctrl+K: find any device or station by id, plate, serial, station name or address, as fast as one
 * types. Arrow keys and Enter, or the mouse; opening a result selects it and shows it on the map.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { STATUS_LABELS } from '../../../shared/fleet.js';
import { mapCommands } from '../map/map-commands.js';
import { useConsoleStore } from '../store/store.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { formatCount } from '../ui/format.js';
import { DeviceMarker } from './DeviceMarker.js';
import { summariseDevice } from './device-summary.js';
import { EMPTY_RESULTS, bestRank, type DeviceField, type SearchHit, type SearchResults, type StationField } from './search-index.js';
import { fleetSearchFor, type FleetSearch } from './search-instance.js';

type ResultItem = { readonly type: 'device'; readonly hit: SearchHit<DeviceField> } | { readonly type: 'station'; readonly hit: SearchHit<StationField> };

interface Answer {
  readonly query: string;
  readonly results: SearchResults;
  readonly tookMs: number;
}

const NO_ANSWER: Answer = { query: '', results: EMPTY_RESULTS, tookMs: 0 };

const FIELD_LABELS: Readonly<Record<DeviceField | StationField, string>> = {
  id: 'id',
  plate: 'plate',
  serialNumber: 'serial',
  label: 'label',
  name: 'name',
  address: 'address',
  city: 'city',
};

function answer(search: FleetSearch | null, query: string): Answer {
  if (!search || query.trim() === '') return { ...NO_ANSWER, query };
  const started = performance.now();
  const results = search.index.search(query);
  return { query, results, tookMs: performance.now() - started };
}

/** Devices first unless a station matches better: "Rivoli" is more likely a station than a serial. */
function itemsOf(results: SearchResults): ResultItem[] {
  const devices: ResultItem[] = results.devices.map((hit) => ({ type: 'device', hit }));
  const stations: ResultItem[] = results.stations.map((hit) => ({ type: 'station', hit }));
  return bestRank(results.stations) < bestRank(results.devices) ? [...stations, ...devices] : [...devices, ...stations];
}

function open(item: ResultItem): void {
  const state = useConsoleStore.getState();
  // A result is shown on the map, whichever view the search was opened from.
  if (state.view !== 'map') state.setView('map');
  if (item.type === 'device') {
    const deviceId = fleetModel.ids[item.hit.index];
    if (deviceId === undefined) return;
    state.select(deviceId);
    mapCommands.focusDevice(deviceId);
  } else {
    const station = fleetModel.stations[item.hit.index];
    if (!station) return;
    state.selectStation(station.id);
    mapCommands.focusStation(station.id);
  }
  state.setOverlay('none');
}

function DeviceResult({ hit }: { readonly hit: SearchHit<DeviceField> }) {
  const device = summariseDevice(fleetModel, hit.index, fleetModel.serverNow());
  if (!device) return null;
  const entry = fleetModel.device(hit.index);
  // Say which field matched when it is not the one shown.
  const matched = hit.field === 'serialNumber' && device.reference !== entry?.serialNumber ? entry?.serialNumber : hit.field === 'label' ? entry?.label : null;
  return (
    <>
      <DeviceMarker kind={device.kind} status={device.status} isStale={device.isStale} />
      <span className="result-main">
        <span className="result-id">{device.id}</span>
        <span className="result-reference">{device.reference}</span>
        {matched && (
          <span className="result-matched">
            {FIELD_LABELS[hit.field]} {matched}
          </span>
        )}
      </span>
      <span className="result-side">
        <span className="result-station">{device.stationName ?? 'no station'}</span>
        <span className={`result-state tone-${device.status}`}>
          {STATUS_LABELS[device.status]}
          {device.isStale ? ' · stale' : ''}
        </span>
      </span>
    </>
  );
}

function StationResult({ hit, search }: { readonly hit: SearchHit<StationField>; readonly search: FleetSearch }) {
  const station = fleetModel.stations[hit.index];
  const contents = search.contents[hit.index];
  if (!station) return null;
  return (
    <>
      <span className="find-station-icon" aria-hidden="true" />
      <span className="result-main">
        <span className="result-name">{station.name}</span>
        <span className="result-reference">
          {station.address}, {station.city}
        </span>
      </span>
      <span className="result-side">
        {contents && (
          <span className="result-station">
            {contents.chargePoints} charge point{contents.chargePoints === 1 ? '' : 's'} · {contents.cars} car{contents.cars === 1 ? '' : 's'}
          </span>
        )}
      </span>
    </>
  );
}

export function SearchPalette() {
  const overlay = useConsoleStore((state) => state.overlay);
  return overlay === 'search' ? <SearchPaletteContent /> : null;
}

function SearchPaletteContent() {
  const setOverlay = useConsoleStore((state) => state.setOverlay);
  const [search, setSearch] = useState<FleetSearch | null>(null);
  const [query, setQuery] = useState('');
  // Derived, not stored: a keystroke handled before the index's render would otherwise keep its empty answer.
  const current = useMemo(() => answer(search, query), [search, query]);
  const [active, setActive] = useState(0);
  const resultsElement = useRef<HTMLDivElement>(null);
  const items = itemsOf(current.results);

  useEffect(() => {
    // Built after the palette is on screen, so it opens at once; rebuilt if a snapshot arrives meanwhile.
    const build = () => {
      const next = fleetSearchFor(fleetModel);
      setSearch(next);
    };
    const frame = requestAnimationFrame(build);
    const stop = fleetModel.subscribe((change) => {
      if (change.type === 'snapshot') build();
    });
    return () => {
      cancelAnimationFrame(frame);
      stop();
    };
  }, []);

  useEffect(() => {
    resultsElement.current?.querySelector('[data-active="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active, current]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const by = event.key === 'ArrowDown' ? 1 : -1;
      setActive((position) => (items.length === 0 ? 0 : (position + by + items.length) % items.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const item = items[active];
      if (item) open(item);
    }
  };

  const deviceCount = current.results.devices.length;
  const stationCount = current.results.stations.length;

  return (
    <div className="overlay-backdrop" onMouseDown={(event) => event.target === event.currentTarget && setOverlay('none')}>
      <div className="search-palette" role="dialog" aria-modal="true" aria-label="Search devices and stations" data-testid="search-palette">
        <div className="search-field">
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
            <path d="m13 13 4.5 4.5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
          <input
            autoFocus
            className="search-input"
            data-testid="search-input"
            placeholder="Device id, plate, serial, station or address"
            value={current.query}
            spellCheck={false}
            autoComplete="off"
            role="combobox"
            aria-expanded={items.length > 0}
            aria-controls="search-results"
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
          />
          <kbd className="search-esc">Esc</kbd>
        </div>

        <div className="search-results" id="search-results" role="listbox" ref={resultsElement}>
          {current.query.trim() === '' && (
            <p className="search-hint">
              Type an id (cp-00012), a plate (<span className="mono">ab123</span> finds AB-123-CD), a serial number, a station name, an address or a city.
            </p>
          )}
          {current.query.trim() !== '' && items.length === 0 && (
            <p className="search-hint">{search ? `Nothing matches “${current.query.trim()}”.` : 'Preparing the search…'}</p>
          )}
          {items.map((item, position) => {
            const heading =
              item.type !== items[position - 1]?.type ? (
                <div className="search-group" key={`${item.type}-heading`}>
                  {item.type === 'device' ? `Devices · ${deviceCount}` : `Stations · ${stationCount}`}
                </div>
              ) : null;
            return [
              heading,
              <div
                key={`${item.type}-${item.hit.index}`}
                className={`search-result${position === active ? ' is-active' : ''}`}
                role="option"
                aria-selected={position === active}
                data-active={position === active}
                data-testid="search-result"
                data-kind={item.type}
                onMouseMove={() => position !== active && setActive(position)}
                onClick={() => open(item)}
              >
                {item.type === 'device' ? <DeviceResult hit={item.hit} /> : search && <StationResult hit={item.hit} search={search} />}
              </div>,
            ];
          })}
        </div>

        <footer className="search-footer">
          <span>
            <kbd>↑</kbd>
            <kbd>↓</kbd> move · <kbd>Enter</kbd> open · <kbd>Esc</kbd> close
          </span>
          <span className="search-stats" data-testid="search-stats">
            {current.results.isTruncated && 'first results only: type more · '}
            {search && current.query.trim() !== '' && `${formatCount(fleetModel.count)} devices searched in ${current.tookMs < 1 ? current.tookMs.toFixed(2) : current.tookMs.toFixed(1)} ms`}
          </span>
        </footer>
      </div>
    </div>
  );
}
