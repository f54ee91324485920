/** The full-window map: base tiles, the offline outline, and the fleet on one canvas. */
import 'leaflet/dist/leaflet.css';
import { MapContainer, ZoomControl } from 'react-leaflet';
import type { Theme } from '../../../shared/bridge.js';
import type { ConsoleConfig } from '../../../shared/console-api.js';
import { apiUrl } from '../sync/api.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { BaseTiles } from './BaseTiles.js';
import { FleetLayer } from './FleetLayer.js';
import { OutlineLayer } from './OutlineLayer.js';

interface FleetMapProps {
  readonly config: ConsoleConfig;
  readonly backendUrl: string;
  readonly tileUrl: string | null;
  readonly theme: Theme;
  readonly model: FleetModel;
}

export function FleetMap({ config, backendUrl, tileUrl, theme, model }: FleetMapProps) {
  return (
    <div className="fleet-map" data-testid="fleet-map">
      <MapContainer
        center={[config.mapCenter[0], config.mapCenter[1]]}
        zoom={config.mapZoom}
        zoomControl={false}
        attributionControl
        className="fleet-map-leaflet"
      >
        <ZoomControl position="topleft" />
        <BaseTiles url={tileUrl ?? config.tileUrl} attribution={config.tileAttribution} />
        {config.outlineUrl !== null && <OutlineLayer url={apiUrl(backendUrl, config.outlineUrl)} theme={theme} />}
        <FleetLayer model={model} theme={theme} />
      </MapContainer>
    </div>
  );
}
