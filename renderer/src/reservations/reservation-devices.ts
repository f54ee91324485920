/** The devices reservations name, as the console's fleet knows them now, and the way to the map. */
import type { DeviceKind, DeviceStatus } from '../../../shared/fleet.js';
import { summariseDevice } from '../find/device-summary.js';
import { focusWhenShown } from '../map/map-commands.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetModel } from '../sync/fleet-model.js';

export interface DeviceLook {
  readonly id: string;
  /** Null for a device the fleet does not hold (removed since, or a typo). */
  readonly kind: DeviceKind | null;
  readonly status: DeviceStatus | null;
  readonly isStale: boolean;
  /** The plate or serial number: what people recognise a device by. */
  readonly label: string;
  readonly stationName: string | null;
}

export function lookUpDevice(model: FleetModel, deviceId: string, nowMs: number): DeviceLook {
  const summary = summariseDevice(model, model.indexOf(deviceId), nowMs);
  if (!summary) return { id: deviceId, kind: null, status: null, isStale: false, label: '', stationName: null };
  const label = model.device(model.indexOf(deviceId))?.label ?? summary.reference;
  return { id: deviceId, kind: summary.kind, status: summary.status, isStale: summary.isStale, label, stationName: summary.stationName };
}

/** Shows a device on the map with its panel open, as the search does. */
export function openDeviceOnMap(deviceId: string, store: typeof useConsoleStore = useConsoleStore): void {
  const state = store.getState();
  state.setView('map');
  state.select(deviceId);
  focusWhenShown('device', deviceId);
}
