import { describe, expect, it } from 'vitest';
import { mercatorX, mercatorY } from '../sync/fleet-model.js';
import { BUCKET_COUNT, HIDDEN_BUCKET, STALE_BUCKET, buildClusters, type ClusterInput, type ClusterSet } from './cluster-grid.js';
import { testClusterInput } from './map-test-fleet.js';

const OPTIONS = { cellPx: 80, mergePx: 44, minClusterSize: 3 } as const;

/** Devices at pixel positions (x, y) of the world at `zoom`, with their buckets. */
function inputAt(zoom: number, points: readonly (readonly [number, number, number])[]): ClusterInput {
  const world = 256 * 2 ** zoom;
  return {
    x: Float64Array.from(points, ([x]) => x / world),
    y: Float64Array.from(points, ([, y]) => y / world),
    bucket: Uint8Array.from(points, ([, , bucket]) => bucket),
    count: points.length,
  };
}

function sizes(set: ClusterSet): number[] {
  return Array.from(set.size).sort((a, b) => b - a);
}

describe('buildClusters', () => {
  it('accounts for every shown device exactly once: in one cluster or as a single', () => {
    const input = testClusterInput(100_000, { hiddenShare: 0.2 });
    const shown = input.bucket.filter((bucket) => bucket !== HIDDEN_BUCKET).length;
    for (const zoom of [10, 12, 14, 16]) {
      const set = buildClusters(input, { zoom, ...OPTIONS });
      expect(set.shownCount).toBe(shown);
      const clustered = set.size.reduce((sum, size) => sum + size, 0);
      expect(clustered + set.singles.length).toBe(shown);
      expect(new Set(set.singles).size).toBe(set.singles.length);
      for (const index of set.singles) expect(input.bucket[index]).not.toBe(HIDDEN_BUCKET);
    }
  });

  it('gives each cluster a breakdown by state that adds up to its size, and the fleet’s breakdown overall', () => {
    const input = testClusterInput(20_000);
    const set = buildClusters(input, { zoom: 12, ...OPTIONS });
    const total = new Array<number>(BUCKET_COUNT).fill(0);
    for (let cluster = 0; cluster < set.clusterCount; cluster++) {
      const breakdown = set.breakdown.subarray(cluster * BUCKET_COUNT, (cluster + 1) * BUCKET_COUNT);
      expect(breakdown.reduce((sum, n) => sum + n, 0)).toBe(set.size[cluster]);
      breakdown.forEach((n, bucket) => (total[bucket] = (total[bucket] ?? 0) + n));
    }
    for (const index of set.singles) total[input.bucket[index] ?? 0] = (total[input.bucket[index] ?? 0] ?? 0) + 1;
    const expected = new Array<number>(BUCKET_COUNT).fill(0);
    for (const bucket of input.bucket) expected[bucket] = (expected[bucket] ?? 0) + 1;
    expect(total).toEqual(expected);
    expect(total[STALE_BUCKET]).toBeGreaterThan(0);
  });

  it('puts a cluster at its devices’ centroid, inside the bounds a click zooms to', () => {
    const set = buildClusters(inputAt(14, [[1000, 1000, 1], [1010, 1000, 1], [1020, 1030, 2]]), { zoom: 14, ...OPTIONS });
    expect(set.clusterCount).toBe(1);
    const world = 256 * 2 ** 14;
    expect((set.x[0] ?? 0) * world).toBeCloseTo(1010, 6);
    expect((set.y[0] ?? 0) * world).toBeCloseTo(1010, 6);
    expect(Array.from(set.bounds).map((value) => value * world)).toEqual([1000, 1000, 1020, 1030].map((value) => expect.closeTo(value, 6)));
  });

  it('merges groups that straddle a cell border, and keeps groups apart that are far enough', () => {
    // 80-pixel cells: 795 and 805 are in different cells but 10 px apart.
    const near = buildClusters(inputAt(14, [[795, 100, 1], [795, 102, 1], [795, 104, 1], [805, 100, 1], [805, 102, 1], [805, 104, 1]]), { zoom: 14, ...OPTIONS });
    expect(sizes(near)).toEqual([6]);
    const far = buildClusters(inputAt(14, [[700, 100, 1], [700, 102, 1], [700, 104, 1], [900, 100, 1], [900, 102, 1], [900, 104, 1]]), { zoom: 14, ...OPTIONS });
    expect(sizes(far)).toEqual([3, 3]);
    // The same devices, two zoom levels out, are 50 px apart: one cluster.
    const world14 = 256 * 2 ** 14;
    const zoomedOut = buildClusters(
      { ...inputAt(14, [[700, 100, 1], [700, 102, 1], [700, 104, 1], [900, 100, 1], [900, 102, 1], [900, 104, 1]]) },
      { zoom: 12, ...OPTIONS },
    );
    expect(world14).toBe(4 * 256 * 2 ** 12);
    expect(sizes(zoomedOut)).toEqual([6]);
  });

  it('leaves groups smaller than the minimum as single devices, and never clusters hidden ones', () => {
    const set = buildClusters(
      inputAt(14, [[100, 100, 1], [102, 100, 1], [2000, 2000, 1], [2002, 2000, HIDDEN_BUCKET], [2004, 2000, HIDDEN_BUCKET], [2006, 2000, HIDDEN_BUCKET]]),
      { zoom: 14, ...OPTIONS },
    );
    expect(set.clusterCount).toBe(0);
    expect(Array.from(set.singles)).toEqual([0, 1, 2]);
    expect(set.shownCount).toBe(3);
  });

  it('is deterministic and anchored to the world: the same data gives the same clusters', () => {
    const input = testClusterInput(10_000);
    const first = buildClusters(input, { zoom: 13, ...OPTIONS });
    const second = buildClusters(input, { zoom: 13, ...OPTIONS });
    expect(Array.from(second.size)).toEqual(Array.from(first.size));
    expect(Array.from(second.x)).toEqual(Array.from(first.x));
  });

  it('needs far fewer clusters than devices at city zoom for a 100,000-device fleet', () => {
    const set = buildClusters(testClusterInput(100_000), { zoom: 12, ...OPTIONS });
    expect(set.clusterCount).toBeGreaterThan(20);
    expect(set.clusterCount).toBeLessThan(600);
    expect(set.singles.length).toBeLessThan(2_000);
  });
});

describe('test fleet', () => {
  it('places devices in and around Paris', () => {
    const input = testClusterInput(1000);
    for (let index = 0; index < input.count; index++) {
      expect(input.x[index]).toBeGreaterThan(mercatorX(1.9));
      expect(input.x[index]).toBeLessThan(mercatorX(2.8));
      expect(input.y[index]).toBeLessThan(mercatorY(48.6));
      expect(input.y[index]).toBeGreaterThan(mercatorY(49.1));
    }
  });
});
