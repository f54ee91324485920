/** Builds real snapshot and delta payloads (packed columns, as the hub sends them) for tests. */
import type { FleetDelta, FleetDevice, FleetSnapshot, FleetStation } from '../../../shared/console-api.js';
import { encodeCatalogue } from '../../../shared/fleet-catalogue.js';
import { allocateColumns, packColumns } from '../../../shared/fleet-columns.js';
import { kindCode, statusCode, type DeviceKind, type DeviceStatus } from '../../../shared/fleet.js';

export interface TestRow {
  readonly index: number;
  readonly kind?: DeviceKind;
  readonly status?: DeviceStatus;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly heading?: number;
  readonly speed?: number;
  readonly battery?: number;
  readonly lastSeenMs?: number;
  readonly firmware?: number;
}

export function packRows(rows: readonly TestRow[]): Uint8Array {
  const columns = allocateColumns(rows.length);
  rows.forEach((row, position) => {
    columns.index[position] = row.index;
    columns.kind[position] = kindCode(row.kind ?? 'car');
    columns.status[position] = statusCode(row.status ?? 'available');
    columns.latitude[position] = row.latitude ?? 48.85;
    columns.longitude[position] = row.longitude ?? 2.35;
    columns.headingDegrees[position] = row.heading ?? 0;
    columns.speedKmh[position] = row.speed ?? 0;
    columns.batteryPercent[position] = row.battery ?? 80;
    columns.lastSeenMs[position] = row.lastSeenMs ?? 0;
    columns.firmware[position] = row.firmware ?? 0;
  });
  return packColumns(columns);
}

export function testSnapshot(
  epoch: string,
  version: number,
  devices: readonly FleetDevice[],
  rows: readonly TestRow[],
  serverTimeMs: number,
  extra: { readonly stations?: readonly FleetStation[]; readonly firmwareVersions?: readonly string[] } = {},
): FleetSnapshot {
  return { epoch, version, catalogue: encodeCatalogue(devices, extra.stations ?? []), firmwareVersions: extra.firmwareVersions ?? [''], columns: packRows(rows), serverTimeMs };
}

export function testDelta(epoch: string, version: number, rows: readonly TestRow[], serverTimeMs: number): FleetDelta {
  return { epoch, version, columns: packRows(rows), serverTimeMs };
}

export function testDevices(count: number, kind: DeviceKind = 'car'): FleetDevice[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${kind}-${index}`,
    kind,
    stationId: null,
    label: `label-${index}`,
    serialNumber: `SN-${index}`,
    plate: kind === 'car' ? `label-${index}` : null,
  }));
}
