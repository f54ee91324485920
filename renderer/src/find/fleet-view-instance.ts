/** The console's one FleetView over the one FleetModel, kept in step with the store's filters. */
import { alarmLevels } from '../map/alarm-levels-instance.js';
import { useConsoleStore } from '../store/store.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { FleetView } from './fleet-view.js';

// Made after alarmLevels, so that on a new fleet the levels are rebuilt before the view reads them.
export const fleetView = new FleetView(fleetModel, alarmLevels);
fleetView.setFilters(useConsoleStore.getState().filters);
useConsoleStore.subscribe((state, previous) => {
  if (state.filters !== previous.filters) fleetView.setFilters(state.filters);
});
