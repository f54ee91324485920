/**
 * Which devices the devices' canvas shows over the clusters, one byte per device: a delta touching none
 * of them changes nothing on screen until the next clusters, so it repaints nothing.
 */
export class DrawnMarks {
  private mask = new Uint8Array(0);
  private marked = new Int32Array(0);

  /** Marks `indices[0..count)` instead of the devices marked before, for a fleet of `fleetSize`. */
  mark(indices: Int32Array, count: number, fleetSize: number): void {
    if (this.mask.length !== fleetSize) this.mask = new Uint8Array(fleetSize);
    for (const index of this.marked) this.mask[index] = 0;
    this.marked = indices.slice(0, count);
    for (const index of this.marked) this.mask[index] = 1;
  }

  /** A new fleet: nothing is marked. */
  reset(fleetSize: number): void {
    this.mask = new Uint8Array(fleetSize);
    this.marked = new Int32Array(0);
  }

  touches(changed: ArrayLike<number>): boolean {
    for (let slot = 0; slot < changed.length; slot++) if (this.mask[changed[slot] ?? 0] === 1) return true;
    return false;
  }
}
