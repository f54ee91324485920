/**
 * After a zoom over clusters, the fleet's canvases keep what they show, scaled by CSS into the new view,
 * until the cluster worker has the new zoom's clusters (about a tenth of a second), instead of drawing
 * the old zoom's clusters at the new zoom in the meantime: that draw cost a zoom 40-50 ms of one frame
 * on one core (a zoom out puts four times as many of the old clusters in view), only to be replaced.
 */
import type { ViewFrame } from './marker-geometry.js';

/** Past this, the old clusters are drawn at the new zoom after all: the worker is slow or gone. */
export const ZOOM_HOLD_MAX_MS = 500;

/** A translation, then a scale about the top left corner (Leaflet's `leaflet-zoom-animated` origin). */
export interface HeldTransform {
  readonly x: number;
  readonly y: number;
  readonly scale: number;
}

/**
 * The transform that puts canvases drawn for `drawn` where the same places lie in the map pane of a view
 * whose world is `worldSize` pixels wide and whose pixel origin is `origin` (map.getPixelOrigin()).
 */
export function heldTransform(drawn: Pick<ViewFrame, 'worldSize' | 'offsetX' | 'offsetY'>, worldSize: number, origin: { readonly x: number; readonly y: number }): HeldTransform {
  const scale = worldSize / drawn.worldSize;
  // A place at p (world units) was drawn at p·w₀ + offset; in the pane it now lies at p·w₁ − origin.
  return { x: -drawn.offsetX * scale - origin.x, y: -drawn.offsetY * scale - origin.y, scale };
}

/** A zoom's wait for its clusters: the canvases' transform meanwhile, and how long it may last. */
export class ZoomHold {
  private sinceMs: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `onDeadline`: the wait ran out, with no new clusters to end it. */
  constructor(private readonly onDeadline: () => void) {}

  /** Scales `root`, drawn for `drawn`, into the new view; a zoom during the wait keeps the first deadline. */
  begin(root: { readonly style: { transform: string } }, drawn: ViewFrame, worldSize: number, origin: { readonly x: number; readonly y: number }): void {
    const held = heldTransform(drawn, worldSize, origin);
    // As Leaflet's DomUtil.setTransform writes it; its next setPosition of the root undoes it.
    root.style.transform = `translate3d(${held.x}px, ${held.y}px, 0px) scale(${held.scale})`;
    this.sinceMs ??= performance.now();
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.onDeadline();
    }, ZOOM_HOLD_MAX_MS);
  }

  get isWaiting(): boolean {
    return this.sinceMs !== null;
  }

  /** 'waiting' until `isReady` or the deadline; 'ended' once, when the wait ends; 'none' outside a wait. */
  check(isReady: boolean): 'none' | 'waiting' | 'ended' {
    if (this.sinceMs === null) return 'none';
    if (!isReady && performance.now() - this.sinceMs < ZOOM_HOLD_MAX_MS) return 'waiting';
    this.end();
    return 'ended';
  }

  end(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.sinceMs = null;
  }
}
