/**
 * Base tiles with the dark theme's colour filter applied once per tile, when it loads, rather than a CSS
 * filter over the whole tile pane: on a software compositor (no GPU, as in the benchmark and in thin
 * clients) a CSS filter is applied again to the whole map on every frame in which anything over it
 * changes.
 *
 * Each tile is a canvas the filtered image is drawn into. Measured with 100,000 devices over 256-pixel
 * street tiles (npm run bench:console), against handing the filtered tile back as an image (a PNG encoded
 * by toBlob, then decoded again): street view frame p95 16.7 ms instead of 33.3 ms, pan and zoom p95
 * 33.3 ms instead of 50 ms, and a third less compositor work.
 *
 * Fetching, decoding and filtering a screenful of tiles was most of what a zoom cost the page's main
 * thread (about 10 ms a tile on one core): the tile worker does all three (tile-worker.ts) and the tile's
 * canvas takes over the finished bitmap. A tile the worker may not fetch (a server without CORS) is
 * loaded as an image and filtered here, as before. Dispatchers zoom in and out over the same districts
 * all day: the last FILTERED_TILES_KEPT filtered tiles are kept and handed back as they are when the map
 * shows them again.
 */
import L from 'leaflet';
import { sharedTileClient } from './tile-client.js';

export const DARK_TILE_FILTER = 'invert(1) hue-rotate(180deg) brightness(0.78) contrast(0.9) saturate(0.35)';

/** About five screenfuls at 1920×1080, 64 MB of pixels. */
export const FILTERED_TILES_KEPT = 256;
/**
 * Tiles filtered in one frame. A zoom asks for a screenful at once, and filtering them in the frame their
 * images arrive in held it for 150–250 ms on one core; three a frame fill the screen within half a second.
 */
const TILES_PER_FRAME = 3;
/**
 * Tiles decoded at once, off the main thread. A screenful decoded all together takes every core the
 * page has (one, in the benchmark) from the frames for a quarter of a second.
 */
const DECODES_AT_ONCE = 2;

interface DecodedTile {
  readonly url: string;
  readonly tile: HTMLCanvasElement;
  readonly image: ImageBitmap;
  /** Filtered by the tile worker already: the canvas takes the bitmap over as it is. */
  readonly isFiltered: boolean;
  readonly done: L.DoneCallback;
}

export class FilteredTileLayer extends L.TileLayer {
  /** Filtered tiles by URL, least recently shown first. */
  private readonly kept = new Map<string, HTMLCanvasElement>();
  private readonly decoded: DecodedTile[] = [];
  private frame = 0;
  private decoding = 0;
  private readonly toDecode: (() => void)[] = [];
  private readonly loading = new Map<HTMLElement, AbortController>();

  constructor(
    url: string,
    options: L.TileLayerOptions,
    private readonly tileFilter: string | null,
  ) {
    super(url, options);
    // A tile the map drops before it is ready (zoomed past) is not worth the worker's time.
    this.on('tileunload', (event: L.TileEvent) => {
      this.loading.get(event.tile)?.abort();
      this.loading.delete(event.tile);
    });
  }

  protected override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    const filter = this.tileFilter;
    if (filter === null) return super.createTile(coords, done);
    const url = this.getTileUrl(coords);
    const kept = this.kept.get(url);
    // A world shown twice side by side (zoomed far out) has the same tile twice at once.
    if (kept && !kept.isConnected) {
      this.kept.delete(url);
      this.kept.set(url, kept);
      // Leaflet records the tile after createTile returns, and ignores a tile ready before that.
      queueMicrotask(() => done(undefined, kept));
      return kept;
    }
    const size = this.getTileSize();
    const ratio = window.devicePixelRatio || 1;
    const tile = document.createElement('canvas');
    tile.width = Math.round(size.x * ratio);
    tile.height = Math.round(size.y * ratio);
    tile.setAttribute('role', 'presentation');
    const fail = () => done(new Error(`Tile ${coords.z}/${coords.x}/${coords.y} did not load`), tile);
    const loadOnPage = (isCors: boolean) => {
      const source = new Image();
      if (isCors) source.crossOrigin = 'anonymous';
      source.onload = () => this.decode(source).then((image) => this.enqueue({ url, tile, image, isFiltered: false, done }), fail);
      // A tile server that does not allow CORS still gives an image a canvas can show: drawn without
      // CORS, it only taints the canvas, which nothing reads back.
      source.onerror = isCors ? () => loadOnPage(false) : fail;
      source.src = url;
    };
    const controller = new AbortController();
    this.loading.set(tile, controller);
    sharedTileClient()
      .load(url, filter, tile.width, tile.height, controller.signal)
      .then(
        (image) => {
          this.loading.delete(tile);
          if (image) this.enqueue({ url, tile, image, isFiltered: true, done });
          else loadOnPage(true);
        },
        () => {
          this.loading.delete(tile);
          if (!controller.signal.aborted) fail();
        },
      );
    return tile;
  }

  override onRemove(map: L.Map): this {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    for (const { image } of this.decoded.splice(0)) image.close();
    for (const controller of this.loading.values()) controller.abort();
    this.loading.clear();
    return super.onRemove(map);
  }

  private decode(source: HTMLImageElement): Promise<ImageBitmap> {
    return new Promise((resolve, reject) => {
      const start = () => {
        this.decoding++;
        createImageBitmap(source)
          .then(resolve, reject)
          .finally(() => {
            this.decoding--;
            this.toDecode.shift()?.();
          });
      };
      if (this.decoding < DECODES_AT_ONCE) start();
      else this.toDecode.push(start);
    });
  }

  private enqueue(decoded: DecodedTile): void {
    this.decoded.push(decoded);
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.filterSome());
  }

  private filterSome(): void {
    this.frame = 0;
    const filter = this.tileFilter ?? 'none';
    for (let drawn = 0; drawn < TILES_PER_FRAME; ) {
      const next = this.decoded.shift();
      if (!next) break;
      const { url, tile, image, isFiltered, done } = next;
      // A tile the map dropped while it waited (zoomed past) is not worth a frame's work.
      if (!tile.isConnected) {
        image.close();
        continue;
      }
      drawn++;
      if (isFiltered) {
        const context = tile.getContext('bitmaprenderer');
        if (!context) {
          image.close();
          done(new Error(`Tile ${url} has no canvas to show it in`), tile);
          continue;
        }
        context.transferFromImageBitmap(image);
      } else {
        const context = tile.getContext('2d');
        if (!context) {
          image.close();
          done(new Error(`Tile ${url} has no canvas to draw in`), tile);
          continue;
        }
        context.filter = filter;
        context.drawImage(image, 0, 0, tile.width, tile.height);
        image.close();
      }
      this.keep(url, tile);
      done(undefined, tile);
    }
    if (this.decoded.length > 0) this.frame = requestAnimationFrame(() => this.filterSome());
  }

  private keep(url: string, tile: HTMLCanvasElement): void {
    this.kept.set(url, tile);
    for (const [oldest] of this.kept) {
      if (this.kept.size <= FILTERED_TILES_KEPT) break;
      this.kept.delete(oldest);
    }
  }
}
