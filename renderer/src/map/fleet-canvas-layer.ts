/**
 * Every device on one canvas: a Leaflet layer that draws straight from the FleetModel's typed arrays,
 * at most once per animation frame and only when data or the view changed. Devices are grouped by
 * look (kind, state, staleness) so each group is one path and one fill, with no object per device.
 */
import L from 'leaflet';
import type { Theme } from '../../../shared/bridge.js';
import { DEVICE_STATUSES, kindCode } from '../../../shared/fleet.js';
import type { FleetModel } from '../sync/fleet-model.js';
import type { PagePoint } from '../testing/test-hook.js';
import { STALE_OPACITY, statusColoursByCode, withOpacity } from '../ui/status-colours.js';
import { HitGrid } from './hit-grid.js';

const CAR = kindCode('car');
const STATUS_COUNT = DEVICE_STATUSES.length;
/** Groups in draw order: charge points under cars, stale under current, then by status code. */
const GROUPS = 2 * 2 * STATUS_COUNT;
const OFF_SCREEN = 255;
const HIT_RADIUS_PX = 8;
const EDGE_MARGIN_PX = 12;
const FULL_CIRCLE = Math.PI * 2;
const DEGREES = Math.PI / 180;

/** Devices at one place sit on rings around it: 6 on the first ring, 12 on the second, and so on. */
const STACK_SLOTS = 127;
const STACK_X = new Float32Array(STACK_SLOTS + 1);
const STACK_Y = new Float32Array(STACK_SLOTS + 1);
for (let slot = 1, ring = 1; slot <= STACK_SLOTS; ring++) {
  for (let step = 0; step < ring * 6 && slot <= STACK_SLOTS; step++, slot++) {
    const angle = (step / (ring * 6)) * FULL_CIRCLE - Math.PI / 2;
    STACK_X[slot] = Math.cos(angle) * ring;
    STACK_Y[slot] = Math.sin(angle) * ring;
  }
}
const STACK_REFRESH_MS = 1000;

/** Screen offset of a device in its stack, for markers of `radius`. */
export function stackOffset(rank: number, radius: number): { readonly x: number; readonly y: number } {
  const slot = Math.min(rank, STACK_SLOTS);
  const spacing = radius * 1.7;
  return { x: (STACK_X[slot] ?? 0) * spacing, y: (STACK_Y[slot] ?? 0) * spacing };
}

function groupOf(isCar: boolean, isStale: boolean, status: number): number {
  return (isCar ? 2 * STATUS_COUNT : 0) + (isStale ? 0 : STATUS_COUNT) + status;
}

/** Marker size grows with zoom so a dense city stays readable and a street view stays clickable. */
function markerRadius(zoom: number): number {
  if (zoom <= 11) return 2.5;
  if (zoom >= 16) return 6;
  return 2.5 + (zoom - 11) * 0.7;
}

export class FleetCanvasLayer extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  private context: CanvasRenderingContext2D | null = null;
  private frame = 0;
  private drawnRevision = -1;
  private isViewChanged = true;
  private screenX = new Float32Array(0);
  private screenY = new Float32Array(0);
  private group = new Uint8Array(0);
  private order = new Int32Array(0);
  private readonly grid = new HitGrid(16);
  private isGridCurrent = false;
  private selectedId: string | null = null;
  private theme: Theme;
  private colours: readonly string[];
  private unsubscribe: (() => void) | null = null;
  private clockTimer: ReturnType<typeof setInterval> | null = null;
  private stacksRefreshedAtMs = 0;

  constructor(
    private readonly model: FleetModel,
    theme: Theme,
    private readonly onPick: (deviceId: string | null) => void,
  ) {
    super();
    this.theme = theme;
    this.colours = statusColoursByCode(theme);
  }

  override onAdd(map: L.Map): this {
    const pane = map.getPane('fleetPane') ?? map.createPane('fleetPane');
    const canvas = L.DomUtil.create('canvas', 'fleet-canvas leaflet-zoom-animated', pane);
    canvas.dataset.testid = 'fleet-canvas';
    this.canvas = canvas;
    this.context = canvas.getContext('2d');
    map.on('move viewreset resize', this.onViewChange, this);
    map.on('zoomend moveend', this.onViewSettled, this);
    map.on('zoomanim', this.onZoomAnimation, this);
    map.on('click', this.onClick, this);
    this.unsubscribe = this.model.subscribe(() => this.requestDraw());
    // Staleness grows with time alone: redraw each second even when no data arrives.
    this.clockTimer = setInterval(() => this.requestDraw(true), 1000);
    this.onViewSettled();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('move viewreset resize', this.onViewChange, this);
    map.off('zoomend moveend', this.onViewSettled, this);
    map.off('zoomanim', this.onZoomAnimation, this);
    map.off('click', this.onClick, this);
    this.unsubscribe?.();
    if (this.clockTimer) clearInterval(this.clockTimer);
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.canvas?.remove();
    this.canvas = null;
    this.context = null;
    return this;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.colours = statusColoursByCode(theme);
    this.requestDraw(true);
  }

  setSelected(deviceId: string | null): void {
    this.selectedId = deviceId;
    this.requestDraw(true);
  }

  /** Page coordinates of a device's marker, or null when it is not on screen. */
  projectDevice(deviceId: string): PagePoint | null {
    const map = this.mapOrNull();
    const index = this.model.indexOf(deviceId);
    if (!map || index < 0) return null;
    const centre = map.latLngToContainerPoint([this.model.latitude[index] ?? 0, this.model.longitude[index] ?? 0]);
    const offset = stackOffset(this.model.stackRank[index] ?? 0, markerRadius(map.getZoom()));
    const point = { x: centre.x + offset.x, y: centre.y + offset.y };
    const size = map.getSize();
    if (point.x < 0 || point.y < 0 || point.x > size.x || point.y > size.y) return null;
    const box = map.getContainer().getBoundingClientRect();
    return { x: box.left + window.scrollX + point.x, y: box.top + window.scrollY + point.y };
  }

  private mapOrNull(): L.Map | null {
    return this.canvas ? this._map : null;
  }

  private requestDraw(isForced = false): void {
    if (isForced) this.isViewChanged = true;
    if (this.frame !== 0 || !this.canvas) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private onViewChange(): void {
    this.requestDraw(true);
  }

  /** Drawn at once, not on the next frame, so the zoom animation's transform is replaced without a flash. */
  private onViewSettled(): void {
    this.isViewChanged = true;
    this.draw();
  }

  private onZoomAnimation(event: L.ZoomAnimEvent): void {
    const map = this.mapOrNull();
    if (!map || !this.canvas) return;
    // Where Leaflet will put the view after the animation (its private _getNewPixelOrigin, in public calls).
    const panePosition = L.DomUtil.getPosition(map.getPane('mapPane') ?? map.getContainer());
    const newOrigin = map.project(event.center, event.zoom).subtract(map.getSize().divideBy(2)).add(panePosition).round();
    const topLeft = map.project(map.containerPointToLatLng([0, 0]), event.zoom).subtract(newOrigin);
    L.DomUtil.setTransform(this.canvas, topLeft, map.getZoomScale(event.zoom, map.getZoom()));
  }

  private onClick(event: L.LeafletMouseEvent): void {
    const canvas = this.canvas;
    const map = this.mapOrNull();
    if (!canvas || !map) return;
    if (!this.isGridCurrent) {
      this.grid.rebuild(this.screenX, this.screenY, this.model.count, canvas.clientWidth, canvas.clientHeight, (index) => this.group[index] !== OFF_SCREEN);
      this.isGridCurrent = true;
    }
    const point = map.containerPointToLayerPoint(event.containerPoint).subtract(L.DomUtil.getPosition(canvas));
    const index = this.grid.nearest(point.x, point.y, HIT_RADIUS_PX);
    this.onPick(index >= 0 ? (this.model.ids[index] ?? null) : null);
  }

  private ensureCapacity(count: number): void {
    if (this.screenX.length >= count) return;
    const capacity = Math.max(count, Math.ceil(this.screenX.length * 1.5));
    this.screenX = new Float32Array(capacity);
    this.screenY = new Float32Array(capacity);
    this.group = new Uint8Array(capacity);
    this.order = new Int32Array(capacity);
  }

  private draw(): void {
    const map = this.mapOrNull();
    const canvas = this.canvas;
    const context = this.context;
    if (!map || !canvas || !context) return;
    if (!this.isViewChanged && this.drawnRevision === this.model.revision) return;
    this.isViewChanged = false;
    this.drawnRevision = this.model.revision;
    this.isGridCurrent = false;

    const size = map.getSize();
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(canvas, topLeft);
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(size.x * ratio) || canvas.height !== Math.round(size.y * ratio)) {
      canvas.width = Math.round(size.x * ratio);
      canvas.height = Math.round(size.y * ratio);
      canvas.style.width = `${size.x}px`;
      canvas.style.height = `${size.y}px`;
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, size.x, size.y);

    if (this.model.isStackDirty && performance.now() - this.stacksRefreshedAtMs > STACK_REFRESH_MS) {
      this.model.refreshStacks();
      this.stacksRefreshedAtMs = performance.now();
    }
    const counts = this.place(map, size, topLeft);
    this.sortByGroup(counts);
    this.paint(context, markerRadius(map.getZoom()), counts);
  }

  /** Screen position and look of every device; counts per group. */
  private place(map: L.Map, size: L.Point, topLeft: L.Point): Int32Array {
    const model = this.model;
    const count = model.count;
    this.ensureCapacity(count);
    const worldSize = 256 * 2 ** map.getZoom();
    const origin = map.getPixelOrigin();
    const offsetX = -origin.x - topLeft.x;
    const offsetY = -origin.y - topLeft.y;
    const now = model.serverNow();
    const counts = new Int32Array(GROUPS + 1);
    const { projectedX, projectedY, status, kind, stackRank } = model;
    const spacing = markerRadius(map.getZoom()) * 1.7;
    for (let index = 0; index < count; index++) {
      const slot = Math.min(stackRank[index] ?? 0, STACK_SLOTS);
      const x = (projectedX[index] ?? 0) * worldSize + offsetX + (STACK_X[slot] ?? 0) * spacing;
      const y = (projectedY[index] ?? 0) * worldSize + offsetY + (STACK_Y[slot] ?? 0) * spacing;
      this.screenX[index] = x;
      this.screenY[index] = y;
      if (x < -EDGE_MARGIN_PX || y < -EDGE_MARGIN_PX || x > size.x + EDGE_MARGIN_PX || y > size.y + EDGE_MARGIN_PX) {
        this.group[index] = OFF_SCREEN;
        continue;
      }
      const group = groupOf(kind[index] === CAR, model.isStaleAt(index, now), status[index] ?? 0);
      this.group[index] = group;
      counts[group + 1] = (counts[group + 1] ?? 0) + 1;
    }
    for (let group = 0; group < GROUPS; group++) counts[group + 1] = (counts[group + 1] ?? 0) + (counts[group] ?? 0);
    return counts;
  }

  /** Counting sort of on-screen devices into `order`, grouped. `starts[g]..starts[g+1]` is group g. */
  private sortByGroup(starts: Int32Array): void {
    const cursor = starts.slice(0, GROUPS);
    for (let index = 0; index < this.model.count; index++) {
      const group = this.group[index] ?? OFF_SCREEN;
      if (group === OFF_SCREEN) continue;
      const slot = cursor[group] ?? 0;
      this.order[slot] = index;
      cursor[group] = slot + 1;
    }
  }

  private paint(context: CanvasRenderingContext2D, radius: number, starts: Int32Array): void {
    const isDark = this.theme === 'dark';
    const outline = isDark ? 'rgba(6, 10, 16, 0.75)' : 'rgba(255, 255, 255, 0.85)';
    const half = radius * 0.9;
    for (let group = 0; group < GROUPS; group++) {
      const start = starts[group] ?? 0;
      const end = starts[group + 1] ?? 0;
      if (start === end) continue;
      const isCar = group >= 2 * STATUS_COUNT;
      const isStale = group % (2 * STATUS_COUNT) < STATUS_COUNT;
      const colour = this.colours[group % STATUS_COUNT] ?? '#888888';
      context.beginPath();
      for (let slot = start; slot < end; slot++) {
        const index = this.order[slot] ?? 0;
        const x = this.screenX[index] ?? 0;
        const y = this.screenY[index] ?? 0;
        if (isCar) {
          context.moveTo(x + radius, y);
          context.arc(x, y, radius, 0, FULL_CIRCLE);
        } else {
          context.rect(x - half, y - half, half * 2, half * 2);
        }
      }
      if (isStale) {
        // Hollow and dimmed: the last known state, no longer vouched for.
        context.lineWidth = 1.25;
        context.strokeStyle = withOpacity(colour, STALE_OPACITY);
        context.stroke();
      } else {
        context.fillStyle = colour;
        context.fill();
        context.lineWidth = 1;
        context.strokeStyle = outline;
        context.stroke();
        if (isCar) this.paintHeadings(context, radius, start, end, colour);
      }
    }
    this.paintSelection(context, radius);
  }

  /** A short tick in the direction of travel for cars that are moving. */
  private paintHeadings(context: CanvasRenderingContext2D, radius: number, start: number, end: number, colour: string): void {
    context.beginPath();
    let hasAny = false;
    for (let slot = start; slot < end; slot++) {
      const index = this.order[slot] ?? 0;
      if ((this.model.speed[index] ?? 0) <= 0) continue;
      const angle = (this.model.heading[index] ?? 0) * DEGREES;
      const dx = Math.sin(angle);
      const dy = -Math.cos(angle);
      const x = this.screenX[index] ?? 0;
      const y = this.screenY[index] ?? 0;
      context.moveTo(x + dx * radius, y + dy * radius);
      context.lineTo(x + dx * (radius + 5), y + dy * (radius + 5));
      hasAny = true;
    }
    if (!hasAny) return;
    context.lineWidth = 1.5;
    context.strokeStyle = colour;
    context.stroke();
  }

  private paintSelection(context: CanvasRenderingContext2D, radius: number): void {
    if (this.selectedId === null) return;
    const index = this.model.indexOf(this.selectedId);
    if (index < 0 || this.group[index] === OFF_SCREEN) return;
    const x = this.screenX[index] ?? 0;
    const y = this.screenY[index] ?? 0;
    context.beginPath();
    context.arc(x, y, radius + 5, 0, FULL_CIRCLE);
    context.lineWidth = 4;
    context.strokeStyle = this.theme === 'dark' ? 'rgba(0, 0, 0, 0.6)' : 'rgba(255, 255, 255, 0.8)';
    context.stroke();
    context.lineWidth = 2;
    context.strokeStyle = this.theme === 'dark' ? '#f5f7fa' : '#111820';
    context.stroke();
  }
}
