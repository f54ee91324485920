/**
 * The main thread's side of the cluster worker: asks for clusters at most every RECLUSTER_INTERVAL_MS
 * while data changes and at once when the zoom changes, keeps one request in flight, and reuses the
 * arrays the worker hands back. The map keeps drawing the latest clusters it has while the worker works.
 * Where no worker can be started, the same code runs on the main thread, off the frame.
 */
import { buildClusters, type ClusterOptions, type ClusterSet } from './cluster-grid.js';
import { transferablesOf, type ClusterRequest, type ClusterResponse } from './cluster-protocol.js';

export const RECLUSTER_INTERVAL_MS = 300;

/** What the worker needs of the fleet, written into arrays the client owns. */
export interface ClusterSource {
  deviceCount(): number;
  /** Writes projected positions and each device's bucket (HIDDEN_BUCKET when filtered out). */
  fill(x: Float64Array, y: Float64Array, bucket: Uint8Array): void;
}

/** The part of a Worker the client uses, so tests can stand in for one. */
export interface ClusterWorkerPort {
  postMessage(message: ClusterRequest, options: { transfer: Transferable[] }): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ClusterResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

export function startClusterWorker(): ClusterWorkerPort | null {
  try {
    return new Worker(new URL('./cluster-worker.ts', import.meta.url), { type: 'module', name: 'clusters' });
  } catch (error) {
    console.warn('Cluster worker unavailable; clustering on the main thread', error);
    return null;
  }
}

interface Arrays {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly bucket: Uint8Array;
}

export class ClusterClient {
  /** The newest clusters, possibly for another zoom than the current one while new ones are built. */
  latest: ClusterSet | null = null;
  lastBuildMs = 0;
  /** Main-thread cost of the latest request: filling its arrays and posting them. */
  lastSendMs = 0;
  builds = 0;
  private wanted: ClusterOptions | null = null;
  private isDirty = false;
  private inFlight = false;
  private nextId = 1;
  private sentAtMs = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private spare: Arrays | null = null;
  private worker: ClusterWorkerPort | null;
  private isDisposed = false;

  constructor(
    private readonly source: ClusterSource,
    private readonly onClusters: () => void,
    startWorker: () => ClusterWorkerPort | null = startClusterWorker,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.worker = startWorker();
    this.worker?.addEventListener('message', (event) => this.receive(event.data));
    this.worker?.addEventListener('error', (event) => this.abandonWorker(event));
  }

  /** True while clusters for the wanted options and data are still to come. */
  get isPending(): boolean {
    return this.isDirty || this.inFlight;
  }

  /**
   * Clusters are wanted for `options` over the fleet as it is now. A zoom change is sent at once; data
   * changes at most every RECLUSTER_INTERVAL_MS.
   */
  want(options: ClusterOptions): void {
    const isNewZoom = this.wanted?.zoom !== options.zoom;
    this.wanted = options;
    this.isDirty = true;
    this.schedule(isNewZoom);
  }

  dispose(): void {
    this.isDisposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.worker?.terminate();
    this.worker = null;
  }

  private schedule(isUrgent: boolean): void {
    if (this.inFlight || this.isDisposed) return;
    if (isUrgent) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.send();
      return;
    }
    if (this.timer) return;
    const delay = Math.max(0, this.sentAtMs + RECLUSTER_INTERVAL_MS - this.clock());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.send();
    }, delay);
  }

  private send(): void {
    const options = this.wanted;
    if (!this.isDirty || !options || this.inFlight || this.isDisposed) return;
    this.isDirty = false;
    this.inFlight = true;
    this.sentAtMs = this.clock();
    const startedAt = performance.now();
    const count = this.source.deviceCount();
    const arrays = this.spare && this.spare.bucket.length === count ? this.spare : { x: new Float64Array(count), y: new Float64Array(count), bucket: new Uint8Array(count) };
    this.spare = null;
    this.source.fill(arrays.x, arrays.y, arrays.bucket);
    const request: ClusterRequest = { id: this.nextId++, options, count, ...arrays };
    const worker = this.worker;
    if (worker) {
      worker.postMessage(request, { transfer: transferablesOf(request) });
      this.lastSendMs = performance.now() - startedAt;
      return;
    }
    // No worker: build on the main thread, but in a task of its own rather than inside a frame.
    setTimeout(() => {
      const startedAt = this.clock();
      const clusters = buildClusters({ ...arrays, count }, options);
      this.receive({ id: request.id, clusters, buildMs: this.clock() - startedAt, ...arrays });
    }, 0);
  }

  private receive(response: ClusterResponse): void {
    if (this.isDisposed) return;
    this.inFlight = false;
    this.spare = { x: response.x, y: response.y, bucket: response.bucket };
    this.latest = response.clusters;
    this.lastBuildMs = response.buildMs;
    this.builds++;
    this.onClusters();
    if (this.isDirty) this.schedule(this.wanted?.zoom !== response.clusters.zoom);
  }

  private abandonWorker(event: Event): void {
    console.warn('Cluster worker failed; clustering on the main thread', event);
    this.worker?.terminate();
    this.worker = null;
    if (!this.inFlight) return;
    this.inFlight = false;
    this.isDirty = true;
    this.schedule(true);
  }
}
