/** The main screen: header, view rail, the map full-window, legend, and the selected device's panel. */
import { useEffect } from 'react';
import { FleetMap } from '../map/FleetMap.js';
import { DevicePanel } from '../panel/DevicePanel.js';
import { useConsoleStore } from '../store/store.js';
import { fleetController } from '../sync/fleet-controller.js';
import { Header } from '../ui/Header.js';
import { Legend } from '../ui/Legend.js';
import { LeftRail } from '../ui/LeftRail.js';

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
  const select = useConsoleStore((state) => state.select);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') select(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select]);

  return (
    <div className="console">
      <Header />
      <LeftRail />
      <main className="view">
        {config ? (
          <FleetMap config={config} backendUrl={backendUrl} tileUrl={tileUrl} theme={theme} model={fleetController.model} />
        ) : (
          <div className="view-waiting">Waiting for the backend's map settings…</div>
        )}
        <Legend theme={theme} />
        <TilesNotice />
        <DevicePanel controller={fleetController} />
      </main>
    </div>
  );
}
