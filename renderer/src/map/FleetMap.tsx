/**
 * The full-window map: base tiles, the offline outline, the fleet on one canvas, and what is said over
 * it (tooltip, frozen banner, follow, box-selection and bulk-command chips).
 */
import 'leaflet/dist/leaflet.css';
import { useCallback, useEffect, useState } from 'react';
import { MapContainer, ZoomControl } from 'react-leaflet';
import type { Theme } from '../../../shared/bridge.js';
import type { ConsoleConfig } from '../../../shared/console-api.js';
import { BulkProgressChip } from '../commands/BulkProgressChip.js';
import { fleetView } from '../find/fleet-view-instance.js';
import { useConsoleStore } from '../store/store.js';
import { apiUrl } from '../sync/api.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { BaseTiles } from './BaseTiles.js';
import { BoxSelectionBar } from './BoxSelectionBar.js';
import { FleetLayer } from './FleetLayer.js';
import { FollowIndicator } from './FollowIndicator.js';
import { FrozenBanner, useIsFrozen } from './FrozenBanner.js';
import { MapSizeFollower } from './MapSizeFollower.js';
import { MapTooltip } from './MapTooltip.js';
import { OutlineLayer } from './OutlineLayer.js';

interface FleetMapProps {
  readonly config: ConsoleConfig;
  readonly backendUrl: string;
  readonly tileUrl: string | null;
  readonly theme: Theme;
  readonly model: FleetModel;
}

/**
 * Tiles wait for the fleet's first drawing, at most this long: on a busy or single core, decoding and
 * filtering a screenful of tiles competes with reading and drawing the snapshot, and a dispatcher
 * opening the console wants the devices first.
 */
const TILES_WAIT_MS = 1500;

/** Long enough for the first tiles of a working server, which the console is busy drawing the fleet over. */
const TILES_DUE_MS = 2000;

/** Whether the base tiles may load yet, and what to call when the fleet is shown. */
function useTilesMayLoad(): readonly [boolean, () => void] {
  const [mayLoad, setMayLoad] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setMayLoad(true), TILES_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);
  return [mayLoad, useCallback(() => setMayLoad(true), [])];
}

/**
 * Whether the outline should stand in for tiles: none could be loaded, or none has loaded yet well after
 * they were asked for (offline, tile requests may never even fail). Over tiles it would repeat them, and
 * cost a redraw of city-sized polygons at every zoom.
 */
function useHasNoTiles(areTilesAsked: boolean): boolean {
  const tileHealth = useConsoleStore((state) => state.tileHealth);
  const [isDue, setIsDue] = useState(false);
  useEffect(() => {
    if (!areTilesAsked) return;
    const timer = setTimeout(() => setIsDue(true), TILES_DUE_MS);
    return () => clearTimeout(timer);
  }, [areTilesAsked]);
  return tileHealth === 'unavailable' || (tileHealth === 'unknown' && isDue);
}

export function FleetMap({ config, backendUrl, tileUrl, theme, model }: FleetMapProps) {
  const isFrozen = useIsFrozen();
  const [mayLoadTiles, onFleetShown] = useTilesMayLoad();
  const hasNoTiles = useHasNoTiles(mayLoadTiles);
  return (
    <div className={`fleet-map${isFrozen ? ' is-frozen' : ''}`} data-testid="fleet-map" data-frozen={isFrozen}>
      <MapContainer
        center={[config.mapCenter[0], config.mapCenter[1]]}
        zoom={config.mapZoom}
        zoomControl={false}
        // Shift+drag selects devices (BoxSelect) instead of zooming to a box.
        boxZoom={false}
        // Fading tiles in re-composites the whole tile pane on every frame for a while after each zoom, which
        // a software compositor pays for in dropped frames; tiles appear at once instead.
        fadeAnimation={false}
        // A zoom animation scales every layer on the compositor for a quarter of a second, in which the new
        // tiles and clusters are made too: on a software compositor (measured at 100,000 devices, wheel zooms
        // over street tiles) frame p95 25 ms and a dozen frames over 50 ms more per 20 s than a zoom at once.
        zoomAnimation={false}
        attributionControl
        className="fleet-map-leaflet"
      >
        <ZoomControl position="topleft" />
        <MapSizeFollower />
        {mayLoadTiles && <BaseTiles url={tileUrl ?? config.tileUrl} attribution={config.tileAttribution} theme={theme} />}
        {config.outlineUrl !== null && hasNoTiles && <OutlineLayer url={apiUrl(backendUrl, config.outlineUrl)} theme={theme} />}
        <FleetLayer model={model} view={fleetView} theme={theme} onFleetShown={onFleetShown} />
      </MapContainer>
      <MapTooltip model={model} />
      <div className="map-notices">
        <FrozenBanner />
        <FollowIndicator model={model} />
        <BoxSelectionBar />
        <BulkProgressChip />
      </div>
    </div>
  );
}
