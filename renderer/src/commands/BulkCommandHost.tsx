/**
 * Where the bulk dialogs live, whatever opened them (the map's box selection, a station, the filters):
 * choosing a command for a selection, or the latest bulk command's progress.
 */
import { useCallback, useEffect } from 'react';
import { mapCommands } from '../map/map-commands.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { useNow } from '../ui/use-now.js';
import { BulkCommandDialog } from './BulkCommandDialog.js';
import { BulkProgressDialog } from './BulkProgressDialog.js';
import './bulk-commands.css';
import './commands.css';

export function BulkCommandHost({ controller }: { readonly controller: FleetController }) {
  const target = useConsoleStore((state) => state.bulkTarget);
  const latest = useConsoleStore((state) => state.latestBulk);
  const isProgressOpen = useConsoleStore((state) => state.isBulkProgressOpen);
  const role = useConsoleStore((state) => state.session?.operator.role ?? null);
  const close = useCallback(() => useConsoleStore.getState().closeBulkCommand(), []);
  const nowMs = useNow() + controller.model.serverOffsetMs;

  // Another operator signing in on this console does not inherit the bulk command of the one before.
  useEffect(() => {
    if (role === null) useConsoleStore.getState().forgetBulk();
  }, [role]);

  const openDevice = useCallback((deviceId: string) => {
    const state = useConsoleStore.getState();
    state.closeBulkCommand();
    state.setView('map');
    state.select(deviceId);
    mapCommands.focusDevice(deviceId);
  }, []);

  if (role === null) return null;
  if (target) return <BulkCommandDialog controller={controller} target={target} role={role} onClose={close} />;
  if (isProgressOpen && latest) return <BulkProgressDialog key={latest.batchId} book={controller.commands} bulk={latest} nowMs={nowMs} onOpenDevice={openDevice} onClose={close} />;
  return null;
}
