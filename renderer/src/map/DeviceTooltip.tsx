/** A device under the pointer: who it is, its state and how old that is, where it belongs, its open alarms. */
import { useSyncExternalStore } from 'react';
import { ALARM_TYPE_INFO, SEVERITY_LABELS, alarmState } from '../../../shared/alarms.js';
import { STATUS_LABELS, statusFromCode } from '../../../shared/fleet.js';
import { alarmBook } from '../alarms/alarm-book.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { formatAbsolute, formatAge } from '../ui/format.js';

const SHOWN_ALARMS = 3;

/** The device's open alarms that the map rings it for, worst first (the book keeps them sorted). */
function DeviceAlarms({ deviceId, serverNow }: { readonly deviceId: string; readonly serverNow: number }) {
  useSyncExternalStore(
    (listener) => alarmBook.subscribe(listener),
    () => alarmBook.revision,
  );
  const alarms = alarmBook.forDevice(deviceId).filter((alarm) => !alarm.isSuppressed && alarm.closedAtMs === null);
  if (alarms.length === 0) return null;
  return (
    <ul className="map-tooltip-alarms" data-testid="tooltip-alarms">
      {alarms.slice(0, SHOWN_ALARMS).map((alarm) => {
        const state = alarmState(alarm);
        return (
          <li key={alarm.id} className={`severity-${alarm.severity}`}>
            <span className={`severity-swatch severity-${alarm.severity}`} aria-hidden="true" />
            <span>
              {SEVERITY_LABELS[alarm.severity]} · {ALARM_TYPE_INFO[alarm.type].label}
              {alarm.occurrences > 1 ? ` ×${alarm.occurrences}` : ''}
            </span>
            <span className="map-tooltip-muted" title={formatAbsolute(alarm.raisedAtMs)}>
              {state === 'active' ? '' : state === 'acknowledged' ? 'acknowledged · ' : 'cleared · '}
              {formatAge(alarm.lastOccurredAtMs, serverNow)}
            </span>
          </li>
        );
      })}
      {alarms.length > SHOWN_ALARMS && <li className="map-tooltip-muted">and {alarms.length - SHOWN_ALARMS} more</li>}
    </ul>
  );
}

export function DeviceTooltip({ model, index, now }: { readonly model: FleetModel; readonly index: number; readonly now: number }) {
  const device = model.device(index);
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
      <DeviceAlarms deviceId={device.id} serverNow={serverNow} />
    </>
  );
}
