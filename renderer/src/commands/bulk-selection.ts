/**
 * From a selection (a map box, a station, the filtered devices) to the devices a bulk command goes to:
 * ids resolved once from the FleetModel's typed arrays, split by kind, because a command fits one kind
 * only and the devices of the other kind are counted out, not silently dropped.
 */
import { COMMANDS, MAX_BULK_DEVICES, commandsFor, type CommandType } from '../../../shared/commands.js';
import { DEVICE_KINDS, kindCode, statusCode, type DeviceKind, type OperatorRole } from '../../../shared/fleet.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { parkedCarsNear, stationChargePoints } from '../panel/station-view.js';

type ModelLookup = Pick<FleetModel, 'indexOf' | 'kind' | 'status'>;

export type KindSplit = Readonly<Record<DeviceKind, readonly string[]>>;

/** The selected devices of each kind, each once, in the selection's order; ids the fleet no longer has are left out. */
export function splitByKind(model: ModelLookup, deviceIds: readonly string[]): KindSplit {
  const split: Record<DeviceKind, string[]> = { car: [], chargePoint: [] };
  const seen = new Set<string>();
  for (const deviceId of deviceIds) {
    if (seen.has(deviceId)) continue;
    seen.add(deviceId);
    const index = model.indexOf(deviceId);
    if (index < 0) continue;
    const kind = DEVICE_KINDS.find((candidate) => kindCode(candidate) === model.kind[index]);
    if (kind) split[kind].push(deviceId);
  }
  return split;
}

export interface KindChoices {
  readonly kind: DeviceKind;
  readonly count: number;
  /** The commands the role may send to this kind, in the catalogue's order. */
  readonly types: readonly CommandType[];
}

/** The commands on offer: only for kinds present in the selection, and only those the role may send. */
export function bulkChoices(split: KindSplit, role: OperatorRole): KindChoices[] {
  return DEVICE_KINDS.filter((kind) => split[kind].length > 0).map((kind) => ({ kind, count: split[kind].length, types: commandsFor(kind, role) }));
}

/** The devices a command of this type goes to, and those left out for being of the other kind. */
export function targetsOf(split: KindSplit, type: CommandType): { readonly deviceIds: readonly string[]; readonly leftOut: number; readonly isTooMany: boolean } {
  const kind = COMMANDS[type].kind;
  const deviceIds = split[kind];
  const leftOut = DEVICE_KINDS.filter((other) => other !== kind).reduce((sum, other) => sum + split[other].length, 0);
  return { deviceIds, leftOut, isTooMany: deviceIds.length > MAX_BULK_DEVICES };
}

const OFFLINE = statusCode('offline');

export function offlineCount(model: ModelLookup, deviceIds: readonly string[]): number {
  let count = 0;
  for (const deviceId of deviceIds) if (model.status[model.indexOf(deviceId)] === OFFLINE) count++;
  return count;
}

type StationModel = Parameters<typeof stationChargePoints>[0] & Pick<FleetModel, 'ids' | 'stations'>;

/** A station's devices, as its panel lists them: its charge points, then the cars parked at it. */
export function stationDeviceIds(model: StationModel, stationIndex: number): string[] {
  const station = model.stations[stationIndex];
  if (!station) return [];
  const indices = [...stationChargePoints(model, stationIndex), ...parkedCarsNear(model, station.latitude, station.longitude).map((car) => car.index)];
  return indices.flatMap((index) => model.ids[index] ?? []);
}

/** The devices the current filters show, in device order. */
export function shownDeviceIds(shownIndices: Uint32Array, model: Pick<FleetModel, 'ids'>): string[] {
  return Array.from(shownIndices, (index) => model.ids[index] ?? '').filter((deviceId) => deviceId !== '');
}
