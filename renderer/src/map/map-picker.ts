/**
 * What is drawn under a point of the canvas: a device (they are drawn on top), else a cluster. Looks
 * only at what the last frame painted; the device grid is rebuilt lazily, at most once per frame, and
 * only when someone points or clicks.
 */
import type { ClusterPainter } from './cluster-painter.js';
import type { DevicePainter } from './device-painter.js';
import { HitGrid } from './hit-grid.js';

const HIT_RADIUS_PX = 8;

export type Picked =
  | { readonly kind: 'device'; readonly index: number; readonly x: number; readonly y: number }
  | { readonly kind: 'cluster'; readonly cluster: number; readonly x: number; readonly y: number; readonly radius: number };

export class MapPicker {
  private readonly grid = new HitGrid(16);
  private isCurrent = false;

  constructor(
    private readonly devices: DevicePainter,
    private readonly clusters: ClusterPainter,
  ) {}

  /** A new frame was painted. */
  invalidate(): void {
    this.isCurrent = false;
  }

  pick(x: number, y: number, width: number, height: number): Picked | null {
    const devices = this.devices;
    if (!this.isCurrent) {
      this.grid.rebuild(devices.drawnX, devices.drawnY, devices.drawnCount, width, height);
      this.isCurrent = true;
    }
    const slot = this.grid.nearest(x, y, HIT_RADIUS_PX);
    if (slot >= 0) return { kind: 'device', index: devices.drawnIndex[slot] ?? -1, x: devices.drawnX[slot] ?? x, y: devices.drawnY[slot] ?? y };
    const cluster = this.clusters.hit(x, y);
    const position = cluster >= 0 ? this.clusters.positionOf(cluster) : null;
    return position ? { kind: 'cluster', cluster, ...position } : null;
  }
}
