/**
 * The right-hand panel: the selected device with its tabs (State, Timeline, Charts, Commands), or, when no device
 * is selected, the selected station. Status and "last heard" come live from the FleetModel; the rest from
 * the backend, refreshed on change. The chosen tab and chart window stay as the operator moves from
 * device to device.
 */
import { useCallback, useState } from 'react';
import { STATUS_LABELS, isStale, kindFromCode, statusFromCode } from '../../../shared/fleet.js';
import { MaintenanceAction } from '../alarms/MaintenanceAction.js';
import { MaintenanceBanner } from '../alarms/MaintenanceBanner.js';
import { CommandsTab } from '../commands/CommandsTab.js';
import { mapCommands } from '../map/map-commands.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { formatAbsolute, formatAge, parseTime } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import { DEFAULT_CHART_WINDOW, type ChartWindowId } from './chart-series.js';
import { ChartsTab } from './ChartsTab.js';
import { DeviceAlarms } from './DeviceAlarms.js';
import { FollowButton } from './FollowButton.js';
import { PanelTabs, tabId, tabPanelId, type TabChoice } from './PanelTabs.js';
import { StateTab } from './StateTab.js';
import { StationPanel } from './StationPanel.js';
import { TimelineTab } from './TimelineTab.js';
import { useDeviceDetail } from './use-device-detail.js';

type DeviceTab = 'state' | 'timeline' | 'charts' | 'commands';

const TABS: readonly TabChoice<DeviceTab>[] = [
  { id: 'state', label: 'State' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'charts', label: 'Charts' },
  { id: 'commands', label: 'Commands' },
];

export function DevicePanel({ controller }: { readonly controller: FleetController }) {
  const deviceId = useConsoleStore((state) => state.selectedDeviceId);
  const stationId = useConsoleStore((state) => state.selectedStationId);
  const [tab, setTab] = useState<DeviceTab>('state');
  const [chartWindow, setChartWindow] = useState<ChartWindowId>(DEFAULT_CHART_WINDOW);
  // The device whose panel opened a station, offered as the way back from that station only.
  const [returnTo, setReturnTo] = useState<{ readonly deviceId: string; readonly stationId: string } | null>(null);

  const openStation = useCallback((fromDeviceId: string, toStationId: string) => {
    setReturnTo({ deviceId: fromDeviceId, stationId: toStationId });
    useConsoleStore.getState().selectStation(toStationId);
    mapCommands.focusStation(toStationId);
  }, []);

  if (deviceId !== null) {
    return (
      <DevicePanelContent
        key={deviceId}
        controller={controller}
        deviceId={deviceId}
        tab={tab}
        onTab={setTab}
        chartWindow={chartWindow}
        onChartWindow={setChartWindow}
        onOpenStation={openStation}
      />
    );
  }
  if (stationId !== null) return <StationPanel key={stationId} controller={controller} stationId={stationId} returnDeviceId={returnTo?.stationId === stationId ? returnTo.deviceId : null} />;
  return null;
}

interface DevicePanelContentProps {
  readonly controller: FleetController;
  readonly deviceId: string;
  readonly tab: DeviceTab;
  readonly onTab: (tab: DeviceTab) => void;
  readonly chartWindow: ChartWindowId;
  readonly onChartWindow: (windowId: ChartWindowId) => void;
  readonly onOpenStation: (fromDeviceId: string, stationId: string) => void;
}

function DevicePanelContent({ controller, deviceId, tab, onTab, chartWindow, onChartWindow, onOpenStation }: DevicePanelContentProps) {
  const select = useConsoleStore((state) => state.select);
  const underStationId = useConsoleStore((state) => state.selectedStationId);
  const { detail, error } = useDeviceDetail(controller, deviceId);
  const localNow = useNow();
  const model = controller.model;
  const serverNow = localNow + model.serverOffsetMs;
  const index = model.indexOf(deviceId);
  const fleetEntry = index >= 0 ? model.device(index) : undefined;
  const underStation = underStationId === null ? undefined : model.stations[model.stationIndexOf(underStationId)];

  const kind = index >= 0 ? kindFromCode(model.kind[index] ?? 0) : (detail?.kind ?? 'car');
  const status = index >= 0 ? statusFromCode(model.status[index] ?? 0) : (detail?.status ?? 'offline');
  const lastSeenMs = index >= 0 ? (model.lastSeen[index] ?? 0) || null : parseTime(detail?.lastSeenAt);
  const isStaleNow = status !== 'offline' && (lastSeenMs === null || isStale(kind, lastSeenMs, serverNow));
  const subtitle = fleetEntry && fleetEntry.label !== deviceId ? fleetEntry.label : null;
  const idPrefix = 'device-panel';

  return (
    <aside className="device-panel" data-testid="device-panel" aria-label={`Device ${deviceId}`}>
      <header className="panel-header">
        <div className="panel-heading-block">
          {underStationId !== null && (
            <button type="button" className="link-button panel-back" data-testid="panel-back-to-station" onClick={() => select(null)}>
              ‹ {underStation?.name ?? underStationId}
            </button>
          )}
          <div className="panel-kind">{kind === 'car' ? 'Car' : 'Charge point'}</div>
          <h2 className="panel-title" data-testid="device-panel-id">
            {deviceId}
          </h2>
          {subtitle && <div className="panel-subtitle">{subtitle}</div>}
        </div>
        <div className="panel-actions">
          <MaintenanceAction controller={controller} deviceId={deviceId} />
          {kind === 'car' && <FollowButton />}
          <button type="button" className="close-button" onClick={() => select(null)} title="Close (Esc)" aria-label="Close panel">
            ×
          </button>
        </div>
      </header>

      <div className="panel-status">
        <span className={`status-badge tone-${status}${isStaleNow ? ' is-stale' : ''}`}>
          <span className={`status-marker shape-${kind === 'car' ? 'circle' : 'square'}`} aria-hidden="true" />
          {STATUS_LABELS[status]}
          {isStaleNow && <span className="stale-tag">stale</span>}
        </span>
        <span
          className={`age${isStaleNow ? ' is-stale' : ''}`}
          data-testid="device-panel-age"
          title={lastSeenMs === null ? 'Never heard from' : `Last message received ${formatAbsolute(lastSeenMs)}`}
        >
          last heard {formatAge(lastSeenMs, serverNow)}
        </span>
      </div>

      <MaintenanceBanner requester={controller} deviceId={deviceId} stationId={fleetEntry?.stationId ?? null} />
      <DeviceAlarms deviceId={deviceId} nowMs={serverNow} />
      <PanelTabs tabs={TABS} selected={tab} onSelect={onTab} idPrefix={idPrefix} label="Device views" />
      <div className="panel-body" role="tabpanel" id={tabPanelId(idPrefix)} aria-labelledby={tabId(idPrefix, tab)} tabIndex={0} data-testid={`panel-${tab}`}>
        {tab === 'state' && <StateTab detail={detail} error={error} nowMs={serverNow} onOpenStation={(stationId) => onOpenStation(deviceId, stationId)} />}
        {tab === 'timeline' && <TimelineTab controller={controller} deviceId={deviceId} nowMs={serverNow} />}
        {tab === 'charts' && <ChartsTab controller={controller} deviceId={deviceId} kind={kind} windowId={chartWindow} onWindow={onChartWindow} nowMs={serverNow} />}
        {tab === 'commands' && <CommandsTab controller={controller} deviceId={deviceId} kind={kind} status={status} detail={detail} nowMs={serverNow} />}
      </div>
    </aside>
  );
}
