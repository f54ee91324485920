/**
 * A small map of the alarm's device where the fleet last placed it, ringed in the alarm's severity,
 * following the device as it moves. Its own tiles and outline: the main map's tile health is not this
 * map's business.
 */
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useState } from 'react';
import { MapContainer, useMap } from 'react-leaflet';
import type { AlarmSeverity } from '../../../shared/alarms.js';
import type { Theme } from '../../../shared/bridge.js';
import type { ConsoleConfig } from '../../../shared/console-api.js';
import { kindFromCode, statusFromCode } from '../../../shared/fleet.js';
import { DARK_TILE_FILTER, FilteredTileLayer } from '../map/filtered-tile-layer.js';
import { OutlineLayer } from '../map/OutlineLayer.js';
import { onDeviceChange } from '../panel/device-changes.js';
import { useConsoleStore } from '../store/store.js';
import { apiUrl } from '../sync/api.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { severityColour } from '../ui/status-colours.js';

/** Street level to read the tiles; without tiles, wide enough to show the outline and other stations. */
const ZOOM_WITH_TILES = 15;
const ZOOM_WITHOUT_TILES = 13;
/** Enough for a busy station and its street; more would be noise at this size. */
const MAX_NEIGHBOURS = 150;

function positionOf(model: FleetModel, deviceId: string): L.LatLng | null {
  const index = model.indexOf(deviceId);
  if (index < 0) return null;
  return L.latLng(model.latitude[index] ?? 0, model.longitude[index] ?? 0);
}

function Tiles({ url, attribution, theme }: { readonly url: string; readonly attribution: string; readonly theme: Theme }) {
  const map = useMap();
  useEffect(() => {
    const layer = new FilteredTileLayer(url, { attribution, className: 'base-tiles' }, theme === 'dark' ? DARK_TILE_FILTER : null);
    layer.addTo(map);
    return () => {
      layer.remove();
    };
  }, [map, url, attribution, theme]);
  return null;
}

/**
 * What stands around the device, in the console's marks (cars round, charge points square, in their
 * state's colour), so the small map says something even when no base tile loads.
 */
function Neighbours({ model, deviceId }: { readonly model: FleetModel; readonly deviceId: string }) {
  const map = useMap();
  useEffect(() => {
    const layer = L.layerGroup().addTo(map);
    const draw = () => {
      layer.clearLayers();
      const bounds = map.getBounds().pad(0.1);
      let drawn = 0;
      for (let index = 0; index < model.count && drawn < MAX_NEIGHBOURS; index += 1) {
        if (model.ids[index] === deviceId) continue;
        const position = L.latLng(model.latitude[index] ?? 0, model.longitude[index] ?? 0);
        if (!bounds.contains(position)) continue;
        const shape = kindFromCode(model.kind[index] ?? 0) === 'car' ? 'circle' : 'square';
        const icon = L.divIcon({ className: `minimap-device shape-${shape} tone-${statusFromCode(model.status[index] ?? 0)}`, iconSize: [8, 8] });
        L.marker(position, { icon, interactive: false, keyboard: false }).addTo(layer);
        drawn += 1;
      }
    };
    draw();
    map.on('moveend', draw);
    return () => {
      map.off('moveend', draw);
      layer.remove();
    };
  }, [map, model, deviceId]);
  return null;
}

/** The device's mark, moved (and the map re-centred) whenever the fleet says the device changed. */
function DevicePin({ model, deviceId, severity, theme }: { readonly model: FleetModel; readonly deviceId: string; readonly severity: AlarmSeverity; readonly theme: Theme }) {
  const map = useMap();
  useEffect(() => {
    const colour = severityColour(severity, theme);
    const ring = L.circleMarker([0, 0], { radius: 11, color: colour, weight: 2, opacity: 0.9, fill: false, interactive: false });
    const dot = L.circleMarker([0, 0], { radius: 5, color: theme === 'dark' ? '#0d1117' : '#ffffff', weight: 1.5, fillColor: colour, fillOpacity: 1, interactive: false });
    let isShown = false;
    const place = () => {
      const position = positionOf(model, deviceId);
      if (!position) return;
      ring.setLatLng(position);
      dot.setLatLng(position);
      if (!isShown) {
        ring.addTo(map);
        dot.addTo(map);
        isShown = true;
      }
      // Re-centred only when it moved, so the neighbours are not redrawn for nothing.
      if (!map.getCenter().equals(position, 1e-5)) map.setView(position, map.getZoom(), { animate: false });
    };
    place();
    const stop = onDeviceChange(model, deviceId, place);
    return () => {
      stop();
      ring.remove();
      dot.remove();
    };
  }, [map, model, deviceId, severity, theme]);
  return null;
}

interface AlarmMiniMapProps {
  readonly config: ConsoleConfig;
  readonly backendUrl: string;
  readonly tileUrl: string | null;
  readonly theme: Theme;
  readonly model: FleetModel;
  readonly deviceId: string;
  readonly severity: AlarmSeverity;
}

export function AlarmMiniMap({ config, backendUrl, tileUrl, theme, model, deviceId, severity }: AlarmMiniMapProps) {
  // The main map knows whether tiles load here; read once, when the small map opens.
  const [zoom] = useState(() => (useConsoleStore.getState().tileHealth === 'unavailable' ? ZOOM_WITHOUT_TILES : ZOOM_WITH_TILES));
  const start = positionOf(model, deviceId);
  if (!start) return <div className="alarm-minimap is-empty">Position unknown: the device is not in the fleet the console holds.</div>;
  return (
    <div className="alarm-minimap" data-testid="alarm-minimap">
      <MapContainer center={start} zoom={zoom} zoomControl={false} attributionControl={false} fadeAnimation={false} scrollWheelZoom="center" className="alarm-minimap-leaflet">
        <Tiles url={tileUrl ?? config.tileUrl} attribution={config.tileAttribution} theme={theme} />
        {config.outlineUrl !== null && <OutlineLayer url={apiUrl(backendUrl, config.outlineUrl)} theme={theme} />}
        <Neighbours model={model} deviceId={deviceId} />
        <DevicePin model={model} deviceId={deviceId} severity={severity} theme={theme} />
      </MapContainer>
    </div>
  );
}
