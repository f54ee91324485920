/**
 * Renders nothing: puts the fleet's canvas layer on the map and wires it to the store (selection, box
 * selection, follow, theme), to the tooltip, to the map commands and to the test hook.
 */
import { useEffect, useState } from 'react';
import { useMap } from 'react-leaflet';
import type { Theme } from '../../../shared/bridge.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { setDeviceProjector, setMapProbe } from '../testing/test-hook.js';
import { alarmLevels } from './alarm-levels-instance.js';
import { BoxSelect } from './box-select.js';
import { FleetCanvasLayer, type ShownDevices } from './fleet-canvas-layer.js';
import { FollowController } from './follow-controller.js';
import { hoverState } from './hover-state.js';
import { registerMapCommands } from './map-commands.js';
import { focusDevice, focusStation } from './map-focus.js';

interface FleetLayerProps {
  readonly model: FleetModel;
  readonly view: ShownDevices;
  readonly theme: Theme;
  /** Called once, when the map first shows a whole snapshot of the fleet. */
  readonly onFleetShown?: () => void;
}

export function FleetLayer({ model, view, theme, onFleetShown }: FleetLayerProps) {
  const map = useMap();
  const [layer] = useState(
    () =>
      new FleetCanvasLayer(
        model,
        view,
        theme,
        {
          onPick: (deviceId) => useConsoleStore.getState().select(deviceId),
          onHover: (target) => hoverState.set(target),
        },
        alarmLevels,
      ),
  );

  useEffect(() => {
    layer.addTo(map);
    setDeviceProjector((deviceId) => layer.projectDevice(deviceId));
    setMapProbe(() => layer.state());
    const initial = useConsoleStore.getState();
    layer.setSelected(initial.selectedDeviceId);
    layer.setBoxSelection(initial.boxSelection);
    // Selection reaches the canvas by subscription, not by re-rendering this component.
    const unsubscribe = useConsoleStore.subscribe((state, previous) => {
      if (state.selectedDeviceId !== previous.selectedDeviceId) layer.setSelected(state.selectedDeviceId);
      if (state.boxSelection !== previous.boxSelection) layer.setBoxSelection(state.boxSelection);
    });
    const follow = new FollowController(map, model, useConsoleStore);
    const boxSelect = new BoxSelect(map, (first, second) => useConsoleStore.getState().setBoxSelection(layer.devicesInContainerBox(first, second)));
    registerMapCommands({
      focusDevice: (deviceId) => focusDevice(map, model, deviceId),
      focusStation: (stationId) => focusStation(map, model, stationId),
    });
    return () => {
      registerMapCommands(null);
      boxSelect.dispose();
      follow.dispose();
      unsubscribe();
      setMapProbe(null);
      setDeviceProjector(null);
      layer.remove();
    };
  }, [map, layer, model]);

  useEffect(() => layer.setTheme(theme), [layer, theme]);
  useEffect(() => layer.onFleetShown(onFleetShown ?? null), [layer, onFleetShown]);

  return null;
}
