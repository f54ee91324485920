/**
 * The current view, its filters and what is open, in the URL hash (#/map?status=faulted&kind=car), so a
 * view can be bookmarked, shared or restored after a reload (CONSOLE.md). The hash is only read and
 * written, never navigated: the login screen leaves it alone, so a shared link survives the login.
 */
import { DEVICE_KINDS, DEVICE_STATUSES, type DeviceKind, type DeviceStatus } from '../../../shared/fleet.js';
import { NO_FILTERS, type FleetFilters, type Staleness } from '../store/filter-slice.js';
import type { ConsoleState } from '../store/store.js';

/** The views that exist; the others (alarms, reservations…) come with their issues. */
export const VIEWS = ['map'] as const;
export type View = (typeof VIEWS)[number];

export type OpenThing = { readonly kind: 'device'; readonly id: string } | { readonly kind: 'station'; readonly id: string } | null;

export interface ViewLocation {
  readonly view: View;
  readonly filters: FleetFilters;
  readonly open: OpenThing;
}

export const DEFAULT_LOCATION: ViewLocation = { view: 'map', filters: NO_FILTERS, open: null };

/** Words a person can read and type in a URL, for the wire names of kinds and states. */
const KIND_WORDS: Readonly<Record<DeviceKind, string>> = { car: 'car', chargePoint: 'charge-point' };
const STATUS_WORDS: Readonly<Record<DeviceStatus, string>> = {
  offline: 'offline',
  available: 'available',
  inUse: 'in-use',
  charging: 'charging',
  reserved: 'reserved',
  faulted: 'faulted',
};
const STALENESS_VALUES: readonly Staleness[] = ['stale', 'fresh'];

function fromWord<Value extends string>(words: Readonly<Record<Value, string>>, all: readonly Value[], word: string): Value | null {
  return all.find((value) => words[value] === word || value === word) ?? null;
}

/** Values of a repeated or comma-separated parameter. */
function listOf(params: URLSearchParams, name: string): string[] {
  return params.getAll(name).flatMap((value) => value.split(',')).filter((value) => value !== '');
}

function unique<Value>(values: readonly Value[]): Value[] {
  return [...new Set(values)];
}

/** "#/map?kind=car&status=faulted,in-use&staleness=stale&station=st-0001&firmware=5.2.0&panel=device:car-00001". */
export function formatViewHash(location: ViewLocation): string {
  const params = new URLSearchParams();
  const { filters, open } = location;
  if (filters.kinds.length > 0) params.set('kind', filters.kinds.map((kind) => KIND_WORDS[kind]).join(','));
  if (filters.statuses.length > 0) params.set('status', filters.statuses.map((status) => STATUS_WORDS[status]).join(','));
  if (filters.staleness !== 'any') params.set('staleness', filters.staleness);
  // Ids and versions are free text (a version may hold a comma): one parameter each.
  for (const stationId of filters.stationIds) params.append('station', stationId);
  for (const version of filters.firmware) params.append('firmware', version);
  if (open) params.set('panel', `${open.kind}:${open.id}`);
  // Commas, colons and slashes are safe in a fragment: left readable ("status=faulted,in-use").
  const query = [...params]
    .map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/')}`)
    .join('&');
  return `#/${location.view}${query ? `?${query}` : ''}`;
}

function parseOpen(value: string | null): OpenThing {
  const match = value === null ? null : /^(device|station):(.+)$/.exec(value);
  if (!match?.[2]) return null;
  return match[1] === 'device' ? { kind: 'device', id: match[2] } : { kind: 'station', id: match[2] };
}

/** The location a hash names, or null when the hash is not one of the console's (empty, or foreign). */
export function parseViewHash(hash: string): ViewLocation | null {
  const match = /^#?\/([a-z-]+)(?:\?(.*))?$/.exec(hash);
  if (!match) return null;
  const view = VIEWS.find((name) => name === match[1]) ?? 'map';
  const params = new URLSearchParams(match[2] ?? '');
  const kinds = unique(listOf(params, 'kind').flatMap((word) => fromWord(KIND_WORDS, DEVICE_KINDS, word) ?? []));
  const statuses = unique(listOf(params, 'status').flatMap((word) => fromWord(STATUS_WORDS, DEVICE_STATUSES, word) ?? []));
  const staleness = STALENESS_VALUES.find((value) => value === params.get('staleness')) ?? 'any';
  const stationIds = unique(params.getAll('station').filter((id) => id !== ''));
  // An empty firmware value stands for "unknown" and is kept.
  const firmware = unique(params.getAll('firmware'));
  return { view, filters: { kinds, statuses, staleness, stationIds, firmware }, open: parseOpen(params.get('panel')) };
}

/** Where the hash is read and written: the browser's, or a stand-in in tests. */
export interface HashPort {
  read(): string;
  /** Replaces the hash without adding a history entry or scrolling. */
  write(hash: string): void;
  /** Calls back when the operator changes the hash (typed, pasted, back/forward). */
  listen(onChange: () => void): () => void;
}

export function browserHashPort(target: Window): HashPort {
  return {
    read: () => target.location.hash,
    write: (hash) => target.history.replaceState(target.history.state, '', hash),
    listen: (onChange) => {
      target.addEventListener('hashchange', onChange);
      return () => target.removeEventListener('hashchange', onChange);
    },
  };
}

/** What of the store the hash mirrors: the filters and the open panel. */
export function locationOf(state: ConsoleState): ViewLocation {
  const open: OpenThing = state.selectedDeviceId
    ? { kind: 'device', id: state.selectedDeviceId }
    : state.selectedStationId
      ? { kind: 'station', id: state.selectedStationId }
      : null;
  return { view: 'map', filters: state.filters, open };
}

interface StoreApi {
  getState(): ConsoleState;
  subscribe(listener: (state: ConsoleState, previous: ConsoleState) => void): () => void;
}

/**
 * Keeps store and hash in step: a console hash present at start (a shared link, a reload) or typed
 * later sets the filters and opens its panel; every later change of filters or panel rewrites the hash.
 */
export function syncViewWithHash(store: StoreApi, port: HashPort): () => void {
  const currentHash = () => formatViewHash(locationOf(store.getState()));
  const applyHash = () => {
    const location = parseViewHash(port.read());
    if (location && formatViewHash(location) !== currentHash()) {
      const state = store.getState();
      state.setFilters(location.filters);
      if (location.open?.kind === 'device') state.select(location.open.id);
      else if (location.open?.kind === 'station') state.selectStation(location.open.id);
      else if (state.selectedDeviceId !== null) state.select(null);
      else if (state.selectedStationId !== null) state.selectStation(null);
    }
    // Written back in its one normal form, so that what is shared reads the same as what is shown.
    if (port.read() !== currentHash()) port.write(currentHash());
  };
  applyHash();
  const stopListening = port.listen(applyHash);
  const stopStore = store.subscribe((state, previous) => {
    if (state.filters === previous.filters && state.selectedDeviceId === previous.selectedDeviceId && state.selectedStationId === previous.selectedStationId) return;
    const hash = currentHash();
    if (hash !== port.read()) port.write(hash);
  });
  return () => {
    stopListening();
    stopStore();
  };
}
