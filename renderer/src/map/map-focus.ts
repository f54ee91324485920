/** What `mapCommands` do to the map: bring a device, or a station and what stands at it, into view. */
import L from 'leaflet';
import type { FleetModel } from '../sync/fleet-model.js';
import type { ClusterSet } from './cluster-grid.js';
import { DEVICES_FROM_ZOOM } from './display-mode.js';
import { centreFor } from './follow-controller.js';
import { visibleMapArea } from './map-insets.js';
import { worldSizeAt } from './marker-geometry.js';
import { stationExtent } from './station-extent.js';

/**
 * Centres a device, close enough that it is drawn as itself rather than inside a cluster. A frame later:
 * whoever asked usually selects the device too, and its panel must be on screen before the map knows
 * what it covers.
 */
export function focusDevice(map: L.Map, model: FleetModel, deviceId: string): void {
  requestAnimationFrame(() => {
    const index = model.indexOf(deviceId);
    if (index < 0) return;
    const zoom = Math.max(map.getZoom(), DEVICES_FROM_ZOOM);
    const target = L.latLng(model.latitude[index] ?? 0, model.longitude[index] ?? 0);
    map.setView(centreFor(map, target, visibleMapArea(map.getContainer()), zoom), zoom, { animate: true });
  });
}

/** Fits a station and what stands at it (not closer than street zoom: a station is a few metres across). */
export function focusStation(map: L.Map, model: FleetModel, stationId: string): void {
  requestAnimationFrame(() => {
    const extent = stationExtent(model, stationId);
    if (!extent) return;
    const bounds = L.latLngBounds([extent.south, extent.west], [extent.north, extent.east]);
    const covered = map.getSize().x - visibleMapArea(map.getContainer()).right;
    map.fitBounds(bounds, { paddingTopLeft: [120, 120], paddingBottomRight: [120 + covered, 120], maxZoom: 18, animate: true });
  });
}

/** Fits the view to a cluster's devices, at least two zoom levels closer. */
export function zoomIntoCluster(map: L.Map, set: ClusterSet, cluster: number): void {
  const worldSize = worldSizeAt(map.getZoom());
  const corner = (x: number, y: number) => map.unproject([x * worldSize, y * worldSize], map.getZoom());
  const box = set.bounds.subarray(cluster * 4, cluster * 4 + 4);
  const bounds = L.latLngBounds(corner(box[0] ?? 0, box[1] ?? 0), corner(box[2] ?? 0, box[3] ?? 0));
  const fitted = map.getBoundsZoom(bounds, false, L.point(80, 80));
  const zoom = Math.min(map.getMaxZoom(), Math.max(map.getZoom() + 2, Math.min(fitted, 18)));
  map.setView(bounds.getCenter(), zoom, { animate: true });
}
