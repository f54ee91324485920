/**
 * A uniform grid over screen points, rebuilt when the view moves, so a click finds the nearest device by
 * looking at a few cells instead of scanning the whole fleet. Built by counting sort into flat arrays:
 * no object per point.
 */
export class HitGrid {
  private columns = 0;
  private rows = 0;
  private cellStart = new Int32Array(1);
  private items = new Int32Array(0);
  private width = 0;
  private height = 0;
  private xs: ArrayLike<number> = [];
  private ys: ArrayLike<number> = [];

  constructor(private readonly cellSize = 16) {}

  /**
   * Indexes points `0..count-1`; a point is skipped when `isIncluded` says so or when it lies outside
   * the `width`×`height` area.
   */
  rebuild(xs: ArrayLike<number>, ys: ArrayLike<number>, count: number, width: number, height: number, isIncluded?: (index: number) => boolean): void {
    this.xs = xs;
    this.ys = ys;
    this.width = width;
    this.height = height;
    this.columns = Math.max(1, Math.ceil(width / this.cellSize));
    this.rows = Math.max(1, Math.ceil(height / this.cellSize));
    const cells = this.columns * this.rows;
    const cellOf = new Int32Array(count);
    const counts = new Int32Array(cells + 1);
    for (let index = 0; index < count; index++) {
      const cell = this.cellAt(xs[index] ?? Number.NaN, ys[index] ?? Number.NaN);
      const isKept = cell >= 0 && (isIncluded === undefined || isIncluded(index));
      cellOf[index] = isKept ? cell : -1;
      if (isKept) counts[cell + 1] = (counts[cell + 1] ?? 0) + 1;
    }
    for (let cell = 0; cell < cells; cell++) counts[cell + 1] = (counts[cell + 1] ?? 0) + (counts[cell] ?? 0);
    this.cellStart = counts;
    this.items = new Int32Array(counts[cells] ?? 0);
    const cursor = counts.slice(0, cells);
    for (let index = 0; index < count; index++) {
      const cell = cellOf[index] ?? -1;
      if (cell < 0) continue;
      const slot = cursor[cell] ?? 0;
      this.items[slot] = index;
      cursor[cell] = slot + 1;
    }
  }

  /** The index of the point nearest (`x`, `y`) within `radius` pixels, or -1. */
  nearest(x: number, y: number, radius: number): number {
    const firstColumn = Math.max(0, Math.floor((x - radius) / this.cellSize));
    const lastColumn = Math.min(this.columns - 1, Math.floor((x + radius) / this.cellSize));
    const firstRow = Math.max(0, Math.floor((y - radius) / this.cellSize));
    const lastRow = Math.min(this.rows - 1, Math.floor((y + radius) / this.cellSize));
    let best = -1;
    let bestDistance = radius * radius;
    for (let row = firstRow; row <= lastRow; row++) {
      for (let column = firstColumn; column <= lastColumn; column++) {
        const cell = row * this.columns + column;
        const end = this.cellStart[cell + 1] ?? 0;
        for (let slot = this.cellStart[cell] ?? 0; slot < end; slot++) {
          const index = this.items[slot] ?? -1;
          const dx = (this.xs[index] ?? Number.NaN) - x;
          const dy = (this.ys[index] ?? Number.NaN) - y;
          const distance = dx * dx + dy * dy;
          // Ties (devices at one station) resolve the same way whatever the cell order.
          if (distance < bestDistance || (distance === bestDistance && index > best)) {
            best = index;
            bestDistance = distance;
          }
        }
      }
    }
    return best;
  }

  private cellAt(x: number, y: number): number {
    if (!(x >= 0 && y >= 0 && x < this.width && y < this.height)) return -1;
    const column = Math.floor(x / this.cellSize);
    const row = Math.floor(y / this.cellSize);
    return row * this.columns + column;
  }
}
