/**
 * The whole fleet on two canvases (CanvasStack): a Leaflet layer that draws straight from the
 * FleetModel's typed arrays, at most once per animation frame and only when something on screen changed.
 * At low zoom, or with too many devices in view, it shows clusters built by a worker (drawing the last
 * ones while the worker builds the next) and repaints them only when they look different; otherwise it
 * draws the devices near the view (DeviceRegion), not the whole fleet, at most every
 * DATA_REDRAW_INTERVAL_MS for data alone. The selected device is always drawn, and drawn on top.
 * Devices with an alarm get a ring in its severity's colour, and clusters a dot with how many they hold,
 * redrawn when the alarms change (AlarmLevels), not looked up per frame.
 */
import L from 'leaflet';
import type { Theme } from '../../../shared/bridge.js';
import type { FleetChange, FleetModel } from '../sync/fleet-model.js';
import type { MapState, PagePoint } from '../testing/test-hook.js';
import { noteDrawnRevision } from '../testing/test-hook.js';
import { severityColour, statusColoursByCode } from '../ui/status-colours.js';
import { ALARM_LEVEL_COUNT, severityOfLevel, type AlarmLevels } from './alarm-levels.js';
import { boxBetween, devicesInBox } from './box-hits.js';
import { BoxMarks } from './box-marks.js';
import { CanvasStack } from './canvas-stack.js';
import { ClusterClient } from './cluster-client.js';
import { BUCKET_COUNT, type ClusterSet } from './cluster-grid.js';
import { ClusterPainter } from './cluster-painter.js';
import { DevicePainter, type DeviceLook } from './device-painter.js';
import { DeviceRegion } from './device-region.js';
import { DrawnMarks } from './drawn-marks.js';
import { CLUSTER_CELL_PX, CLUSTER_MERGE_PX, MIN_CLUSTER_SIZE, chooseMode, type DisplayMode } from './display-mode.js';
import { countInView, fillClusterInput } from './fleet-scan.js';
import { LayerPointer, type PointerEvents } from './layer-pointer.js';
import { MapPicker } from './map-picker.js';
import { markerRadius, stackSpacing, worldSizeAt, type ViewFrame } from './marker-geometry.js';
import { ZoomHold } from './zoom-hold.js';

/** Which devices pass the filters (a FleetView). */
export interface ShownDevices {
  readonly shown: Uint8Array;
  readonly shownCount: number;
  readonly isActive: boolean;
  readonly revision: number;
  subscribe(listener: () => void): () => void;
}

export type FleetLayerEvents = PointerEvents;

/** What the layer reads of the devices' alarms. */
export type AlarmRings = Pick<AlarmLevels, 'levels' | 'alarmed' | 'subscribe'>;

function lookOf(theme: Theme): DeviceLook {
  const alarmColours = Array.from({ length: ALARM_LEVEL_COUNT + 1 }, (_, level) => {
    const severity = severityOfLevel(level);
    return severity ? severityColour(severity, theme) : '';
  });
  return { theme, colours: statusColoursByCode(theme), alarmColours };
}

const DATA_REDRAW_INTERVAL_MS = 200;
const STACK_REFRESH_MS = 500;
/**
 * Time a frame may spend making a new zoom's cluster glyphs while the map waits for them: a zoom needs a
 * new glyph for nearly every cluster on screen, and making them all in one frame held it for 20-45 ms.
 */
const GLYPH_BUDGET_MS = 6;

interface DrawStats {
  draws: number;
  lastMs: number;
  maxMs: number;
  totalMs: number;
}

export class FleetCanvasLayer extends L.Layer {
  private stack: CanvasStack | null = null;
  private frame = 0;
  private isDrawWanted = false;
  /** The view moved, resized or changed look: both canvases are repainted. */
  private isViewStale = true;
  /** What the devices' canvas shows changed. */
  private isDeviceLayerStale = true;
  /** The clusters the canvas shows, and the model revision they were built from; null when it shows none. */
  private paintedSet: ClusterSet | null = null;
  private paintedRevision = -1;
  private isZoomAnimating = false;
  private drawnClusters: ClusterSet | null = null;
  private mode: DisplayMode = 'devices';
  private isCountWanted = true;
  private wantedClusterZoom = Number.NaN;
  private readonly drawnMarks = new DrawnMarks();
  private dataRedrawTimer: ReturnType<typeof setTimeout> | null = null;
  private dataDrawnAtMs = 0;
  private clusterRevision = -1;
  private sentClusterRevision = -1;
  private readonly region = new DeviceRegion();
  private readonly devices: DevicePainter;
  private readonly clusters = new ClusterPainter();
  private clusterClient: ClusterClient | null = null;
  private readonly picker: MapPicker;
  private selectedId: string | null = null;
  private readonly boxed = new BoxMarks();
  private pointer: LayerPointer | null = null;
  private look: DeviceLook;
  private readonly stops: (() => void)[] = [];
  private clockTimer: ReturnType<typeof setInterval> | null = null;
  private stacksRefreshedAtMs = 0;
  private readonly stats: DrawStats = { draws: 0, lastMs: 0, maxMs: 0, totalMs: 0 };
  private hasShownFleet = false;
  /** The view the canvases were last drawn for. */
  private drawnFrame: ViewFrame | null = null;
  /** After a zoom, the canvases wait, scaled, for the new zoom's clusters (zoom-hold.ts). */
  private readonly hold = new ZoomHold(() => this.requestDraw('view'));
  /** The model's revision when its first snapshot arrived: a drawing of that or later shows the fleet. */
  private firstSnapshotRevision = -1;
  private fleetShownListener: (() => void) | null = null;

  constructor(
    private readonly model: FleetModel,
    private readonly view: ShownDevices,
    theme: Theme,
    private readonly events: FleetLayerEvents,
    private readonly alarms: AlarmRings | null = null,
  ) {
    super();
    this.look = lookOf(theme);
    this.devices = new DevicePainter(model);
    this.picker = new MapPicker(this.devices, this.clusters);
  }

  override onAdd(map: L.Map): this {
    const pane = map.getPane('fleetPane') ?? map.createPane('fleetPane');
    this.stack = new CanvasStack(pane);
    this.clusterClient = new ClusterClient(
      {
        deviceCount: () => this.model.count,
        fill: (x, y, bucket) => {
          fillClusterInput(this.model, this.shownMask(), this.model.serverNow(), x, y, bucket, this.alarms?.levels ?? null);
          this.sentClusterRevision = this.model.revision;
        },
      },
      () => this.onClusters(),
    );
    map.on('move viewreset resize', this.onViewChange, this);
    map.on('zoomend moveend', this.onViewSettled, this);
    map.on('zoomanim', this.onZoomAnimation, this);
    const stack = this.stack;
    this.pointer = new LayerPointer(map, stack.root, () => stack, this.picker, this.clusters, this.model, this.events, () => this.scheduleFrame());
    this.stops.push(this.model.subscribe((change) => this.onData(change)));
    // A map opened over a fleet the console already holds.
    if (this.model.epoch !== null && this.firstSnapshotRevision < 0) this.firstSnapshotRevision = this.model.revision;
    this.stops.push(
      this.view.subscribe(() => {
        this.wantClusters();
        this.requestDraw();
      }),
    );
    if (this.alarms) {
      this.stops.push(
        this.alarms.subscribe(() => {
          this.wantClusters();
          this.requestDraw();
        }),
      );
    }
    // Staleness grows with time alone: redraw (and recount) each second even when no data arrives.
    this.clockTimer = setInterval(() => {
      this.isCountWanted = true;
      this.wantClusters();
      this.requestDraw();
    }, 1000);
    this.onViewSettled();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('move viewreset resize', this.onViewChange, this);
    map.off('zoomend moveend', this.onViewSettled, this);
    map.off('zoomanim', this.onZoomAnimation, this);
    this.pointer?.dispose();
    this.pointer = null;
    for (const stop of this.stops) stop();
    this.stops.length = 0;
    if (this.clockTimer) clearInterval(this.clockTimer);
    if (this.dataRedrawTimer) clearTimeout(this.dataRedrawTimer);
    this.dataRedrawTimer = null;
    this.hold.end();
    this.clusterClient?.dispose();
    this.clusterClient = null;
    this.wantedClusterZoom = Number.NaN;
    this.drawnClusters = null;
    this.paintedSet = null;
    this.isViewStale = true;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.stack?.remove();
    this.stack = null;
    this.clusters.clear();
    this.region.invalidate();
    return this;
  }

  setTheme(theme: Theme): void {
    this.look = lookOf(theme);
    this.requestDraw('view');
  }

  setSelected(deviceId: string | null): void {
    this.selectedId = deviceId;
    this.requestDraw();
  }

  setBoxSelection(deviceIds: readonly string[]): void {
    this.boxed.set(deviceIds, this.model);
    this.requestDraw();
  }

  /** Shown devices whose markers lie in a box given in container pixels. */
  devicesInContainerBox(first: L.Point, second: L.Point): string[] {
    const map = this.mapOrNull();
    if (!map) return [];
    const origin = map.getPixelOrigin();
    const corner = (point: L.Point) => map.containerPointToLayerPoint(point).add(origin);
    const from = corner(first);
    const to = corner(second);
    const zoom = map.getZoom();
    const indices = devicesInBox(this.model, this.shownMask(), boxBetween(from.x, from.y, to.x, to.y), worldSizeAt(zoom), stackSpacing(markerRadius(zoom)));
    return Array.from(indices, (index) => this.model.ids[index] ?? '').filter((id) => id !== '');
  }

  /** Page coordinates of a device's marker as last drawn, or null when it is not drawn on its own. */
  projectDevice(deviceId: string): PagePoint | null {
    const index = this.model.indexOf(deviceId);
    const position = index >= 0 ? this.devices.positionOf(index) : null;
    return position && this.pointer ? this.pointer.toPage(position) : null;
  }

  /** For tests and the benchmark: what the map shows and what drawing it costs. */
  state(): MapState {
    const map = this.mapOrNull();
    const set = this.clusters.paintedSet;
    const visible = this.mode === 'clusters' && set ? Array.from(this.clusters.visibleClusters()) : [];
    return {
      zoom: map?.getZoom() ?? -1,
      mode: this.mode,
      clusterCount: visible.length,
      clusteredDevices: this.mode === 'clusters' ? this.clusters.visibleDevices : 0,
      drawnDevices: this.devices.drawnCount,
      shownDevices: this.view.isActive ? this.view.shownCount : this.model.count,
      clusterZoom: set?.zoom ?? -1,
      isClusteringPending: this.clusterClient?.isPending ?? false,
      clusterBuildMs: this.clusterClient?.lastBuildMs ?? 0,
      clusterSendMs: this.clusterClient?.lastSendMs ?? 0,
      clusterBuilds: this.clusterClient?.builds ?? 0,
      regionPasses: this.region.passes,
      draws: this.stats.draws,
      lastDrawMs: this.stats.lastMs,
      maxDrawMs: this.stats.maxMs,
      totalDrawMs: this.stats.totalMs,
      clusters: set
        ? visible.map((cluster) => {
            const position = this.clusters.positionOf(cluster);
            const point = this.pointer?.toPage(position ?? { x: 0, y: 0 }) ?? { x: 0, y: 0 };
            return { x: point.x, y: point.y, size: set.size[cluster] ?? 0, breakdown: Array.from(set.breakdown.subarray(cluster * BUCKET_COUNT, (cluster + 1) * BUCKET_COUNT)) };
          })
        : [],
    };
  }

  private shownMask(): Uint8Array | null {
    return this.view.isActive ? this.view.shown : null;
  }

  private mapOrNull(): L.Map | null {
    return this.stack ? this._map : null;
  }

  /** A draw on the next frame, of the devices' canvas or of both. */
  private requestDraw(scope: 'devices' | 'view' = 'devices'): void {
    if (scope === 'view') this.isViewStale = true;
    this.isDeviceLayerStale = true;
    this.isDrawWanted = true;
    this.scheduleFrame();
  }

  /** New data for the clusters: the worker is asked again (at most every RECLUSTER_INTERVAL_MS). */
  private wantClusters(): void {
    const map = this.mapOrNull();
    if (this.mode !== 'clusters' || !map) return;
    this.wantedClusterZoom = map.getZoom();
    this.clusterClient?.want({ zoom: this.wantedClusterZoom, cellPx: CLUSTER_CELL_PX, mergePx: CLUSTER_MERGE_PX, minClusterSize: MIN_CLUSTER_SIZE });
  }

  private onClusters(): void {
    this.clusterRevision = this.sentClusterRevision;
    this.requestDraw();
  }

  /**
   * A redraw for new data, at most every DATA_REDRAW_INTERVAL_MS: a device reports every few seconds,
   * so drawing its move a tenth of a second later shows nothing less, and every repaint of a canvas
   * costs the compositor a full-screen copy on a software canvas.
   */
  private requestDataDraw(): void {
    if (this.dataRedrawTimer) return;
    const wait = this.dataDrawnAtMs + DATA_REDRAW_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      this.requestDraw();
      return;
    }
    this.dataRedrawTimer = setTimeout(() => {
      this.dataRedrawTimer = null;
      this.requestDraw();
    }, wait);
  }

  private scheduleFrame(): void {
    if (this.frame !== 0 || !this.stack) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.isDrawWanted) this.draw();
      if (this.pointer?.isHoverWanted) this.pointer.updateHover();
    });
  }

  private onData(change: FleetChange): void {
    if (change.type === 'snapshot') {
      if (this.firstSnapshotRevision < 0) this.firstSnapshotRevision = this.model.revision;
      this.region.invalidate();
      this.isCountWanted = true;
      this.boxed.reindex(this.model);
      this.drawnMarks.reset(this.model.count);
      this.chooseModeNow();
      this.wantClusters();
      this.requestDraw('view');
      return;
    }
    this.region.noteChanged(change.indices, this.model);
    if (this.mode === 'devices') {
      this.requestDataDraw();
      return;
    }
    // Over clusters, a change repaints nothing until the worker has new clusters, unless it is to a
    // device drawn on its own: most deltas then leave both canvases, and the compositor, alone.
    this.wantClusters();
    if (this.drawnMarks.touches(change.indices)) this.requestDataDraw();
  }

  private onViewChange(): void {
    this.requestDraw('view');
  }

  /** Drawn at once, not on the next frame, so the zoom animation's transform is replaced without a flash. */
  private onViewSettled(): void {
    this.isZoomAnimating = false;
    this.isViewStale = true;
    this.isDeviceLayerStale = true;
    this.isCountWanted = true;
    if (this.holdForClusters()) return;
    this.draw();
    if (this.pointer?.hasPointer) this.pointer.isHoverWanted = true;
    this.scheduleFrame();
  }

  /** Over clusters, a new zoom waits for its own clusters with the canvases scaled (zoom-hold.ts); true when it does. */
  private holdForClusters(): boolean {
    const map = this.mapOrNull();
    const stack = this.stack;
    const drawn = this.drawnFrame;
    if (!map || !stack || !drawn || this.mode !== 'clusters' || map.getZoom() === drawn.zoom) return false;
    const zoom = map.getZoom();
    if (this.clusterClient?.latest?.zoom === zoom) return false;
    // Whether the new zoom shows clusters at all is known when they come: a pass over the fleet now would
    // only lengthen this task.
    this.wantClusters();
    this.hold.begin(stack.root, drawn, worldSizeAt(zoom), map.getPixelOrigin());
    this.requestDraw('view');
    return true;
  }

  /**
   * Whether the canvases still wait for the zoom's clusters, and for their glyphs, made a few a frame
   * meanwhile; when the wait ends, the whole view is redrawn.
   */
  private isHeld(map: L.Map): boolean {
    const latest = this.clusterClient?.latest;
    let isReady = this.mode !== 'clusters' || latest?.zoom === map.getZoom();
    if (isReady && latest && this.mode === 'clusters' && this.hold.isWaiting) {
      const frame = this.makeFrame(map, map.getSize(), map.containerPointToLayerPoint([0, 0]));
      isReady = this.clusters.prepare(frame, latest, this.look.theme, this.stack?.ratio ?? 1, this.look.alarmColours, GLYPH_BUDGET_MS);
      if (!isReady) this.requestDraw('view');
    }
    const hold = this.hold.check(isReady);
    if (hold === 'ended') this.isViewStale = true;
    return hold === 'waiting';
  }

  private onZoomAnimation(event: L.ZoomAnimEvent): void {
    this.isZoomAnimating = true;
    const map = this.mapOrNull();
    const root = this.stack?.root;
    if (!map || !root) return;
    // Where Leaflet will put the view after the animation (its private _getNewPixelOrigin, in public calls).
    const panePosition = L.DomUtil.getPosition(map.getPane('mapPane') ?? map.getContainer());
    const newOrigin = map.project(event.center, event.zoom).subtract(map.getSize().divideBy(2)).add(panePosition).round();
    const topLeft = map.project(map.containerPointToLatLng([0, 0]), event.zoom).subtract(newOrigin);
    L.DomUtil.setTransform(root, topLeft, map.getZoomScale(event.zoom, map.getZoom()));
  }

  private makeFrame(map: L.Map, size: L.Point, topLeft: L.Point): ViewFrame {
    const zoom = map.getZoom();
    const origin = map.getPixelOrigin();
    return {
      zoom,
      worldSize: worldSizeAt(zoom),
      offsetX: -origin.x - topLeft.x,
      offsetY: -origin.y - topLeft.y,
      width: size.x,
      height: size.y,
      radius: markerRadius(zoom),
      nowMs: this.model.serverNow(),
    };
  }

  private draw(): void {
    const map = this.mapOrNull();
    const stack = this.stack;
    const clusterContext = stack?.clusters;
    const deviceContext = stack?.devices;
    // Mid-zoom the canvases are scaled by CSS to follow the animation; they are redrawn when it ends.
    if (!map || !stack || !clusterContext || !deviceContext || this.isZoomAnimating || this.isHeld(map)) return;
    this.isDrawWanted = false;
    const clusters = this.clusterClient?.latest ?? null;
    const isNewSet = clusters !== this.drawnClusters;
    if (!this.isViewStale && !this.isDeviceLayerStale && !isNewSet) return;
    // Taken now: what this draw finds to do may ask for another draw.
    let isViewStale = this.isViewStale;
    this.isViewStale = false;
    this.isDeviceLayerStale = false;
    this.drawnClusters = clusters;
    const startedAt = performance.now();
    this.dataDrawnAtMs = startedAt;
    this.picker.invalidate();

    const size = map.getSize();
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(stack.root, topLeft);
    if (stack.resize(size.x, size.y, window.devicePixelRatio || 1)) isViewStale = true;
    const frame = this.makeFrame(map, size, topLeft);
    this.drawnFrame = frame;
    if (this.isCountWanted) {
      this.isCountWanted = false;
      // One pass over the fleet, when the view settles and once a second: not every frame.
      const mode = chooseMode(this.mode, frame.zoom, countInView(this.model, this.shownMask(), frame));
      if (mode !== this.mode) isViewStale = true;
      this.setMode(mode);
    }
    const selectedIndex = this.selectedId === null ? -1 : this.model.indexOf(this.selectedId);
    if (this.mode === 'clusters') this.drawClusters(clusterContext, deviceContext, frame, selectedIndex, isViewStale);
    else this.drawDevices(clusterContext, deviceContext, frame, selectedIndex);
    this.drawAlarmRings(deviceContext, frame);

    const elapsed = performance.now() - startedAt;
    this.stats.draws++;
    this.stats.lastMs = elapsed;
    this.stats.totalMs += elapsed;
    this.stats.maxMs = Math.max(this.stats.maxMs, elapsed);
    if (this.pointer?.hasPointer) this.pointer.isHoverWanted = true;
  }

  /** Rings round the alarmed devices drawn this frame: a pass over what was drawn, skipped when no device has an alarm. */
  private drawAlarmRings(deviceContext: CanvasRenderingContext2D, frame: ViewFrame): void {
    const stack = this.stack;
    const pulse = stack?.pulse ?? null;
    if (pulse) stack?.begin(pulse);
    const alarms = this.alarms;
    const halos = alarms && alarms.alarmed.length > 0 ? this.devices.alarmRings(deviceContext, pulse, frame.radius, this.look, alarms.levels, ALARM_LEVEL_COUNT) : 0;
    stack?.setPulsing(halos > 0);
  }

  /** Chooses between clusters and devices at once (a new fleet): the worker can start before the next frame. */
  private chooseModeNow(): void {
    const map = this.mapOrNull();
    if (!map) return;
    const frame = this.makeFrame(map, map.getSize(), map.containerPointToLayerPoint([0, 0]));
    this.isCountWanted = false;
    this.setMode(chooseMode(this.mode, frame.zoom, countInView(this.model, this.shownMask(), frame)));
  }

  private noteDrawn(revision: number): void {
    noteDrawnRevision(revision);
    if (this.hasShownFleet || this.firstSnapshotRevision < 0 || revision < this.firstSnapshotRevision) return;
    this.hasShownFleet = true;
    this.fleetShownListener?.();
  }

  /** Called once, the first time the canvas shows a whole snapshot of the fleet (at once if it has). */
  onFleetShown(listener: (() => void) | null): void {
    this.fleetShownListener = listener;
    if (listener && this.hasShownFleet) listener();
  }

  /** A new mode repaints both canvases on the next frame. */
  private setMode(mode: DisplayMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.wantClusters();
    this.requestDraw('view');
  }

  private drawDevices(clusterContext: CanvasRenderingContext2D, deviceContext: CanvasRenderingContext2D, frame: ViewFrame, selectedIndex: number): void {
    if (this.paintedSet) {
      this.stack?.begin(clusterContext);
      this.clusters.clear();
      this.paintedSet = null;
    }
    this.stack?.begin(deviceContext);
    this.devices.begin();
    const isNewRegion = this.region.cover(frame, this.model);
    // Devices park and leave: their places in a stack are recounted for the devices near the view only.
    const now = performance.now();
    if (isNewRegion || (this.model.isStackDirty && now - this.stacksRefreshedAtMs > STACK_REFRESH_MS)) {
      this.region.refreshStackRanks(this.model);
      this.stacksRefreshedAtMs = now;
    }
    const drawn = this.devices.paint(deviceContext, frame, this.look, this.region.indices, this.region.count, this.shownMask(), selectedIndex);
    if (!this.boxed.isEmpty) this.devices.outline(deviceContext, frame.radius, this.boxed.mask, this.look.theme);
    if (selectedIndex >= 0) this.devices.paintSelected(deviceContext, frame, this.look, selectedIndex);
    this.noteDrawn(this.model.revision);
    // Too many to draw as markers (the view was panned onto a dense area): clusters from the next frame.
    this.setMode(chooseMode(this.mode, frame.zoom, drawn));
  }

  private drawClusters(
    clusterContext: CanvasRenderingContext2D,
    deviceContext: CanvasRenderingContext2D,
    frame: ViewFrame,
    selectedIndex: number,
    isViewStale: boolean,
  ): void {
    if (frame.zoom !== this.wantedClusterZoom) this.wantClusters();
    // Until the worker answers, the last clusters stay on screen, wherever the zoom has gone since.
    let set = this.clusterClient?.latest ?? null;
    let revision = this.clusterRevision;
    const ratio = this.stack?.ratio ?? 1;
    const painted = this.paintedSet;
    // New clusters of the same zoom (the data changed) take the canvas once their glyphs are made, a few a
    // frame: most counts change between two sets, and making every glyph in the frame that paints them
    // held it for up to 45 ms. Meanwhile the painted clusters, whose glyphs are made, follow the view.
    if (set && painted && set !== painted && set.zoom === painted.zoom && !this.clusters.prepare(frame, set, this.look.theme, ratio, this.look.alarmColours, GLYPH_BUDGET_MS)) {
      set = painted;
      revision = this.paintedRevision;
      this.requestDraw();
    }
    if (set && (isViewStale || set !== painted) && this.clusters.update(frame, set, ratio, isViewStale || !painted)) {
      this.stack?.begin(clusterContext);
      this.clusters.paint(clusterContext, this.look.theme, ratio, this.look.alarmColours);
    }
    if (set) {
      this.paintedSet = set;
      this.paintedRevision = revision;
    }
    this.stack?.begin(deviceContext);
    this.devices.begin();
    if (selectedIndex >= 0 && !set) this.devices.paintSelected(deviceContext, frame, this.look, selectedIndex);
    if (!set) return;
    if (set.zoom === frame.zoom) this.noteDrawn(revision);
    const shown = this.shownMask();
    const singles = this.devices.paint(deviceContext, frame, this.look, set.singles, set.singles.length, shown, selectedIndex);
    if (!this.boxed.isEmpty) {
      this.devices.paint(deviceContext, frame, this.look, this.boxed.indices, this.boxed.indices.length, shown, selectedIndex);
      this.devices.outline(deviceContext, frame.radius, this.boxed.mask, this.look.theme);
    }
    if (selectedIndex >= 0) this.devices.paintSelected(deviceContext, frame, this.look, selectedIndex);
    this.drawnMarks.mark(this.devices.drawnIndex, this.devices.drawnCount, this.model.count);
    this.setMode(chooseMode(this.mode, frame.zoom, this.clusters.visibleDevices + singles));
  }
}
