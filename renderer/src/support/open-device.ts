/** Opens a device of the customer's story on the map, with its panel, as every other view does. */
import { focusWhenShown } from '../map/map-commands.js';
import { useConsoleStore } from '../store/store.js';

export function openDeviceOnMap(deviceId: string): void {
  const state = useConsoleStore.getState();
  // The map first, so that it is uncovered and measured when it is asked to focus.
  state.setView('map');
  state.select(deviceId);
  focusWhenShown('device', deviceId);
}
