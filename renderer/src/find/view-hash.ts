/**
 * The current view, its filters and what is open, in the URL hash (#/map?status=faulted&kind=car), so a
 * view can be bookmarked, shared or restored after a reload (CONSOLE.md). The hash is only read and
 * written, never navigated: the login screen leaves it alone, so a shared link survives the login.
 */
import { DEVICE_KINDS, DEVICE_STATUSES, type DeviceKind, type DeviceStatus } from '../../../shared/fleet.js';
import { readAlarmParams, writeAlarmParams, type AlarmsLocation } from '../alarms/alarm-hash.js';
import { ALARM_SEVERITIES } from '../../../shared/alarms.js';
import { NO_FILTERS, type AlarmFilter, type FleetFilters, type Staleness } from '../store/filter-slice.js';
import type { ConsoleState } from '../store/store.js';
import { VIEWS, type View } from '../store/ui-slice.js';
import { readReservationParams, writeReservationParams, type ReservationsLocation } from '../reservations/reservation-filters.js';
import { readSupportParams, writeSupportParams, type SupportLocation } from '../support/support-location.js';

export { VIEWS, type View };

export type OpenThing = { readonly kind: 'device'; readonly id: string } | { readonly kind: 'station'; readonly id: string } | null;

export interface MapLocation {
  readonly view: 'map';
  readonly filters: FleetFilters;
  readonly open: OpenThing;
}

export interface ReviewLocation {
  readonly view: 'review';
}

/** Each view keeps its own filters in the hash; the others' stay in the store, untouched. */
export type ViewLocation = MapLocation | AlarmsLocation | ReservationsLocation | SupportLocation | ReviewLocation;

export const DEFAULT_LOCATION: MapLocation = { view: 'map', filters: NO_FILTERS, open: null };

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
const ALARM_FILTER_VALUES: readonly AlarmFilter[] = ['any', ...ALARM_SEVERITIES, 'none'];

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
  if (location.view === 'map') writeMapParams(params, location);
  else if (location.view === 'alarms') writeAlarmParams(params, location);
  else if (location.view === 'reservations') writeReservationParams(params, location);
  else if (location.view === 'support') writeSupportParams(params, location);
  // Commas, colons and slashes are safe in a fragment: left readable ("status=faulted,in-use").
  const query = [...params]
    .map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/')}`)
    .join('&');
  return `#/${location.view}${query ? `?${query}` : ''}`;
}

function writeMapParams(params: URLSearchParams, location: MapLocation): void {
  const { filters, open } = location;
  if (filters.kinds.length > 0) params.set('kind', filters.kinds.map((kind) => KIND_WORDS[kind]).join(','));
  if (filters.statuses.length > 0) params.set('status', filters.statuses.map((status) => STATUS_WORDS[status]).join(','));
  if (filters.staleness !== 'any') params.set('staleness', filters.staleness);
  if (filters.alarm !== 'all') params.set('alarm', filters.alarm);
  // Ids and versions are free text (a version may hold a comma): one parameter each.
  for (const stationId of filters.stationIds) params.append('station', stationId);
  for (const version of filters.firmware) params.append('firmware', version);
  if (open) params.set('panel', `${open.kind}:${open.id}`);
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
  if (view === 'alarms') return readAlarmParams(params);
  if (view === 'reservations') return readReservationParams(params);
  if (view === 'support') return readSupportParams(params);
  if (view === 'review') return { view };
  const kinds = unique(listOf(params, 'kind').flatMap((word) => fromWord(KIND_WORDS, DEVICE_KINDS, word) ?? []));
  const statuses = unique(listOf(params, 'status').flatMap((word) => fromWord(STATUS_WORDS, DEVICE_STATUSES, word) ?? []));
  const staleness = STALENESS_VALUES.find((value) => value === params.get('staleness')) ?? 'any';
  const alarm = ALARM_FILTER_VALUES.find((value) => value === params.get('alarm')) ?? 'all';
  const stationIds = unique(params.getAll('station').filter((id) => id !== ''));
  // An empty firmware value stands for "unknown" and is kept.
  const firmware = unique(params.getAll('firmware'));
  return { view, filters: { kinds, statuses, staleness, stationIds, firmware, alarm }, open: parseOpen(params.get('panel')) };
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

/** What of the store the hash mirrors: the current view, its filters and its open panel. */
export function locationOf(state: ConsoleState): ViewLocation {
  if (state.view === 'alarms') return { view: 'alarms', alarmFilters: state.alarmFilters, alarmSort: state.alarmSort, openAlarmId: state.selectedAlarmId };
  if (state.view === 'reservations') return { view: 'reservations', reservationFilters: state.reservationFilters };
  if (state.view === 'support') return { view: 'support', customerRef: state.supportCustomerRef };
  if (state.view === 'review') return { view: 'review' };
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

/** Puts the store where a location says: its view, and that view's filters and panel. */
function applyLocation(state: ConsoleState, location: ViewLocation): void {
  if (state.view !== location.view) state.setView(location.view);
  if (location.view === 'alarms') {
    state.setAlarmFilters(location.alarmFilters);
    state.setAlarmSort(location.alarmSort);
    state.openAlarm(location.openAlarmId);
    return;
  }
  if (location.view === 'reservations') state.setReservationFilters(location.reservationFilters);
  if (location.view === 'support') state.setSupportCustomer(location.customerRef);
  if (location.view !== 'map') return;
  state.setFilters(location.filters);
  if (location.open?.kind === 'device') state.select(location.open.id);
  else if (location.open?.kind === 'station') state.selectStation(location.open.id);
  else if (state.selectedDeviceId !== null) state.select(null);
  else if (state.selectedStationId !== null) state.selectStation(null);
}

/** The fields the hash is made of: a change to any other leaves the hash alone. */
function isMirrored(state: ConsoleState, previous: ConsoleState): boolean {
  return (
    state.view !== previous.view ||
    state.filters !== previous.filters ||
    state.selectedDeviceId !== previous.selectedDeviceId ||
    state.selectedStationId !== previous.selectedStationId ||
    state.alarmFilters !== previous.alarmFilters ||
    state.alarmSort !== previous.alarmSort ||
    state.selectedAlarmId !== previous.selectedAlarmId ||
    state.reservationFilters !== previous.reservationFilters ||
    state.supportCustomerRef !== previous.supportCustomerRef
  );
}

/**
 * Keeps store and hash in step: a console hash present at start (a shared link, a reload) or typed
 * later sets the view, its filters and its panel; every later change of these rewrites the hash.
 */
export function syncViewWithHash(store: StoreApi, port: HashPort): () => void {
  const currentHash = () => formatViewHash(locationOf(store.getState()));
  const applyHash = () => {
    const location = parseViewHash(port.read());
    if (location && formatViewHash(location) !== currentHash()) applyLocation(store.getState(), location);
    // Written back in its one normal form, so that what is shared reads the same as what is shown.
    if (port.read() !== currentHash()) port.write(currentHash());
  };
  applyHash();
  const stopListening = port.listen(applyHash);
  const stopStore = store.subscribe((state, previous) => {
    if (!isMirrored(state, previous)) return;
    const hash = currentHash();
    if (hash !== port.read()) port.write(hash);
  });
  return () => {
    stopListening();
    stopStore();
  };
}
