/** The base map tiles; counts loads and failures so the console can say when none can be fetched. */
import { useMemo, useRef } from 'react';
import { TileLayer } from 'react-leaflet';
import { useConsoleStore } from '../store/store.js';

/** Failures with no success before the console calls tiles unavailable. */
const FAILURES_BEFORE_UNAVAILABLE = 4;

export function BaseTiles({ url, attribution }: { readonly url: string; readonly attribution: string }) {
  const setTileHealth = useConsoleStore((state) => state.setTileHealth);
  const tally = useRef({ loaded: 0, failed: 0 });
  const handlers = useMemo(
    () => ({
      tileloadstart: () => {
        if (tally.current.loaded === 0 && tally.current.failed === 0) setTileHealth('unknown');
      },
      tileload: () => {
        tally.current.loaded++;
        setTileHealth('ok');
      },
      tileerror: () => {
        tally.current.failed++;
        if (tally.current.loaded === 0 && tally.current.failed >= FAILURES_BEFORE_UNAVAILABLE) setTileHealth('unavailable');
      },
    }),
    [setTileHealth],
  );
  return <TileLayer key={url} url={url} attribution={attribution} eventHandlers={handlers} className="base-tiles" />;
}
