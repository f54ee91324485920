/**
 * A station: where it is, its charge points grouped by state, the cars parked there, all live from the
 * FleetModel and recomputed once a second. Any device opens its own panel; closing that comes back here.
 */
import { useEffect, useMemo } from 'react';
import { STATUS_LABELS, statusFromCode } from '../../../shared/fleet.js';
import { MaintenanceAction } from '../alarms/MaintenanceAction.js';
import { MaintenanceBanner } from '../alarms/MaintenanceBanner.js';
import { BulkCommandButton } from '../commands/BulkCommandButton.js';
import { stationDeviceIds } from '../commands/bulk-selection.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetController } from '../sync/fleet-controller.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { formatAbsolute, formatAge } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import { countByStatus, GROUP_ORDER, groupByStatus, parkedCarsNear, stationChargePoints } from './station-view.js';

/** More cars than this at one station is a depot; the rest are counted, not listed. */
const MAX_CARS_LISTED = 40;

interface StationPanelProps {
  readonly controller: FleetController;
  readonly stationId: string;
  /** The device whose panel opened this station, to go back to. */
  readonly returnDeviceId: string | null;
}

function DeviceAge({ model, index, nowMs }: { readonly model: FleetModel; readonly index: number; readonly nowMs: number }) {
  const lastSeenMs = model.lastSeen[index] || null;
  const isStale = model.isStaleAt(index, nowMs);
  return (
    <span className={`age${isStale ? ' is-stale' : ''}`} title={lastSeenMs === null ? 'Never heard from' : `Last message received ${formatAbsolute(lastSeenMs)}`}>
      {formatAge(lastSeenMs, nowMs)}
    </span>
  );
}

export function StationPanel({ controller, stationId, returnDeviceId }: StationPanelProps) {
  const select = useConsoleStore((state) => state.select);
  const selectStation = useConsoleStore((state) => state.selectStation);
  const localNow = useNow();
  const model = controller.model;
  const serverNow = localNow + model.serverOffsetMs;
  const stationIndex = model.stationIndexOf(stationId);
  const station = stationIndex >= 0 ? model.stations[stationIndex] : undefined;

  const view = useMemo(() => {
    if (!station) return null;
    const chargePoints = stationChargePoints(model, stationIndex);
    const cars = parkedCarsNear(model, station.latitude, station.longitude);
    return {
      groups: groupByStatus(model, chargePoints),
      counts: countByStatus(model, chargePoints, serverNow),
      chargePointCount: chargePoints.length,
      cars,
    };
  }, [model, station, stationIndex, serverNow]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || useConsoleStore.getState().overlay !== 'none') return;
      useConsoleStore.getState().selectStation(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <aside className="device-panel station-panel" data-testid="station-panel" aria-label={`Station ${station?.name ?? stationId}`}>
      <header className="panel-header">
        <div className="panel-heading-block">
          {returnDeviceId && (
            <button type="button" className="link-button panel-back" data-testid="station-back" onClick={() => select(returnDeviceId)}>
              ‹ {returnDeviceId}
            </button>
          )}
          <div className="panel-kind">Station</div>
          <h2 className="panel-title panel-title-text" data-testid="station-panel-name">
            {station?.name ?? stationId}
          </h2>
          {station && (
            <div className="panel-subtitle panel-subtitle-text">
              {station.address}, {station.city}
            </div>
          )}
        </div>
        <div className="panel-actions">
          {station && (
            <BulkCommandButton
              className="quiet-button"
              title="Send one command to this station's charge points and the cars parked here"
              testId="station-command"
              resolve={() => ({ description: `Station ${station.name}`, deviceIds: stationDeviceIds(model, stationIndex) })}
            />
          )}
          <MaintenanceAction controller={controller} deviceId={null} stationId={stationId} />
          <button type="button" className="close-button" onClick={() => selectStation(null)} title="Close (Esc)" aria-label="Close panel">
            ×
          </button>
        </div>
      </header>
      <MaintenanceBanner requester={controller} deviceId={null} stationId={stationId} />

      {!view && <p className="panel-error">This station is not in the fleet the console holds.</p>}
      {view && (
        <>
          <div className="station-summary" data-testid="station-counts">
            {GROUP_ORDER.filter((status) => view.counts[status] > 0).map((status) => (
              <span key={status} className={`count-chip tone-${status}`}>
                <span className="status-marker shape-square" aria-hidden="true" />
                {view.counts[status]} {STATUS_LABELS[status].toLowerCase()}
              </span>
            ))}
            {view.counts.stale > 0 && <span className="count-chip tone-stale">{view.counts.stale} stale</span>}
            <span className="count-chip">
              {view.cars.length} {view.cars.length === 1 ? 'car' : 'cars'} parked
            </span>
          </div>
          <div className="panel-body">
            <h3 className="panel-heading">
              <span>Charge points</span>
              <span className="heading-count">{view.chargePointCount}</span>
            </h3>
            {view.chargePointCount === 0 && <p className="panel-empty">No charge point belongs to this station.</p>}
            {view.groups.map((group) => (
              <section key={group.status} className="station-group" aria-label={STATUS_LABELS[group.status]}>
                <div className={`station-group-title tone-${group.status}`}>
                  {STATUS_LABELS[group.status]} · {group.indices.length}
                </div>
                <ul className="station-devices">
                  {group.indices.map((index) => {
                    const id = model.ids[index] ?? '';
                    const isStale = model.isStaleAt(index, serverNow);
                    return (
                      <li key={id}>
                        <button type="button" className="station-device" data-testid="station-charge-point" data-device-id={id} onClick={() => select(id)}>
                          <span className={`status-marker shape-square tone-${group.status}${isStale ? ' is-stale' : ''}`} aria-hidden="true" />
                          <span className="mono">{id}</span>
                          <span className="station-device-label">{model.device(index)?.serialNumber}</span>
                          <DeviceAge model={model} index={index} nowMs={serverNow} />
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </section>
            ))}

            <h3 className="panel-heading">
              <span>Cars parked here</span>
              <span className="heading-count" title="Standing within 75 m of the station">
                {view.cars.length}
              </span>
            </h3>
            {view.cars.length === 0 && <p className="panel-empty">No car is standing at this station.</p>}
            <ul className="station-devices" data-testid="station-cars">
              {view.cars.slice(0, MAX_CARS_LISTED).map(({ index, distanceM }) => {
                const id = model.ids[index] ?? '';
                const status = statusFromCode(model.status[index] ?? 0);
                const battery = model.battery[index] ?? 0;
                const isStale = model.isStaleAt(index, serverNow);
                return (
                  <li key={id}>
                    <button
                      type="button"
                      className="station-device"
                      data-testid="station-car"
                      data-device-id={id}
                      title={`${STATUS_LABELS[status]} · ${Math.round(distanceM)} m from the station`}
                      onClick={() => select(id)}
                    >
                      <span className={`status-marker shape-circle tone-${status}${isStale ? ' is-stale' : ''}`} aria-hidden="true" />
                      <span className="mono">{model.device(index)?.plate ?? id}</span>
                      <span className="battery">
                        <span className="battery-bar" aria-hidden="true">
                          <span style={{ width: `${battery}%` }} />
                        </span>
                        {battery} %
                      </span>
                      <DeviceAge model={model} index={index} nowMs={serverNow} />
                    </button>
                  </li>
                );
              })}
            </ul>
            {view.cars.length > MAX_CARS_LISTED && <p className="panel-empty">and {view.cars.length - MAX_CARS_LISTED} more</p>}
          </div>
        </>
      )}
    </aside>
  );
}
