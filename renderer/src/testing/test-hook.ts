/**
 * A read-only window handle for end-to-end tests and benchmarks only: how many devices the console
 * holds, which version, and where a device's marker is on the page so a test can click it.
 */
import type { FleetModel } from '../sync/fleet-model.js';

export interface PagePoint {
  readonly x: number;
  readonly y: number;
}

export interface FleetTestHook {
  deviceCount(): number;
  version(): number;
  projectDevice(deviceId: string): PagePoint | null;
  /** The model's revision now, and the one the map's canvas last showed in full (-1 until the map reports). */
  revision(): number;
  drawnRevision(): number;
  /** What the map shows (clusters or devices) and what drawing it costs; null while no map is shown. */
  mapState(): MapState | null;
}

/** A cluster on screen, in page pixels, with its counts by breakdown bucket (status code, then stale). */
export interface MapCluster {
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly breakdown: readonly number[];
}

export interface MapState {
  readonly zoom: number;
  readonly mode: 'devices' | 'clusters';
  /** Clusters on screen, and the devices in them. */
  readonly clusterCount: number;
  readonly clusteredDevices: number;
  /** Devices drawn as themselves in the last frame (singles and the selected one included). */
  readonly drawnDevices: number;
  readonly shownDevices: number;
  readonly clusterZoom: number;
  readonly isClusteringPending: boolean;
  readonly clusterBuildMs: number;
  /** Main-thread cost of the latest request to the cluster worker (filling and posting its arrays). */
  readonly clusterSendMs: number;
  readonly clusterBuilds: number;
  /** Full passes over the fleet made to find the devices near the view. */
  readonly regionPasses: number;
  /** Canvas draws and their cost in milliseconds (JavaScript time inside the draw). */
  readonly draws: number;
  readonly lastDrawMs: number;
  readonly maxDrawMs: number;
  readonly totalDrawMs: number;
  readonly clusters: readonly MapCluster[];
}

declare global {
  interface Window {
    readonly __cyberponiesFleet?: FleetTestHook;
  }
}

type Projector = (deviceId: string) => PagePoint | null;
let projector: Projector | null = null;
let drawnRevision = -1;

/** The map layer reports each model revision once its canvas shows it (clusters included): benchmarks wait on it. */
export function noteDrawnRevision(revision: number): void {
  drawnRevision = revision;
}

let mapProbe: (() => MapState) | null = null;

/** The map layer registers how to read its state while it is shown. */
export function setMapProbe(next: (() => MapState) | null): void {
  mapProbe = next;
}

/** The map layer registers how to find a device on screen while it is shown. */
export function setDeviceProjector(next: Projector | null): void {
  projector = next;
}

export function installTestHook(model: FleetModel): void {
  const hook: FleetTestHook = Object.freeze({
    deviceCount: () => model.count,
    version: () => model.version,
    projectDevice: (deviceId: string) => projector?.(deviceId) ?? null,
    revision: () => model.revision,
    drawnRevision: () => drawnRevision,
    mapState: () => mapProbe?.() ?? null,
  });
  Object.defineProperty(window, '__cyberponiesFleet', { value: hook, writable: false, configurable: false });
}
