/** The console's one store, built from typed slices; components select single fields. */
import { create } from 'zustand';
import { createActionsSlice, type ActionsSlice } from './actions-slice.js';
import { createAlarmsSlice, type AlarmsSlice } from './alarms-slice.js';
import { createCommandsSlice, type CommandsSlice } from './commands-slice.js';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice.js';
import { createFilterSlice, type FilterSlice } from './filter-slice.js';
import { createFleetSlice, type FleetSlice } from './fleet-slice.js';
import { createSelectionSlice, type SelectionSlice } from './selection-slice.js';
import { createSessionSlice, type SessionSlice } from './session-slice.js';
import { createSettingsSlice, type SettingsSlice } from './settings-slice.js';
import { createUiSlice, type UiSlice } from './ui-slice.js';

export type ConsoleState = SessionSlice & ConnectionSlice & FleetSlice & SelectionSlice & SettingsSlice & FilterSlice & UiSlice & AlarmsSlice & ActionsSlice & CommandsSlice;

export const useConsoleStore = create<ConsoleState>()((...parts) => ({
  ...createSessionSlice(...parts),
  ...createConnectionSlice(...parts),
  ...createFleetSlice(...parts),
  ...createSelectionSlice(...parts),
  ...createSettingsSlice(...parts),
  ...createFilterSlice(...parts),
  ...createUiSlice(...parts),
  ...createAlarmsSlice(...parts),
  ...createActionsSlice(...parts),
  ...createCommandsSlice(...parts),
}));
