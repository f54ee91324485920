/**
 * The page's side of the tile worker: one worker for every tile layer, a promise per tile. A tile the
 * worker may not fetch (a tile server without CORS, a policy) or a page without workers gets `null`,
 * and the layer loads that tile itself as an image.
 */
import type { TileAnswer, TileLoad, TileRequest } from './tile-protocol.js';

/** The part of a Worker the client uses, so tests can stand in for one. */
export interface TileWorkerPort {
  postMessage(message: TileRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<TileAnswer>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
}

interface Pending {
  resolve(bitmap: ImageBitmap | null): void;
  reject(error: Error): void;
}

export class TileClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Tiles asked for in this task, sent together at its end. */
  private toSend: TileLoad[] = [];

  constructor(private worker: TileWorkerPort | null) {
    worker?.addEventListener('message', (event) => this.onAnswer(event.data));
    worker?.addEventListener('error', () => {
      // A worker that failed to start or crashed: every tile, now and later, is loaded by the page.
      this.worker = null;
      for (const waiting of this.pending.values()) waiting.resolve(null);
      this.pending.clear();
      this.toSend = [];
    });
  }

  /**
   * The tile fetched, decoded and filtered; null when the page must load it itself. Rejects when the
   * tile server answered with an error. `signal` cancels the work when the map drops the tile.
   */
  load(url: string, filter: string, width: number, height: number, signal: AbortSignal): Promise<ImageBitmap | null> {
    if (!this.worker) return Promise.resolve(null);
    if (signal.aborted) return Promise.reject(new DOMException('The map dropped the tile', 'AbortError'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      signal.addEventListener(
        'abort',
        () => {
          if (!this.pending.delete(id)) return;
          const unsent = this.toSend.findIndex((tile) => tile.id === id);
          if (unsent >= 0) this.toSend.splice(unsent, 1);
          else this.worker?.postMessage({ type: 'cancel', id });
          reject(new DOMException('The map dropped the tile', 'AbortError'));
        },
        { once: true },
      );
      if (this.toSend.length === 0) queueMicrotask(() => this.send());
      this.toSend.push({ id, url, filter, width, height });
    });
  }

  private send(): void {
    const tiles = this.toSend;
    this.toSend = [];
    if (tiles.length > 0) this.worker?.postMessage({ type: 'load', tiles });
  }

  private onAnswer(message: TileAnswer): void {
    const waiting = this.pending.get(message.id);
    if (!waiting) {
      if ('bitmap' in message) message.bitmap.close();
      return;
    }
    this.pending.delete(message.id);
    if ('bitmap' in message) waiting.resolve(message.bitmap);
    else if (message.isRefused) waiting.resolve(null);
    else waiting.reject(new Error(message.error));
  }
}

let shared: TileClient | null = null;

/** The one tile worker, started when the first tile layer needs it. */
export function sharedTileClient(): TileClient {
  if (!shared) {
    let worker: TileWorkerPort | null = null;
    try {
      worker = new Worker(new URL('./tile-worker.ts', import.meta.url), { type: 'module', name: 'tiles' });
    } catch (error) {
      console.warn('Tile worker unavailable; tiles are loaded on the main thread', error);
    }
    shared = new TileClient(worker);
  }
  return shared;
}
