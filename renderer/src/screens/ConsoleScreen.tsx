/**
 * The main screen (CONSOLE.md): header, view rail, then the filter bar over the list of filtered
 * devices and the map, with the selected device's or station's panel on the right; the search palette
 * and the shortcut list above everything. The view's filters and panel follow the URL hash.
 */
import { useEffect } from 'react';
import { alarmBook } from '../alarms/alarm-book.js';
import { installAlarmTestHook } from '../alarms/alarm-test-hook.js';
import { AlarmsView } from '../alarms/AlarmsView.js';
import { BulkCommandHost } from '../commands/BulkCommandHost.js';
import { useAlarmNotifier } from '../alarms/use-alarm-notifier.js';
import { DeviceList } from '../find/DeviceList.js';
import { FilterBar } from '../find/FilterBar.js';
import { SearchPalette } from '../find/SearchPalette.js';
import { installFindTestHook } from '../find/find-test-hook.js';
import { browserHashPort, syncViewWithHash } from '../find/view-hash.js';
import { FleetMap } from '../map/FleetMap.js';
import { DevicePanel } from '../panel/DevicePanel.js';
import { ReservationsView } from '../reservations/ReservationsView.js';
import { ReviewView } from '../review/ReviewView.js';
import { useConsoleStore } from '../store/store.js';
import { SupportView } from '../support/SupportView.js';
import { fleetController } from '../sync/fleet-controller.js';
import { Header } from '../ui/Header.js';
import { HelpOverlay } from '../ui/HelpOverlay.js';
import { Legend } from '../ui/Legend.js';
import { LeftRail } from '../ui/LeftRail.js';
import { useShortcuts } from '../ui/use-shortcuts.js';

function TilesNotice() {
  const tileHealth = useConsoleStore((state) => state.tileHealth);
  if (tileHealth !== 'unavailable') return null;
  return (
    <div className="tiles-notice" data-testid="tiles-unavailable" title="No base map tile could be loaded; the outline layer is shown instead.">
      Map tiles unavailable · outline only
    </div>
  );
}

export function ConsoleScreen() {
  const config = useConsoleStore((state) => state.config);
  const backendUrl = useConsoleStore((state) => state.settings?.backendUrl ?? window.location.origin);
  const tileUrl = useConsoleStore((state) => state.settings?.tileUrl ?? null);
  const theme = useConsoleStore((state) => state.settings?.theme ?? 'dark');
  const isListOpen = useConsoleStore((state) => state.isListOpen);
  const view = useConsoleStore((state) => state.view);
  useShortcuts();
  useAlarmNotifier();

  useEffect(() => {
    installFindTestHook(fleetController.model);
    installAlarmTestHook(alarmBook);
    return syncViewWithHash(useConsoleStore, browserHashPort(window));
  }, []);

  return (
    <div className="console">
      <Header />
      <LeftRail />
      {/* The map stays mounted under the other views, so going back finds it where it was left. */}
      <main className={`view find-view${view === 'map' ? '' : ' is-covered'}`} inert={view !== 'map'}>
        <FilterBar />
        <div className={`view-body${isListOpen ? ' has-list' : ''}`}>
          {isListOpen && <DeviceList />}
          <div className="map-area">
            {config ? (
              <FleetMap config={config} backendUrl={backendUrl} tileUrl={tileUrl} theme={theme} model={fleetController.model} />
            ) : (
              <div className="view-waiting">Waiting for the backend's map settings…</div>
            )}
            <Legend theme={theme} />
            <TilesNotice />
          </div>
          <DevicePanel controller={fleetController} />
        </div>
      </main>
      {view === 'alarms' && <AlarmsView />}
      {view === 'reservations' && <ReservationsView />}
      {view === 'support' && <SupportView />}
      {view === 'review' && <ReviewView />}
      <BulkCommandHost controller={fleetController} />
      <SearchPalette />
      <HelpOverlay />
    </div>
  );
}
