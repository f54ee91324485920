/**
 * The devices that may be on screen at street zoom: those within a region around the view, half a view
 * wider on every side. Found with one pass over the fleet when the view leaves the region or the zoom
 * changes; kept current between passes from the deltas' changed indices, so a frame only walks these
 * devices, not all 100,000. Devices that drove out stay listed until the next pass (they are simply off
 * screen); filters are applied when drawing, so changing them needs no pass.
 */
import type { ViewFrame } from './marker-geometry.js';

export interface RegionPositions {
  readonly count: number;
  readonly projectedX: Float64Array;
  readonly projectedY: Float64Array;
}

/** What stack ranks are computed from, and written to. */
export interface StackPositions {
  readonly latitude: Float32Array;
  readonly longitude: Float32Array;
  readonly stackRank: Uint16Array;
}

const MARGIN_OF_VIEW = 0.5;

export class DeviceRegion {
  indices = new Int32Array(0);
  count = 0;
  /** Full passes made: for tests and the benchmark's curiosity. */
  passes = 0;
  private member = new Uint8Array(0);
  private zoom = Number.NaN;
  private minX = 0;
  private minY = 0;
  private maxX = 0;
  private maxY = 0;

  /** The device list changed (a snapshot): the next frame makes a full pass. */
  invalidate(): void {
    this.zoom = Number.NaN;
  }

  /** Makes sure the region holds the view of `frame`; returns true when that took a full pass. */
  cover(frame: ViewFrame, positions: RegionPositions): boolean {
    // The view and the region in the unit square, where positions are.
    const left = -frame.offsetX / frame.worldSize;
    const top = -frame.offsetY / frame.worldSize;
    const right = left + frame.width / frame.worldSize;
    const bottom = top + frame.height / frame.worldSize;
    const isCovered = frame.zoom === this.zoom && left >= this.minX && top >= this.minY && right <= this.maxX && bottom <= this.maxY && this.member.length === positions.count;
    if (isCovered) return false;
    const margin = (Math.max(frame.width, frame.height) * MARGIN_OF_VIEW) / frame.worldSize;
    this.zoom = frame.zoom;
    this.minX = left - margin;
    this.minY = top - margin;
    this.maxX = right + margin;
    this.maxY = bottom + margin;
    this.rebuild(positions);
    this.passes++;
    return true;
  }

  /** Devices whose position a delta changed: those that came into the region join it. */
  noteChanged(changed: ArrayLike<number>, positions: RegionPositions): void {
    if (Number.isNaN(this.zoom) || this.member.length !== positions.count) return;
    for (let slot = 0; slot < changed.length; slot++) {
      const index = changed[slot] ?? 0;
      if (this.member[index] === 1) continue;
      const x = positions.projectedX[index] ?? 0;
      const y = positions.projectedY[index] ?? 0;
      if (x < this.minX || y < this.minY || x > this.maxX || y > this.maxY) continue;
      this.add(index);
    }
  }

  private rebuild(positions: RegionPositions): void {
    const { count, projectedX, projectedY } = positions;
    if (this.member.length !== count) this.member = new Uint8Array(count);
    else this.member.fill(0);
    this.count = 0;
    for (let index = 0; index < count; index++) {
      const x = projectedX[index] ?? 0;
      const y = projectedY[index] ?? 0;
      if (x >= this.minX && y >= this.minY && x <= this.maxX && y <= this.maxY) this.add(index);
    }
  }

  /**
   * Ranks the region's devices that share a position (to about a metre), in index order: the ranks
   * FleetModel.refreshStacks gives, since a position's devices are all in the region or all out of it,
   * for a few thousand devices instead of the whole fleet.
   */
  refreshStackRanks(stacks: StackPositions): void {
    const members = this.indices.slice(0, this.count).sort();
    const seen = new Map<number, number>();
    for (const index of members) {
      // The key FleetModel.refreshStacks uses: both parts fit in 26 bits, so the pair is exact in a double.
      const latitudeKey = Math.round(((stacks.latitude[index] ?? 0) + 90) * 1e5);
      const longitudeKey = Math.round(((stacks.longitude[index] ?? 0) + 180) * 1e5);
      const key = latitudeKey * 67_108_864 + longitudeKey;
      const rank = seen.get(key) ?? 0;
      stacks.stackRank[index] = Math.min(rank, 65_535);
      seen.set(key, rank + 1);
    }
  }

  private add(index: number): void {
    if (this.count === this.indices.length) {
      const grown = new Int32Array(Math.max(1024, this.indices.length * 2));
      grown.set(this.indices);
      this.indices = grown;
    }
    this.indices[this.count++] = index;
    this.member[index] = 1;
  }
}
