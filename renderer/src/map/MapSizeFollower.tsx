/**
 * Renders nothing: Leaflet measures its container only on window resizes, but the map's box also changes
 * when the list opens or closes; the map re-measures whenever its own container changes size.
 */
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';

export function MapSizeFollower() {
  const map = useMap();
  useEffect(() => {
    const observer = new ResizeObserver(() => map.invalidateSize({ pan: false }));
    observer.observe(map.getContainer());
    return () => observer.disconnect();
  }, [map]);
  return null;
}
