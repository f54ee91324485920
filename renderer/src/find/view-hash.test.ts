import { beforeEach, describe, expect, it } from 'vitest';
import { NO_FILTERS } from '../store/filter-slice.js';
import { useConsoleStore } from '../store/store.js';
import { DEFAULT_LOCATION, formatViewHash, parseViewHash, syncViewWithHash, type HashPort, type MapLocation, type ViewLocation } from './view-hash.js';

/** The map's location a hash names, or null when it names another view (or none). */
function parseMapHash(hash: string): MapLocation | null {
  const location = parseViewHash(hash);
  return location?.view === 'map' ? location : null;
}

describe('the view in the URL hash', () => {
  it('writes nothing but the view when nothing is filtered or open', () => {
    expect(formatViewHash(DEFAULT_LOCATION)).toBe('#/map');
    expect(parseViewHash('#/map')).toEqual(DEFAULT_LOCATION);
  });

  it('writes filters in words a person can read, and reads them back', () => {
    const location: ViewLocation = {
      view: 'map',
      filters: { kinds: ['car', 'chargePoint'], statuses: ['faulted', 'inUse'], staleness: 'stale', stationIds: ['st-0001', 'st 2'], firmware: ['5.2.0', '', '1,2+3'], alarm: 'critical' },
      open: { kind: 'device', id: 'car-00001' },
    };
    const hash = formatViewHash(location);
    expect(hash).toBe('#/map?kind=car,charge-point&status=faulted,in-use&staleness=stale&alarm=critical&station=st-0001&station=st%202&firmware=5.2.0&firmware=&firmware=1,2%2B3&panel=device:car-00001');
    expect(parseViewHash(hash)).toEqual(location);
    expect(parseMapHash(formatViewHash({ ...location, open: { kind: 'station', id: 'st-0001' } }))?.open).toEqual({ kind: 'station', id: 'st-0001' });
  });

  it('reads hand-written hashes: plain commas, wire names, repeats, junk ignored', () => {
    expect(parseMapHash('#/map?status=faulted,charging&kind=car')?.filters).toEqual({ ...NO_FILTERS, kinds: ['car'], statuses: ['faulted', 'charging'] });
    expect(parseMapHash('#/map?status=inUse&status=in-use&kind=chargePoint')?.filters).toEqual({ ...NO_FILTERS, kinds: ['chargePoint'], statuses: ['inUse'] });
    expect(parseViewHash('#/map?status=broken&kind=bike&staleness=sometimes&alarm=loud&panel=robot:1')).toEqual(DEFAULT_LOCATION);
    expect(parseMapHash('#/map?alarm=none')?.filters).toEqual({ ...NO_FILTERS, alarm: 'none' });
    expect(parseMapHash('/map?staleness=fresh')?.filters.staleness).toBe('fresh');
  });

  it('keeps the reservations and support views with what they show', () => {
    const reservations = parseViewHash('#/reservations?device=cp-0001&customer=C-42&range=past');
    expect(reservations).toEqual({ view: 'reservations', reservationFilters: { deviceId: 'cp-0001', customerRef: 'C-42', range: 'past' } });
    expect(reservations && formatViewHash(reservations)).toBe('#/reservations?device=cp-0001&customer=C-42&range=past');
    expect(parseViewHash('#/reservations?range=someday')).toEqual({ view: 'reservations', reservationFilters: { deviceId: null, customerRef: null, range: 'upcoming' } });
    const support = parseViewHash('#/support?customer=ana%40example.org');
    expect(support).toEqual({ view: 'support', customerRef: 'ana@example.org' });
    expect(support && formatViewHash(support)).toBe('#/support?customer=ana%40example.org');
  });

  it('takes an unknown view as the map, and leaves foreign hashes alone', () => {
    expect(parseViewHash('#/admin?status=faulted')?.view).toBe('map');
    expect(parseViewHash('')).toBeNull();
    expect(parseViewHash('#section-2')).toBeNull();
  });
});

describe('syncViewWithHash', () => {
  let hash: string;
  let writes: string[];
  let onChange: (() => void) | null;
  const port: HashPort = {
    read: () => hash,
    write: (next) => {
      hash = next;
      writes.push(next);
    },
    listen: (callback) => {
      onChange = callback;
      return () => {
        onChange = null;
      };
    },
  };

  beforeEach(() => {
    hash = '';
    writes = [];
    onChange = null;
    const state = useConsoleStore.getState();
    state.clearFilters();
    state.select(null);
    state.selectStation(null);
  });

  it('applies a shared link at start, then writes every change back', () => {
    hash = '#/map?status=faulted&kind=car&panel=device:car-7';
    const stop = syncViewWithHash(useConsoleStore, port);
    const state = useConsoleStore.getState();
    expect(state.filters).toEqual({ ...NO_FILTERS, kinds: ['car'], statuses: ['faulted'] });
    expect(state.selectedDeviceId).toBe('car-7');

    useConsoleStore.getState().setFilters({ staleness: 'fresh' });
    expect(hash).toBe('#/map?kind=car&status=faulted&staleness=fresh&panel=device:car-7');
    useConsoleStore.getState().selectStation('st-3');
    expect(parseMapHash(hash)?.open).toEqual({ kind: 'station', id: 'st-3' });
    stop();
    useConsoleStore.getState().clearFilters();
    expect(parseMapHash(hash)?.filters.staleness).toBe('fresh');
    expect(onChange).toBeNull();
  });

  it('writes the current view when the page has no hash of its own', () => {
    useConsoleStore.getState().setFilters({ statuses: ['offline'] });
    const stop = syncViewWithHash(useConsoleStore, port);
    expect(hash).toBe('#/map?status=offline');
    stop();
  });

  it('follows a hash typed by the operator, closing the panel when the hash has none', () => {
    const stop = syncViewWithHash(useConsoleStore, port);
    useConsoleStore.getState().select('car-1');
    hash = '#/map?station=st-0002';
    onChange?.();
    const state = useConsoleStore.getState();
    expect(state.filters.stationIds).toEqual(['st-0002']);
    expect(state.selectedDeviceId).toBeNull();
    const written = writes.length;
    // Nothing changed: nothing is written.
    onChange?.();
    expect(writes.length).toBe(written);
    stop();
  });
});
