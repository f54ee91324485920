/**
 * The base map tiles (dark theme: filtered once per tile, see FilteredTileLayer); counts loads and
 * failures so the console can say when none can be fetched.
 */
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import type { Theme } from '../../../shared/bridge.js';
import { useConsoleStore } from '../store/store.js';
import { DARK_TILE_FILTER, FilteredTileLayer } from './filtered-tile-layer.js';

/** Failures with no success before the console calls tiles unavailable. */
const FAILURES_BEFORE_UNAVAILABLE = 4;

interface BaseTilesProps {
  readonly url: string;
  readonly attribution: string;
  readonly theme: Theme;
}

export function BaseTiles({ url, attribution, theme }: BaseTilesProps) {
  const map = useMap();
  const setTileHealth = useConsoleStore((state) => state.setTileHealth);

  useEffect(() => {
    const tally = { loaded: 0, failed: 0 };
    const layer = new FilteredTileLayer(url, { attribution, className: 'base-tiles' }, theme === 'dark' ? DARK_TILE_FILTER : null);
    layer.on('tileloadstart', () => {
      if (tally.loaded === 0 && tally.failed === 0) setTileHealth('unknown');
    });
    layer.on('tileload', () => {
      tally.loaded++;
      setTileHealth('ok');
    });
    layer.on('tileerror', () => {
      tally.failed++;
      if (tally.loaded === 0 && tally.failed >= FAILURES_BEFORE_UNAVAILABLE) setTileHealth('unavailable');
    });
    layer.addTo(map);
    return () => {
      layer.remove();
    };
  }, [map, url, attribution, theme, setTileHealth]);

  return null;
}
