/**
 * The alarm's device as it is now: where it is (a small map), its live state and how old it is, and
 * its details (the device panel's State tab), with a way to open it on the main map.
 */
import type { AlarmSeverity } from '../../../shared/alarms.js';
import { STATUS_LABELS, isStale, kindFromCode, statusFromCode } from '../../../shared/fleet.js';
import { mapCommands } from '../map/map-commands.js';
import { StateTab } from '../panel/StateTab.js';
import { useDeviceDetail } from '../panel/use-device-detail.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { formatAbsolute, formatAge } from '../ui/format.js';
import { AlarmMiniMap } from './AlarmMiniMap.js';

/** Shows a device (or a station) on the main map: the map view, its panel, centred. */
export function openOnMap(target: { readonly deviceId: string } | { readonly stationId: string }): void {
  const state = useConsoleStore.getState();
  state.setView('map');
  if ('deviceId' in target) state.select(target.deviceId);
  else state.selectStation(target.stationId);
  // A frame later, once the map is shown again and has its size.
  requestAnimationFrame(() => ('deviceId' in target ? mapCommands.focusDevice(target.deviceId) : mapCommands.focusStation(target.stationId)));
}

interface AlarmDeviceContextProps {
  readonly controller: FleetController;
  readonly deviceId: string;
  readonly severity: AlarmSeverity;
  readonly nowMs: number;
}

export function AlarmDeviceContext({ controller, deviceId, severity, nowMs }: AlarmDeviceContextProps) {
  const config = useConsoleStore((state) => state.config);
  const backendUrl = useConsoleStore((state) => state.settings?.backendUrl ?? window.location.origin);
  const tileUrl = useConsoleStore((state) => state.settings?.tileUrl ?? null);
  const theme = useConsoleStore((state) => state.settings?.theme ?? 'dark');
  const { detail, error } = useDeviceDetail(controller, deviceId);
  const model = controller.model;
  const index = model.indexOf(deviceId);
  const kind = index >= 0 ? kindFromCode(model.kind[index] ?? 0) : (detail?.kind ?? 'car');
  const status = index >= 0 ? statusFromCode(model.status[index] ?? 0) : (detail?.status ?? 'offline');
  const lastSeenMs = index >= 0 ? (model.lastSeen[index] ?? 0) || null : null;
  const isStaleNow = status !== 'offline' && (lastSeenMs === null || isStale(kind, lastSeenMs, nowMs));

  return (
    <div className="alarm-device" data-testid="alarm-device">
      {config && <AlarmMiniMap config={config} backendUrl={backendUrl} tileUrl={tileUrl} theme={theme} model={model} deviceId={deviceId} severity={severity} />}
      <div className="alarm-device-status">
        <span className={`status-badge tone-${status}${isStaleNow ? ' is-stale' : ''}`} data-testid="alarm-device-status">
          <span className={`status-marker shape-${kind === 'car' ? 'circle' : 'square'}`} aria-hidden="true" />
          {STATUS_LABELS[status]}
          {isStaleNow && <span className="stale-tag">stale</span>}
        </span>
        <span className={`age${isStaleNow ? ' is-stale' : ''}`} title={lastSeenMs === null ? 'Never heard from' : `Last message received ${formatAbsolute(lastSeenMs)}`}>
          last heard {formatAge(lastSeenMs, nowMs)}
        </span>
        <button type="button" className="link-button open-on-map" data-testid="alarm-open-on-map" onClick={() => openOnMap({ deviceId })} title="Open the device on the main map (g m goes back to the map)">
          Open on the map ›
        </button>
      </div>
      <StateTab detail={detail} error={error} nowMs={nowMs} onOpenStation={(stationId) => openOnMap({ stationId })} />
    </div>
  );
}
