/** How many devices run each firmware version, for the firmware filter. */
import type { FleetModel } from '../sync/fleet-model.js';

export interface FirmwareCount {
  readonly version: string;
  readonly count: number;
}

/** Devices per firmware version, most common first; versions nobody runs are left out. */
export function countFirmware(model: FleetModel): FirmwareCount[] {
  const counts = new Uint32Array(model.firmwareVersions.length);
  for (let index = 0; index < model.count; index++) {
    const code = model.firmware[index] ?? 0;
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return model.firmwareVersions
    .map((version, code) => ({ version, count: counts[code] ?? 0 }))
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count || a.version.localeCompare(b.version, undefined, { numeric: true }));
}
