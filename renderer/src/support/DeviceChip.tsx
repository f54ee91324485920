/**
 * A device as the support view names it: its shape and state colour as on the map, what people call it
 * (a car's plate, a charge point's serial) and its id; a click opens it on the map.
 */
import type { ReactNode } from 'react';
import { statusFromCode } from '../../../shared/fleet.js';
import { DeviceMarker } from '../find/DeviceMarker.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { openDeviceOnMap } from './open-device.js';

export interface DeviceName {
  readonly label: string;
  readonly kindWord: string;
  readonly stationName: string | null;
  readonly marker: ReactNode;
}

/** Read from the fleet as it is now; a device no longer in the fleet keeps its id and a neutral mark. */
export function deviceName(deviceId: string, nowMs: number): DeviceName {
  const index = fleetModel.indexOf(deviceId);
  const device = fleetModel.device(index);
  if (!device) return { label: deviceId, kindWord: 'Not in the fleet', stationName: null, marker: <span className="find-marker shape-square is-neutral" aria-hidden="true" /> };
  const station = device.stationId === null ? undefined : fleetModel.stations[fleetModel.stationIndexOf(device.stationId)];
  return {
    label: device.label,
    kindWord: device.kind === 'car' ? 'Car' : 'Charge point',
    stationName: station?.name ?? null,
    marker: <DeviceMarker kind={device.kind} status={statusFromCode(fleetModel.status[index] ?? 0)} isStale={fleetModel.isStaleAt(index, nowMs)} />,
  };
}

/** Inside a timeline entry the chip is not a tab stop: the entry is, and Enter on it opens the device. */
export function DeviceChip({ deviceId, nowMs }: { readonly deviceId: string; readonly nowMs: number }) {
  const name = deviceName(deviceId, nowMs);
  return (
    <button
      type="button"
      className="support-chip"
      tabIndex={-1}
      title={`${name.kindWord} ${deviceId}${name.stationName ? ` at ${name.stationName}` : ''}: open on the map`}
      data-testid="support-entry-device"
      onClick={(event) => {
        event.stopPropagation();
        openDeviceOnMap(deviceId);
      }}
    >
      {name.marker}
      <span className="support-chip-label">{name.label}</span>
      {name.label !== deviceId && <span className="support-chip-id">{deviceId}</span>}
    </button>
  );
}
