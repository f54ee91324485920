/**
 * Base tiles with the dark theme's colour filter applied once per tile, when it loads, rather than a
 * CSS filter over the whole tile pane. On a software compositor (no GPU, as in the benchmark and in thin
 * clients) a CSS filter is applied again to the whole map on every frame in which anything over it
 * changes (measured with 100,000 devices while dragging and zooming: 280 frames in 9 s with the CSS
 * filter, 446 with the filter baked into the tiles — but see below). The filtered tile is handed back as
 * an image from a blob: URL, which the console's Content-Security-Policy must allow (img-src blob:).
 *
 * Caution: those two figures were taken while that policy still refused the blob: images, that is with
 * no tiles drawn at all; with tiles shown the benchmark's street and pan-and-zoom views miss their frame
 * targets, so which way of darkening tiles is cheapest is still to be measured.
 */
import L from 'leaflet';

export const DARK_TILE_FILTER = 'invert(1) hue-rotate(180deg) brightness(0.78) contrast(0.9) saturate(0.35)';

export class FilteredTileLayer extends L.TileLayer {
  /** One canvas to filter every tile in: toBlob takes its copy at once, so the next tile may reuse it. */
  private scratch: HTMLCanvasElement | null = null;
  /** The source each tile waits for: a tile Leaflet dropped ignores what arrives for it afterwards. */
  private readonly loading = new WeakMap<HTMLImageElement, HTMLImageElement>();

  constructor(
    url: string,
    options: L.TileLayerOptions,
    private readonly tileFilter: string | null,
  ) {
    super(url, options);
    this.on('tileunload', (event: L.TileEvent) => {
      const tile = event.tile;
      if (tile instanceof HTMLImageElement && tile.src.startsWith('blob:')) URL.revokeObjectURL(tile.src);
      if (tile instanceof HTMLImageElement) this.loading.delete(tile);
    });
  }

  protected override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    if (this.tileFilter === null) return super.createTile(coords, done);
    const tile = document.createElement('img');
    tile.alt = '';
    tile.setAttribute('role', 'presentation');
    const source = new Image();
    source.crossOrigin = 'anonymous';
    source.decoding = 'async';
    this.loading.set(tile, source);
    const url = this.getTileUrl(coords);
    const fail = () => {
      if (this.loading.get(tile) === source) done(new Error(`Tile ${coords.z}/${coords.x}/${coords.y} did not load`), tile);
    };
    // A tile server that does not allow CORS cannot be filtered in a canvas: show its tile with the
    // filter in CSS (slower to composite, but dark), and count a real failure only if that fails too.
    source.onerror = () => {
      if (this.loading.get(tile) !== source) return;
      tile.style.filter = this.tileFilter ?? 'none';
      tile.onload = () => done(undefined, tile);
      tile.onerror = fail;
      tile.src = url;
    };
    source.onload = () => {
      if (this.loading.get(tile) !== source) return;
      const canvas = this.filtered(source);
      if (!canvas) return fail();
      canvas.toBlob((blob) => {
        if (this.loading.get(tile) !== source || !blob) return;
        tile.onload = () => done(undefined, tile);
        tile.onerror = fail;
        tile.src = URL.createObjectURL(blob);
      });
    };
    source.src = url;
    return tile;
  }

  private filtered(source: HTMLImageElement): HTMLCanvasElement | null {
    const size = this.getTileSize();
    const ratio = window.devicePixelRatio || 1;
    this.scratch ??= document.createElement('canvas');
    const canvas = this.scratch;
    canvas.width = Math.round(size.x * ratio);
    canvas.height = Math.round(size.y * ratio);
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.filter = this.tileFilter ?? 'none';
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    return canvas;
  }
}
