/**
 * What a station view shows, read straight from the FleetModel's typed arrays: the station's charge
 * points grouped by state, and the cars standing at it. One pass over the arrays, no object per device,
 * so it stays cheap at 100,000 devices when recomputed once a second.
 */
import { kindCode, statusFromCode, type DeviceStatus } from '../../../shared/fleet.js';
import type { FleetModel } from '../sync/fleet-model.js';

/** A car this close to a station and standing still is parked there. */
export const PARKED_RADIUS_M = 75;
/** GPS jitter on a standing car reads as a crawl; anything below this is standing still. */
export const PARKED_MAX_SPEED_KMH = 1;

const EARTH_RADIUS_M = 6_371_000;
const CAR = kindCode('car');
const CHARGE_POINT = kindCode('chargePoint');

type ModelArrays = Pick<FleetModel, 'count' | 'kind' | 'status' | 'latitude' | 'longitude' | 'speed' | 'stationIndex'>;

/** Indices of the charge points that belong to the station, in index order. */
export function stationChargePoints(model: ModelArrays, stationIndex: number): number[] {
  const found: number[] = [];
  if (stationIndex < 0) return found;
  for (let index = 0; index < model.count; index++) {
    if (model.stationIndex[index] === stationIndex && model.kind[index] === CHARGE_POINT) found.push(index);
  }
  return found;
}

export interface ParkedCar {
  readonly index: number;
  readonly distanceM: number;
}

/**
 * Cars standing within `radiusM` of a place, nearest first. Distances are equirectangular: exact enough
 * over a hundred metres, and a cheap rejection by latitude first keeps the pass fast.
 */
export function parkedCarsNear(model: ModelArrays, latitude: number, longitude: number, radiusM: number = PARKED_RADIUS_M): ParkedCar[] {
  const found: ParkedCar[] = [];
  const metresPerDegree = (Math.PI / 180) * EARTH_RADIUS_M;
  const longitudeScale = Math.cos((latitude * Math.PI) / 180);
  const latitudeWindow = radiusM / metresPerDegree;
  for (let index = 0; index < model.count; index++) {
    if (model.kind[index] !== CAR) continue;
    const deltaLatitude = (model.latitude[index] ?? 0) - latitude;
    if (deltaLatitude > latitudeWindow || deltaLatitude < -latitudeWindow) continue;
    if ((model.speed[index] ?? 0) >= PARKED_MAX_SPEED_KMH) continue;
    const north = deltaLatitude * metresPerDegree;
    const east = ((model.longitude[index] ?? 0) - longitude) * metresPerDegree * longitudeScale;
    const distanceM = Math.hypot(north, east);
    if (distanceM <= radiusM) found.push({ index, distanceM });
  }
  return found.sort((left, right) => left.distanceM - right.distanceM || left.index - right.index);
}

export interface StatusGroup {
  readonly status: DeviceStatus;
  readonly indices: readonly number[];
}

/**
 * Devices grouped by state, the states that need a look first (faulted, then offline), then those in
 * service; groups without devices are left out.
 */
export const GROUP_ORDER: readonly DeviceStatus[] = ['faulted', 'offline', 'charging', 'inUse', 'reserved', 'available'];

export function groupByStatus(model: Pick<FleetModel, 'status'>, indices: readonly number[]): StatusGroup[] {
  const byStatus = new Map<DeviceStatus, number[]>();
  for (const index of indices) {
    const status = statusFromCode(model.status[index] ?? 0);
    const group = byStatus.get(status);
    if (group) group.push(index);
    else byStatus.set(status, [index]);
  }
  return GROUP_ORDER.flatMap((status) => {
    const group = byStatus.get(status);
    return group ? [{ status, indices: group }] : [];
  });
}

export type StatusCounts = Readonly<Record<DeviceStatus, number>> & { readonly stale: number };

/** Counts by state, with the stale ones counted apart as well (a stale device keeps its last state). */
export function countByStatus(model: Pick<FleetModel, 'status' | 'isStaleAt'>, indices: readonly number[], nowMs: number): StatusCounts {
  const counts: Record<DeviceStatus, number> = { offline: 0, available: 0, inUse: 0, charging: 0, reserved: 0, faulted: 0 };
  let stale = 0;
  for (const index of indices) {
    const status = statusFromCode(model.status[index] ?? 0);
    counts[status] += 1;
    if (model.isStaleAt(index, nowMs)) stale++;
  }
  return { ...counts, stale };
}
