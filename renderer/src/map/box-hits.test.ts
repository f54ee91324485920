import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/network.js';
import { boxBetween, devicesInBox, type BoxPositions } from './box-hits.js';
import { stackOffset } from './marker-geometry.js';

function positions(points: readonly (readonly [number, number, number?])[], worldSize: number): BoxPositions {
  return {
    count: points.length,
    projectedX: Float64Array.from(points, ([x]) => x / worldSize),
    projectedY: Float64Array.from(points, ([, y]) => y / worldSize),
    stackRank: Uint16Array.from(points, ([, , rank]) => rank ?? 0),
  };
}

describe('devicesInBox', () => {
  const world = 256 * 2 ** 15;

  it('takes the devices inside, whichever way the box was dragged', () => {
    const fleet = positions([[100, 100], [150, 120], [300, 300], [149, 99]], world);
    expect(Array.from(devicesInBox(fleet, null, boxBetween(160, 130, 90, 95), world, 0))).toEqual([0, 1, 3]);
  });

  it('leaves out devices the filters hide', () => {
    const fleet = positions([[100, 100], [110, 100], [120, 100]], world);
    expect(Array.from(devicesInBox(fleet, Uint8Array.from([1, 0, 1]), boxBetween(0, 0, 200, 200), world, 0))).toEqual([0, 2]);
  });

  it('judges a stacked device by where its marker is drawn, not by the station it stands at', () => {
    // Seven devices at one station: rank 0 at the centre, ranks 1–6 round it, 10 px apart.
    const fleet = positions(Array.from({ length: 7 }, (_, rank) => [500, 500, rank] as const), world);
    const above = stackOffset(1, 10 / 1.7);
    expect(above.y).toBeCloseTo(-10, 6);
    // A box over the top half of the fan holds the marker above the centre but not the centre.
    const inside = devicesInBox(fleet, null, boxBetween(495, 485, 505, 495), world, 10);
    expect(Array.from(inside)).toEqual([1]);
  });

  it('agrees with a plain check on thousands of random devices', () => {
    const random = seededRandom(9);
    const points = Array.from({ length: 5000 }, () => [random() * 2000, random() * 2000] as const);
    const fleet = positions(points, world);
    const box = boxBetween(400, 700, 1300, 1100);
    const expected = points.flatMap(([x, y], index) => (x >= 400 && x <= 1300 && y >= 700 && y <= 1100 ? [index] : []));
    expect(Array.from(devicesInBox(fleet, null, box, world, 0))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(100);
  });
});
