/**
 * A read-only window handle for end-to-end tests only: every device's kind, state, station, firmware
 * and staleness as the console holds them, so a test can check what the filters show against the data.
 */
import { kindFromCode, statusFromCode, type DeviceKind, type DeviceStatus } from '../../../shared/fleet.js';
import type { FleetModel } from '../sync/fleet-model.js';

export interface FindTestDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly status: DeviceStatus;
  readonly stationId: string | null;
  readonly firmware: string;
  readonly isStale: boolean;
}

export interface FindTestHook {
  devices(): FindTestDevice[];
}

const HOOK_NAME = '__cyberponiesFind';

export function installFindTestHook(model: FleetModel): void {
  if (Reflect.has(window, HOOK_NAME)) return;
  const hook: FindTestHook = Object.freeze({
    devices: () => {
      const now = model.serverNow();
      return model.devices.map((device, index) => ({
        id: device.id,
        kind: kindFromCode(model.kind[index] ?? 0),
        status: statusFromCode(model.status[index] ?? 0),
        stationId: device.stationId,
        firmware: model.firmwareVersions[model.firmware[index] ?? 0] ?? '',
        isStale: model.isStaleAt(index, now),
      }));
    },
  });
  Object.defineProperty(window, HOOK_NAME, { value: hook, writable: false, configurable: false });
}
