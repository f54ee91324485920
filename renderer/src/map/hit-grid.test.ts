import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/network.js';
import { HitGrid } from './hit-grid.js';

function bruteForce(xs: Float32Array, ys: Float32Array, x: number, y: number, radius: number, isIncluded: (index: number) => boolean): number {
  let best = -1;
  let bestDistance = radius * radius;
  for (let index = 0; index < xs.length; index++) {
    if (!isIncluded(index)) continue;
    const distance = ((xs[index] ?? 0) - x) ** 2 + ((ys[index] ?? 0) - y) ** 2;
    if (distance < bestDistance || (distance === bestDistance && index > best)) {
      best = index;
      bestDistance = distance;
    }
  }
  return best;
}

describe('HitGrid', () => {
  it('finds the same nearest point as a full scan, for thousands of random clicks', () => {
    const random = seededRandom(42);
    const count = 20_000;
    const width = 1600;
    const height = 900;
    const xs = Float32Array.from({ length: count }, () => random() * (width + 100) - 50);
    const ys = Float32Array.from({ length: count }, () => random() * (height + 100) - 50);
    const isOnScreen = (index: number) => (xs[index] ?? -1) >= 0 && (xs[index] ?? 0) < width && (ys[index] ?? -1) >= 0 && (ys[index] ?? 0) < height;
    const grid = new HitGrid(16);
    grid.rebuild(xs, ys, count, width, height);
    let hits = 0;
    for (let click = 0; click < 3000; click++) {
      const x = random() * width;
      const y = random() * height;
      const expected = bruteForce(xs, ys, x, y, 8, isOnScreen);
      expect(grid.nearest(x, y, 8)).toBe(expected);
      if (expected >= 0) hits++;
    }
    // The check means something only if many clicks did land on a point.
    expect(hits).toBeGreaterThan(500);
  });

  it('answers -1 when nothing is within the radius, and honours the filter', () => {
    const xs = Float32Array.from([100, 200]);
    const ys = Float32Array.from([100, 200]);
    const grid = new HitGrid(16);
    grid.rebuild(xs, ys, 2, 400, 400, (index) => index !== 1);
    expect(grid.nearest(105, 104, 8)).toBe(0);
    expect(grid.nearest(120, 100, 8)).toBe(-1);
    expect(grid.nearest(200, 200, 8)).toBe(-1);
  });

  it('reflects new positions only after a rebuild', () => {
    const xs = Float32Array.from([10]);
    const ys = Float32Array.from([10]);
    const grid = new HitGrid(16);
    grid.rebuild(xs, ys, 1, 100, 100);
    xs[0] = 80;
    ys[0] = 80;
    expect(grid.nearest(80, 80, 8)).toBe(-1);
    grid.rebuild(xs, ys, 1, 100, 100);
    expect(grid.nearest(80, 80, 8)).toBe(0);
  });
});
