/** A device under the pointer: who it is, its state and how old that is, where it belongs. */
import { STATUS_LABELS, statusFromCode } from '../../../shared/fleet.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { formatAbsolute, formatAge } from '../ui/format.js';

export function DeviceTooltip({ model, index, now }: { readonly model: FleetModel; readonly index: number; readonly now: number }) {
  const device = model.devices[index];
  if (!device) return null;
  const serverNow = now + model.serverOffsetMs;
  const status = statusFromCode(model.status[index] ?? 0);
  const isStale = model.isStaleAt(index, serverNow);
  const lastSeen = model.lastSeen[index] ?? 0;
  const station = model.stations[model.stationIndex[index] ?? -1];
  const isCar = device.kind === 'car';
  return (
    <>
      <div className="map-tooltip-title">
        <strong>{isCar ? (device.plate ?? device.label) : device.id}</strong>
        <span className="map-tooltip-kind">{isCar ? 'Car' : 'Charge point'}</span>
      </div>
      <div className="map-tooltip-muted">{isCar ? `${device.id} · ${device.serialNumber}` : device.serialNumber}</div>
      <div className={`map-tooltip-state tone-${status}`}>
        <span className={`map-tooltip-swatch${isStale ? ' is-stale' : ''}`} aria-hidden="true" />
        {STATUS_LABELS[status]}
        <span className={isStale ? 'tone-text-stale' : 'map-tooltip-muted'} title={lastSeen > 0 ? formatAbsolute(lastSeen) : undefined}>
          {' · '}
          {isStale ? 'stale, ' : ''}
          {formatAge(lastSeen, serverNow)}
        </span>
      </div>
      {station && <div className="map-tooltip-muted">{station.name}</div>}
    </>
  );
}
