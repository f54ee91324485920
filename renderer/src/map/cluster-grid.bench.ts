/**
 * Why the map clusters with its own grid and not supercluster: `npx vitest bench renderer/src/map`.
 * 100,000 devices with a breakdown by state per cluster, rebuilt on every data change (every 300 ms).
 */
import Supercluster from 'supercluster';
import { bench, describe } from 'vitest';
import { BUCKET_COUNT, buildClusters } from './cluster-grid.js';
import { testClusterInput } from './map-test-fleet.js';

const input = testClusterInput(100_000);
const longitude = (x: number) => x * 360 - 180;
const latitude = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;

describe('clusters for 100,000 devices', () => {
  bench('grid, one zoom level (city)', () => {
    buildClusters(input, { zoom: 12, cellPx: 80, mergePx: 44, minClusterSize: 3 });
  });

  bench('grid, one zoom level (street)', () => {
    buildClusters(input, { zoom: 16, cellPx: 80, mergePx: 44, minClusterSize: 3 });
  });

  bench(
    'supercluster with map/reduce breakdown',
    () => {
      const features = Array.from({ length: input.count }, (_, index) => ({
        type: 'Feature' as const,
        properties: { bucket: input.bucket[index] ?? 0 },
        geometry: { type: 'Point' as const, coordinates: [longitude(input.x[index] ?? 0), latitude(input.y[index] ?? 0)] },
      }));
      const index = new Supercluster<{ bucket: number }, { counts: number[] }>({
        radius: 40,
        maxZoom: 16,
        map: (properties) => {
          const counts = new Array<number>(BUCKET_COUNT).fill(0);
          counts[properties.bucket] = 1;
          return { counts };
        },
        reduce: (into, from) => {
          for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) into.counts[bucket] = (into.counts[bucket] ?? 0) + (from.counts[bucket] ?? 0);
        },
      });
      index.load(features);
      index.getClusters([-180, -85, 180, 85], 12);
    },
    { iterations: 3 },
  );
});
