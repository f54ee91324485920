/**
 * Administrative outlines drawn as thin lines until a tile loads: the map still reads as Paris without.
 *
 * On a canvas, not in SVG: a software compositor rasterises an SVG layer of filled city-sized polygons
 * again after every zoom and pan (about 0.3 s of one core at 1920×1080), where a canvas is redrawn once.
 */
import type { FeatureCollection } from 'geojson';
import L from 'leaflet';
import { useEffect, useState } from 'react';
import { useMap } from 'react-leaflet';
import type { Theme } from '../../../shared/bridge.js';
import { fetchOutline } from './outline.js';

const OUTLINE_PANE = 'outlinePane';

const OUTLINE_STYLE: Readonly<Record<Theme, { color: string; weight: number; opacity: number; fillColor: string; fillOpacity: number }>> = {
  dark: { color: '#8aa0bd', weight: 1, opacity: 0.45, fillColor: '#1b2636', fillOpacity: 0.35 },
  light: { color: '#5b6b80', weight: 1, opacity: 0.5, fillColor: '#dfe6ee', fillOpacity: 0.35 },
};

export function OutlineLayer({ url, theme }: { readonly url: string; readonly theme: Theme }) {
  const map = useMap();
  const [outline, setOutline] = useState<{ url: string; data: FeatureCollection } | null>(null);

  useEffect(() => {
    let isCurrent = true;
    fetchOutline(url).then(
      (data) => {
        if (isCurrent) setOutline({ url, data });
      },
      (error: unknown) => console.warn('Map outline unavailable', error),
    );
    return () => {
      isCurrent = false;
    };
  }, [url]);

  const data = outline?.url === url ? outline.data : null;
  useEffect(() => {
    if (!data) return;
    if (!map.getPane(OUTLINE_PANE)) {
      const pane = map.createPane(OUTLINE_PANE);
      pane.style.zIndex = '350';
      // The fleet layer reads clicks and hovers from the map; Leaflet's canvas renderer would take them first.
      pane.style.pointerEvents = 'none';
    }
    // Leaflet hands a GeoJSON layer's options to each path it makes, the renderer with them.
    const renderer = L.canvas({ pane: OUTLINE_PANE });
    const options: L.GeoJSONOptions & L.PathOptions = { style: OUTLINE_STYLE[theme], interactive: false, pane: OUTLINE_PANE, renderer };
    const layer = L.geoJSON(data, options).addTo(map);
    return () => {
      layer.remove();
      // Leaflet adds a path's renderer to the map and leaves it there.
      renderer.remove();
    };
  }, [map, data, theme]);

  return null;
}
