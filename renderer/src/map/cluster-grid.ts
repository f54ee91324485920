/**
 * Clusters for one zoom level, built in one pass over typed arrays (it runs in the cluster worker, and
 * in Node for tests): devices are binned into square cells anchored to the world, so that panning never
 * reshuffles them; each cell's cluster sits at its devices' centroid; neighbouring clusters whose glyphs
 * would overlap are merged, biggest first. Cells left with fewer than `minClusterSize` devices are not
 * clusters: their devices are listed in `singles` and drawn as themselves.
 *
 * Measured against supercluster (renderer/src/map/cluster-grid.bench.ts): this builds one zoom level for
 * 100,000 devices in a few milliseconds, where supercluster needs an object per device and builds every
 * zoom level at once, more than ten times slower, on every data change.
 */
import { DEVICE_STATUSES } from '../../../shared/fleet.js';

/** A device's bucket in a breakdown is its status code, or STALE_BUCKET when it is stale. */
export const STALE_BUCKET = DEVICE_STATUSES.length;
export const BUCKET_COUNT = DEVICE_STATUSES.length + 1;
/** A device that is filtered out is in no cluster. */
export const HIDDEN_BUCKET = 255;
/**
 * A device's byte carries its bucket in the low bits and its worst alarm's level (alarm-levels.ts: 0
 * none, 1 warning … 4 critical) in the high bits, so clusters can say they hold alarmed devices without
 * a second array crossing to the worker.
 */
export const ALARM_SHIFT = 4;
export const BUCKET_MASK = (1 << ALARM_SHIFT) - 1;

export function packBucket(bucket: number, alarmLevel: number): number {
  return bucket | (alarmLevel << ALARM_SHIFT);
}

export interface ClusterInput {
  /** Projected positions in the unit square (see mercatorX/mercatorY). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly bucket: Uint8Array;
  readonly count: number;
}

export interface ClusterOptions {
  readonly zoom: number;
  /** Cell size in screen pixels at `zoom`. */
  readonly cellPx: number;
  /** Clusters whose centres are closer than this, in pixels, merge. At most `cellPx`. */
  readonly mergePx: number;
  readonly minClusterSize: number;
}

export interface ClusterSet {
  readonly zoom: number;
  readonly clusterCount: number;
  /** Centroids, projected. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly size: Uint32Array;
  /** BUCKET_COUNT counts per cluster. */
  readonly breakdown: Uint32Array;
  /** minX, minY, maxX, maxY per cluster, projected: what a click on the cluster zooms to. */
  readonly bounds: Float64Array;
  /** Indices of shown devices that belong to no cluster. */
  readonly singles: Uint32Array;
  /** Per cluster: how many of its devices have an alarm, and the worst level among them (0: none). */
  readonly alarmCount: Uint32Array;
  readonly alarmLevel: Uint8Array;
  /** Devices not hidden: the sum of cluster sizes plus the singles. */
  readonly shownCount: number;
}

/** Cell coordinates fit in 23 bits up to zoom 22 with cells of 64 px or more, so a key is exact in a double. */
const KEY_STRIDE = 2 ** 24;

/** Per-cell sums in arrays that grow by doubling: no object per cell. */
class CellTable {
  length = 0;
  cellX = new Int32Array(256);
  cellY = new Int32Array(256);
  sumX = new Float64Array(256);
  sumY = new Float64Array(256);
  size = new Uint32Array(256);
  breakdown = new Uint32Array(256 * BUCKET_COUNT);
  bounds = new Float64Array(256 * 4);
  alarmCount = new Uint32Array(256);
  alarmLevel = new Uint8Array(256);

  add(cellX: number, cellY: number): number {
    if (this.length === this.size.length) this.grow();
    const cell = this.length++;
    this.cellX[cell] = cellX;
    this.cellY[cell] = cellY;
    this.bounds[cell * 4] = Infinity;
    this.bounds[cell * 4 + 1] = Infinity;
    this.bounds[cell * 4 + 2] = -Infinity;
    this.bounds[cell * 4 + 3] = -Infinity;
    return cell;
  }

  addPoint(cell: number, x: number, y: number, bucket: number, alarmLevel: number): void {
    if (alarmLevel > 0) {
      this.alarmCount[cell] = (this.alarmCount[cell] ?? 0) + 1;
      if (alarmLevel > (this.alarmLevel[cell] ?? 0)) this.alarmLevel[cell] = alarmLevel;
    }
    this.sumX[cell] = (this.sumX[cell] ?? 0) + x;
    this.sumY[cell] = (this.sumY[cell] ?? 0) + y;
    this.size[cell] = (this.size[cell] ?? 0) + 1;
    const slot = cell * BUCKET_COUNT + bucket;
    this.breakdown[slot] = (this.breakdown[slot] ?? 0) + 1;
    const box = cell * 4;
    if (x < (this.bounds[box] ?? 0)) this.bounds[box] = x;
    if (y < (this.bounds[box + 1] ?? 0)) this.bounds[box + 1] = y;
    if (x > (this.bounds[box + 2] ?? 0)) this.bounds[box + 2] = x;
    if (y > (this.bounds[box + 3] ?? 0)) this.bounds[box + 3] = y;
  }

  /** Adds cell `from` into cell `into`. */
  absorb(into: number, from: number): void {
    this.sumX[into] = (this.sumX[into] ?? 0) + (this.sumX[from] ?? 0);
    this.sumY[into] = (this.sumY[into] ?? 0) + (this.sumY[from] ?? 0);
    this.size[into] = (this.size[into] ?? 0) + (this.size[from] ?? 0);
    this.alarmCount[into] = (this.alarmCount[into] ?? 0) + (this.alarmCount[from] ?? 0);
    this.alarmLevel[into] = Math.max(this.alarmLevel[into] ?? 0, this.alarmLevel[from] ?? 0);
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      const slot = into * BUCKET_COUNT + bucket;
      this.breakdown[slot] = (this.breakdown[slot] ?? 0) + (this.breakdown[from * BUCKET_COUNT + bucket] ?? 0);
    }
    this.bounds[into * 4] = Math.min(this.bounds[into * 4] ?? 0, this.bounds[from * 4] ?? 0);
    this.bounds[into * 4 + 1] = Math.min(this.bounds[into * 4 + 1] ?? 0, this.bounds[from * 4 + 1] ?? 0);
    this.bounds[into * 4 + 2] = Math.max(this.bounds[into * 4 + 2] ?? 0, this.bounds[from * 4 + 2] ?? 0);
    this.bounds[into * 4 + 3] = Math.max(this.bounds[into * 4 + 3] ?? 0, this.bounds[from * 4 + 3] ?? 0);
  }

  private grow(): void {
    const capacity = this.size.length * 2;
    const grown = <T extends Int32Array | Float64Array | Uint32Array | Uint8Array>(array: T, make: (length: number) => T, per = 1): T => {
      const next = make(capacity * per);
      next.set(array);
      return next;
    };
    this.cellX = grown(this.cellX, (length) => new Int32Array(length));
    this.cellY = grown(this.cellY, (length) => new Int32Array(length));
    this.sumX = grown(this.sumX, (length) => new Float64Array(length));
    this.sumY = grown(this.sumY, (length) => new Float64Array(length));
    this.size = grown(this.size, (length) => new Uint32Array(length));
    this.breakdown = grown(this.breakdown, (length) => new Uint32Array(length), BUCKET_COUNT);
    this.bounds = grown(this.bounds, (length) => new Float64Array(length), 4);
    this.alarmCount = grown(this.alarmCount, (length) => new Uint32Array(length));
    this.alarmLevel = grown(this.alarmLevel, (length) => new Uint8Array(length));
  }
}

export function buildClusters(input: ClusterInput, options: ClusterOptions): ClusterSet {
  const worldSize = 256 * 2 ** options.zoom;
  const cellsPerUnit = worldSize / options.cellPx;
  const table = new CellTable();
  const cellByKey = new Map<number, number>();
  const cellOf = new Int32Array(input.count).fill(-1);
  let shownCount = 0;

  for (let index = 0; index < input.count; index++) {
    const packed = input.bucket[index] ?? HIDDEN_BUCKET;
    const bucket = packed & BUCKET_MASK;
    if (packed === HIDDEN_BUCKET || bucket >= BUCKET_COUNT) continue;
    const x = input.x[index] ?? 0;
    const y = input.y[index] ?? 0;
    const cellX = Math.floor(x * cellsPerUnit);
    const cellY = Math.floor(y * cellsPerUnit);
    const key = cellY * KEY_STRIDE + cellX;
    let cell = cellByKey.get(key);
    if (cell === undefined) {
      cell = table.add(cellX, cellY);
      cellByKey.set(key, cell);
    }
    table.addPoint(cell, x, y, bucket, packed >> ALARM_SHIFT);
    cellOf[index] = cell;
    shownCount++;
  }

  const owner = mergeNeighbours(table, cellByKey, (options.mergePx / worldSize) ** 2);

  let clusterCount = 0;
  const clusterOf = new Int32Array(table.length).fill(-1);
  for (let cell = 0; cell < table.length; cell++) {
    if (owner[cell] === cell && (table.size[cell] ?? 0) >= options.minClusterSize) clusterOf[cell] = clusterCount++;
  }
  const x = new Float64Array(clusterCount);
  const y = new Float64Array(clusterCount);
  const size = new Uint32Array(clusterCount);
  const breakdown = new Uint32Array(clusterCount * BUCKET_COUNT);
  const bounds = new Float64Array(clusterCount * 4);
  const alarmCount = new Uint32Array(clusterCount);
  const alarmLevel = new Uint8Array(clusterCount);
  let clusteredDevices = 0;
  for (let cell = 0; cell < table.length; cell++) {
    const cluster = clusterOf[cell] ?? -1;
    if (cluster < 0) continue;
    const cellSize = table.size[cell] ?? 1;
    x[cluster] = (table.sumX[cell] ?? 0) / cellSize;
    y[cluster] = (table.sumY[cell] ?? 0) / cellSize;
    size[cluster] = cellSize;
    breakdown.set(table.breakdown.subarray(cell * BUCKET_COUNT, (cell + 1) * BUCKET_COUNT), cluster * BUCKET_COUNT);
    bounds.set(table.bounds.subarray(cell * 4, cell * 4 + 4), cluster * 4);
    alarmCount[cluster] = table.alarmCount[cell] ?? 0;
    alarmLevel[cluster] = table.alarmLevel[cell] ?? 0;
    clusteredDevices += cellSize;
  }

  const singles = new Uint32Array(shownCount - clusteredDevices);
  let single = 0;
  for (let index = 0; index < input.count; index++) {
    const cell = cellOf[index] ?? -1;
    if (cell >= 0 && (clusterOf[owner[cell] ?? cell] ?? -1) < 0) singles[single++] = index;
  }
  return { zoom: options.zoom, clusterCount, x, y, size, breakdown, bounds, singles, shownCount, alarmCount, alarmLevel };
}

/**
 * Biggest cells first, each takes in the neighbouring cells (of the 3×3 around it) whose centre lies
 * within the merge distance of its own and that nothing has taken yet. Returns each cell's owner: itself
 * when it stays a cluster, or the cell that absorbed it.
 */
function mergeNeighbours(table: CellTable, cellByKey: ReadonlyMap<number, number>, mergeDistanceSquared: number): Int32Array {
  const owner = new Int32Array(table.length).fill(-1);
  const bySize = new Uint32Array(table.length);
  for (let cell = 0; cell < table.length; cell++) bySize[cell] = cell;
  // Ties by cell order keep the result the same on every run.
  bySize.sort((first, second) => (table.size[second] ?? 0) - (table.size[first] ?? 0) || first - second);
  for (const cell of bySize) {
    if (owner[cell] !== -1) continue;
    owner[cell] = cell;
    const cellSize = table.size[cell] ?? 1;
    const centreX = (table.sumX[cell] ?? 0) / cellSize;
    const centreY = (table.sumY[cell] ?? 0) / cellSize;
    const cellX = table.cellX[cell] ?? 0;
    const cellY = table.cellY[cell] ?? 0;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        if (dx === 0 && dy === 0) continue;
        const neighbour = cellByKey.get((cellY + dy) * KEY_STRIDE + cellX + dx);
        if (neighbour === undefined || owner[neighbour] !== -1) continue;
        const neighbourSize = table.size[neighbour] ?? 1;
        const distanceX = (table.sumX[neighbour] ?? 0) / neighbourSize - centreX;
        const distanceY = (table.sumY[neighbour] ?? 0) / neighbourSize - centreY;
        if (distanceX * distanceX + distanceY * distanceY >= mergeDistanceSquared) continue;
        owner[neighbour] = cell;
        table.absorb(cell, neighbour);
      }
    }
  }
  return owner;
}
