/** Which devices a selection box holds: the shown ones whose marker centre lies inside it. */
import { STACK_SLOTS, STACK_X, STACK_Y } from './marker-geometry.js';

export interface BoxPositions {
  readonly count: number;
  readonly projectedX: Float64Array;
  readonly projectedY: Float64Array;
  readonly stackRank: Uint16Array;
}

/** A box in world pixels at the current zoom. */
export interface WorldBox {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** Box corners in any order, as a box. */
export function boxBetween(x1: number, y1: number, x2: number, y2: number): WorldBox {
  return { minX: Math.min(x1, x2), minY: Math.min(y1, y2), maxX: Math.max(x1, x2), maxY: Math.max(y1, y2) };
}

/**
 * Indices of the devices inside `box`, in device order. `shown` null means every device is shown.
 * Markers are placed as drawn: at their position plus their offset in a stack of `spacing` pixels.
 */
export function devicesInBox(positions: BoxPositions, shown: Uint8Array | null, box: WorldBox, worldSize: number, spacing: number): Uint32Array {
  const found: number[] = [];
  const { count, projectedX, projectedY, stackRank } = positions;
  for (let index = 0; index < count; index++) {
    if (shown !== null && shown[index] !== 1) continue;
    const slot = Math.min(stackRank[index] ?? 0, STACK_SLOTS);
    const x = (projectedX[index] ?? 0) * worldSize + (STACK_X[slot] ?? 0) * spacing;
    const y = (projectedY[index] ?? 0) * worldSize + (STACK_Y[slot] ?? 0) * spacing;
    if (x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY) found.push(index);
  }
  return Uint32Array.from(found);
}
