import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/network.js';
import { FleetModel, mercatorX, mercatorY } from '../sync/fleet-model.js';
import { testDevices, testSnapshot } from '../sync/fleet-test-data.js';
import { DeviceRegion, type RegionPositions } from './device-region.js';
import { worldSizeAt, type ViewFrame } from './marker-geometry.js';

const ZOOM = 16;
const WORLD = worldSizeAt(ZOOM);

/** A 1000×500 view whose top-left corner is at world pixel (left, top). */
function frame(left: number, top: number, zoom = ZOOM): ViewFrame {
  return { zoom, worldSize: worldSizeAt(zoom), offsetX: -left, offsetY: -top, width: 1000, height: 500, radius: 6, nowMs: 0 };
}

function positions(points: readonly (readonly [number, number])[]): RegionPositions & { projectedX: Float64Array; projectedY: Float64Array } {
  return { count: points.length, projectedX: Float64Array.from(points, ([x]) => x / WORLD), projectedY: Float64Array.from(points, ([, y]) => y / WORLD) };
}

function members(region: DeviceRegion): number[] {
  return Array.from(region.indices.subarray(0, region.count)).sort((a, b) => a - b);
}

describe('DeviceRegion', () => {
  // The view spans x 10,000–11,000 and y 20,000–20,500; the region half a view (500 px) more each way.
  const fleet = () =>
    positions([
      [10_500, 20_250], // in view
      [9_600, 20_250], // left of the view, inside the margin
      [11_499, 20_700], // right and below, inside the margin
      [8_400, 20_250], // far left
      [10_500, 30_000], // far below
    ]);

  it('holds the devices within half a view of the view, found in one pass', () => {
    const region = new DeviceRegion();
    expect(region.cover(frame(10_000, 20_000), fleet())).toBe(true);
    expect(members(region)).toEqual([0, 1, 2]);
    expect(region.passes).toBe(1);
  });

  it('makes no new pass while the view stays inside the region, and one when it leaves it or the zoom changes', () => {
    const region = new DeviceRegion();
    const devices = fleet();
    region.cover(frame(10_000, 20_000), devices);
    expect(region.cover(frame(10_400, 20_300), devices)).toBe(false);
    expect(region.cover(frame(9_600, 19_600), devices)).toBe(false);
    expect(region.cover(frame(8_800, 20_000), devices)).toBe(true);
    expect(members(region)).toContain(3);
    expect(region.cover(frame(8_800 / 2, 20_000 / 2, ZOOM - 1), devices)).toBe(true);
    expect(region.passes).toBe(3);
  });

  it('takes in devices that drive into the region between passes, from the deltas’ indices alone', () => {
    const region = new DeviceRegion();
    const devices = fleet();
    region.cover(frame(10_000, 20_000), devices);
    devices.projectedX[4] = 10_700 / WORLD;
    devices.projectedY[4] = 20_100 / WORLD;
    region.noteChanged(Uint32Array.of(4, 0), devices);
    expect(members(region)).toEqual([0, 1, 2, 4]);
    // Told again, it is not listed twice.
    region.noteChanged(Uint32Array.of(4), devices);
    expect(members(region)).toEqual([0, 1, 2, 4]);
    expect(region.passes).toBe(1);
  });

  it('starts over after a snapshot', () => {
    const region = new DeviceRegion();
    const devices = fleet();
    region.cover(frame(10_000, 20_000), devices);
    region.invalidate();
    expect(region.cover(frame(10_000, 20_000), devices)).toBe(true);
  });
});

describe('DeviceRegion stack ranks', () => {
  it('gives the devices near the view the same places in their stacks as a pass over the whole fleet', () => {
    const model = new FleetModel(() => 0);
    const random = seededRandom(4);
    // 3000 devices at 300 places round Paris; each place's devices scattered through the index order.
    const places = Array.from({ length: 300 }, () => [48.8 + random() * 0.1, 2.3 + random() * 0.1] as const);
    const rows = Array.from({ length: 3000 }, (_, index) => {
      const [latitude, longitude] = places[Math.floor(random() * places.length)] ?? [48.85, 2.35];
      return { index, latitude, longitude };
    });
    model.applySnapshot(testSnapshot('e', 1, testDevices(rows.length), rows, 0));
    const global = Uint16Array.from(model.stackRank);
    model.stackRank.fill(0);
    const zoom = 15;
    const worldSize = worldSizeAt(zoom);
    const left = mercatorX(2.33) * worldSize;
    const top = mercatorY(48.87) * worldSize;
    const region = new DeviceRegion();
    region.cover({ zoom, worldSize, offsetX: -left, offsetY: -top, width: 1000, height: 700, radius: 6, nowMs: 0 }, model);
    region.refreshStackRanks(model);
    const members = Array.from(region.indices.subarray(0, region.count));
    expect(members.length).toBeGreaterThan(100);
    expect(members.length).toBeLessThan(rows.length);
    for (const index of members) expect(model.stackRank[index]).toBe(global[index]);
    expect(members.some((index) => (global[index] ?? 0) > 2)).toBe(true);
  });
});
