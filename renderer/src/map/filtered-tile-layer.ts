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
 * Decoding and filtering a screenful of tiles is most of what a zoom costs the page (about 10 ms a tile
 * on one core), and dispatchers zoom in and out over the same districts all day: the last
 * FILTERED_TILES_KEPT filtered tiles are kept and handed back as they are when the map shows them again.
 */
import L from 'leaflet';

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
  readonly done: L.DoneCallback;
}

export class FilteredTileLayer extends L.TileLayer {
  /** Filtered tiles by URL, least recently shown first. */
  private readonly kept = new Map<string, HTMLCanvasElement>();
  private readonly decoded: DecodedTile[] = [];
  private frame = 0;
  private decoding = 0;
  private readonly toDecode: (() => void)[] = [];

  constructor(
    url: string,
    options: L.TileLayerOptions,
    private readonly tileFilter: string | null,
  ) {
    super(url, options);
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
    const load = (isCors: boolean) => {
      const source = new Image();
      if (isCors) source.crossOrigin = 'anonymous';
      source.onload = () => this.decode(source).then((image) => this.enqueue({ url, tile, image, done }), fail);
      // A tile server that does not allow CORS still gives an image a canvas can show: drawn without
      // CORS, it only taints the canvas, which nothing reads back.
      source.onerror = isCors ? () => load(false) : fail;
      source.src = url;
    };
    load(true);
    return tile;
  }

  override onRemove(map: L.Map): this {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    for (const { image } of this.decoded.splice(0)) image.close();
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
      const { url, tile, image, done } = next;
      // A tile the map dropped while it waited (zoomed past) is not worth a frame's work.
      if (tile.isConnected) {
        const context = tile.getContext('2d');
        if (context) {
          context.filter = filter;
          context.drawImage(image, 0, 0, tile.width, tile.height);
          this.keep(url, tile);
          done(undefined, tile);
        } else {
          done(new Error(`Tile ${url} has no canvas to draw in`), tile);
        }
        drawn++;
      }
      image.close();
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
