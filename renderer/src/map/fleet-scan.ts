/**
 * The two passes over the whole fleet that the map still makes, each a plain loop over typed arrays:
 * what the cluster worker is sent, and how many shown devices are in view (to choose between clusters
 * and devices).
 */
import type { FleetModel } from '../sync/fleet-model.js';
import { HIDDEN_BUCKET, STALE_BUCKET, packBucket } from './cluster-grid.js';
import type { ViewFrame } from './marker-geometry.js';

export type ScannedFleet = Pick<FleetModel, 'count' | 'projectedX' | 'projectedY' | 'status' | 'isStaleAt'>;

/**
 * Writes positions and each device's bucket: hidden when `shown` leaves it out, stale, or its status
 * code; with its alarm level (`alarmLevels`, index-aligned; null: none) packed in.
 */
export function fillClusterInput(
  fleet: ScannedFleet,
  shown: Uint8Array | null,
  nowMs: number,
  x: Float64Array,
  y: Float64Array,
  bucket: Uint8Array,
  alarmLevels: Uint8Array | null = null,
): void {
  const count = Math.min(fleet.count, bucket.length);
  x.set(fleet.projectedX.subarray(0, count));
  y.set(fleet.projectedY.subarray(0, count));
  const { status } = fleet;
  for (let index = 0; index < count; index++) {
    if (shown !== null && shown[index] !== 1) bucket[index] = HIDDEN_BUCKET;
    else bucket[index] = packBucket(fleet.isStaleAt(index, nowMs) ? STALE_BUCKET : (status[index] ?? 0), alarmLevels?.[index] ?? 0);
  }
}

/** Shown devices whose position is in the view of `frame`. */
export function countInView(fleet: Pick<ScannedFleet, 'count' | 'projectedX' | 'projectedY'>, shown: Uint8Array | null, frame: ViewFrame): number {
  const { projectedX, projectedY, count } = fleet;
  const left = -frame.offsetX / frame.worldSize;
  const top = -frame.offsetY / frame.worldSize;
  const right = left + frame.width / frame.worldSize;
  const bottom = top + frame.height / frame.worldSize;
  let inView = 0;
  for (let index = 0; index < count; index++) {
    if (shown !== null && shown[index] !== 1) continue;
    const x = projectedX[index] ?? 0;
    const y = projectedY[index] ?? 0;
    if (x >= left && x <= right && y >= top && y <= bottom) inView++;
  }
  return inView;
}
