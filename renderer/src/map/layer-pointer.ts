/**
 * The pointer over the fleet layer: what it hovers (for the tooltip, at most once a frame), what a click
 * picks (a device, or a cluster to zoom into), the pointer cursor over either, and where something
 * drawn on the canvas is in the map's container and on the page.
 */
import L from 'leaflet';
import type { FleetModel } from '../sync/fleet-model.js';
import type { PagePoint } from '../testing/test-hook.js';
import { BUCKET_COUNT } from './cluster-grid.js';
import type { ClusterPainter } from './cluster-painter.js';
import type { HoverTarget } from './hover-state.js';
import { zoomIntoCluster } from './map-focus.js';
import type { MapPicker, Picked } from './map-picker.js';

export interface PointerEvents {
  onPick(deviceId: string | null): void;
  onHover(target: HoverTarget | null): void;
}

interface CanvasPoint {
  readonly x: number;
  readonly y: number;
}

export class LayerPointer {
  isHoverWanted = false;
  private pointer: L.Point | null = null;

  constructor(
    private readonly map: L.Map,
    /** The element holding the canvases, positioned by Leaflet. */
    private readonly root: HTMLElement,
    private readonly size: () => { readonly width: number; readonly height: number },
    private readonly picker: MapPicker,
    private readonly clusters: ClusterPainter,
    private readonly model: FleetModel,
    private readonly events: PointerEvents,
    private readonly schedule: () => void,
  ) {
    map.on('click', this.onClick, this);
    map.on('mousemove', this.onMove, this);
    map.on('mouseout', this.onOut, this);
  }

  get hasPointer(): boolean {
    return this.pointer !== null;
  }

  dispose(): void {
    this.map.off('click', this.onClick, this);
    this.map.off('mousemove', this.onMove, this);
    this.map.off('mouseout', this.onOut, this);
    this.events.onHover(null);
  }

  /** Tells the tooltip what is under the pointer now. */
  updateHover(): void {
    this.isHoverWanted = false;
    const picked = this.pointer ? this.pickAt(this.pointer) : null;
    this.map.getContainer().classList.toggle('is-over-target', picked !== null);
    if (picked === null) {
      this.events.onHover(null);
      return;
    }
    const { x, y } = this.toContainer(picked);
    if (picked.kind === 'device') {
      this.events.onHover({ kind: 'device', index: picked.index, deviceId: this.model.ids[picked.index] ?? '', x, y });
      return;
    }
    const set = this.clusters.paintedSet;
    const from = picked.cluster * BUCKET_COUNT;
    const breakdown = Array.from(set?.breakdown.subarray(from, from + BUCKET_COUNT) ?? []);
    this.events.onHover({ kind: 'cluster', size: set?.size[picked.cluster] ?? 0, breakdown, x, y, radius: picked.radius });
  }

  toContainer(point: CanvasPoint): L.Point {
    return this.map.layerPointToContainerPoint(L.DomUtil.getPosition(this.root).add([point.x, point.y]));
  }

  toPage(point: CanvasPoint): PagePoint {
    const container = this.toContainer(point);
    const box = this.map.getContainer().getBoundingClientRect();
    return { x: box.left + window.scrollX + container.x, y: box.top + window.scrollY + container.y };
  }

  private pickAt(containerPoint: L.Point): Picked | null {
    const point = this.map.containerPointToLayerPoint(containerPoint).subtract(L.DomUtil.getPosition(this.root));
    const { width, height } = this.size();
    return this.picker.pick(point.x, point.y, width, height);
  }

  private onClick(event: L.LeafletMouseEvent): void {
    const picked = this.pickAt(event.containerPoint);
    const set = this.clusters.paintedSet;
    if (set && picked?.kind === 'cluster') zoomIntoCluster(this.map, set, picked.cluster);
    else this.events.onPick(picked?.kind === 'device' ? (this.model.ids[picked.index] ?? null) : null);
  }

  private onMove(event: L.LeafletMouseEvent): void {
    this.pointer = event.containerPoint;
    this.isHoverWanted = true;
    this.schedule();
  }

  private onOut(): void {
    this.pointer = null;
    this.isHoverWanted = false;
    this.map.getContainer().classList.remove('is-over-target');
    this.events.onHover(null);
  }
}
