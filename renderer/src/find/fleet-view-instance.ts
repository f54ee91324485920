/** The console's one FleetView over the one FleetModel, kept in step with the store's filters. */
import { useConsoleStore } from '../store/store.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { FleetView } from './fleet-view.js';

export const fleetView = new FleetView(fleetModel);
fleetView.setFilters(useConsoleStore.getState().filters);
useConsoleStore.subscribe((state, previous) => {
  if (state.filters !== previous.filters) fleetView.setFilters(state.filters);
});
