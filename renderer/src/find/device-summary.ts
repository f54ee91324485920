/** What a list row or a search result says about one device, read from the FleetModel's arrays. */
import { NO_BATTERY } from '../../../shared/fleet-columns.js';
import { kindFromCode, statusFromCode, type DeviceKind, type DeviceStatus } from '../../../shared/fleet.js';
import type { FleetModel } from '../sync/fleet-model.js';

export interface DeviceSummary {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly status: DeviceStatus;
  /** The plate for a car, the serial number otherwise: what people recognise a device by. */
  readonly reference: string;
  readonly stationName: string | null;
  /** Percent, for devices with a battery. */
  readonly battery: number | null;
  readonly lastSeenMs: number | null;
  readonly isStale: boolean;
}

export function summariseDevice(model: FleetModel, index: number, nowMs: number): DeviceSummary | null {
  const device = model.device(index);
  if (!device) return null;
  const battery = model.battery[index] ?? NO_BATTERY;
  const kind = kindFromCode(model.kind[index] ?? 0);
  return {
    id: device.id,
    kind,
    status: statusFromCode(model.status[index] ?? 0),
    reference: device.plate ?? device.serialNumber,
    stationName: model.stations[model.stationIndex[index] ?? -1]?.name ?? null,
    battery: kind === 'car' && battery !== NO_BATTERY ? battery : null,
    lastSeenMs: (model.lastSeen[index] ?? 0) || null,
    isStale: model.isStaleAt(index, nowMs),
  };
}

/** Where model index `index` sits in the ascending `indices`, or where it would be inserted. */
export function positionOf(indices: Uint32Array, index: number): { readonly position: number; readonly isPresent: boolean } {
  let low = 0;
  let high = indices.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((indices[middle] ?? 0) < index) low = middle + 1;
    else high = middle;
  }
  return { position: low, isPresent: indices[low] === index };
}
