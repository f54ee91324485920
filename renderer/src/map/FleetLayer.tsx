/** Renders nothing: creates the fleet's canvas layer on the map and keeps its theme and selection current. */
import { useEffect, useState } from 'react';
import { useMap } from 'react-leaflet';
import type { Theme } from '../../../shared/bridge.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { setDeviceProjector } from '../testing/test-hook.js';
import { FleetCanvasLayer } from './fleet-canvas-layer.js';

export function FleetLayer({ model, theme }: { readonly model: FleetModel; readonly theme: Theme }) {
  const map = useMap();
  const [layer] = useState(() => new FleetCanvasLayer(model, theme, (deviceId) => useConsoleStore.getState().select(deviceId)));

  useEffect(() => {
    layer.addTo(map);
    setDeviceProjector((deviceId) => layer.projectDevice(deviceId));
    layer.setSelected(useConsoleStore.getState().selectedDeviceId);
    // Selection reaches the canvas by subscription, not by re-rendering this component.
    const unsubscribe = useConsoleStore.subscribe((state, previous) => {
      if (state.selectedDeviceId !== previous.selectedDeviceId) layer.setSelected(state.selectedDeviceId);
    });
    return () => {
      unsubscribe();
      setDeviceProjector(null);
      layer.remove();
    };
  }, [map, layer]);

  useEffect(() => layer.setTheme(theme), [layer, theme]);

  return null;
}
