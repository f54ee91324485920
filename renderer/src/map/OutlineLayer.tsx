/** Administrative outlines drawn as thin lines: the map still reads as Paris when no tile loads. */
import type { FeatureCollection } from 'geojson';
import { useEffect, useState } from 'react';
import { GeoJSON, Pane } from 'react-leaflet';
import type { Theme } from '../../../shared/bridge.js';
import { fetchOutline } from './outline.js';

const OUTLINE_STYLE: Readonly<Record<Theme, { color: string; weight: number; opacity: number; fillColor: string; fillOpacity: number }>> = {
  dark: { color: '#8aa0bd', weight: 1, opacity: 0.45, fillColor: '#1b2636', fillOpacity: 0.35 },
  light: { color: '#5b6b80', weight: 1, opacity: 0.5, fillColor: '#dfe6ee', fillOpacity: 0.35 },
};

export function OutlineLayer({ url, theme }: { readonly url: string; readonly theme: Theme }) {
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

  if (!outline || outline.url !== url) return null;
  return (
    <Pane name="outlinePane" style={{ zIndex: 350 }}>
      <GeoJSON key={`${url} ${theme}`} data={outline.data} style={OUTLINE_STYLE[theme]} interactive={false} />
    </Pane>
  );
}
