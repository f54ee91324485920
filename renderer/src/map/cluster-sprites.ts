/**
 * Cluster glyphs drawn once, each into a bitmap of its own, and then copied. On a software canvas the
 * antialiased ring of a glyph costs tens of microseconds to draw and a copy a few, so while the map is
 * dragged or only devices change, clusters cost little. A glyph is keyed by what it shows (disc size,
 * label, ring rounded to 1/360 of a turn); the least recently used give their place up, never one used
 * in the frame being drawn (beyond that, glyphs are drawn directly).
 *
 * Each glyph is an ImageBitmap, rasterised when it is made. Glyphs drawn into one shared canvas were
 * only recorded there, and rasterised all at once by the first copy from it: the frame that painted a
 * new zoom's clusters paid 6-11 ms for glyphs made, within budget, in the frames before.
 */
import type { Theme } from '../../../shared/bridge.js';
import { CLUSTER_SEGMENTS, segmentColour } from '../ui/status-colours.js';
import { RING_WIDTH, clusterLabel, clusterRadius, ringSegments } from './cluster-glyph.js';
import { FULL_CIRCLE } from './marker-geometry.js';

/** A page canvas's context or an offscreen one's: sprites are drawn into either. */
export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

const ANGLE_STEPS = 360;
/** Glyphs kept; each bitmap holds the largest glyph. */
const SLOTS = 484;
const SLOT_PX = 46;

const LOOK: Readonly<Record<Theme, { readonly disc: string; readonly edge: string; readonly label: string }>> = {
  dark: { disc: 'rgba(13, 17, 23, 0.86)', edge: 'rgba(0, 0, 0, 0.55)', label: '#e6edf3' },
  light: { disc: 'rgba(255, 255, 255, 0.92)', edge: 'rgba(31, 38, 48, 0.25)', label: '#1f2630' },
};

/** Draws one glyph centred at (x, y); `angles` are ring ends in steps of 1/ANGLE_STEPS of a turn. */
function drawGlyph(context: Context2D, x: number, y: number, radius: number, label: string, angles: Float64Array, theme: Theme): void {
  const look = LOOK[theme];
  context.beginPath();
  context.arc(x, y, radius, 0, FULL_CIRCLE);
  context.fillStyle = look.disc;
  context.fill();
  context.lineWidth = 1;
  context.strokeStyle = look.edge;
  context.stroke();
  context.lineWidth = RING_WIDTH;
  const ring = radius - RING_WIDTH / 2 - 0.5;
  CLUSTER_SEGMENTS.forEach((segment, index) => {
    const start = ((angles[index * 2] ?? 0) / ANGLE_STEPS) * FULL_CIRCLE;
    const end = ((angles[index * 2 + 1] ?? 0) / ANGLE_STEPS) * FULL_CIRCLE;
    if (end <= start) return;
    context.beginPath();
    context.arc(x, y, ring, start, end);
    context.strokeStyle = segmentColour(segment, theme);
    context.stroke();
  });
  context.fillStyle = look.label;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.font = label.length >= 4 ? '600 10.5px system-ui, sans-serif' : '600 11px system-ui, sans-serif';
  context.fillText(label, x, y + 0.5);
}

export class ClusterSprites {
  /** Glyphs made since the start: a measure of how often the kept glyphs help. */
  created = 0;
  private readonly bitmaps: (ImageBitmap | null)[] = new Array<ImageBitmap | null>(SLOTS).fill(null);
  /** Where a glyph is drawn before it becomes its slot's bitmap. */
  private scratch: OffscreenCanvasRenderingContext2D | null = null;
  /** Key → slot, least recently used first. */
  private readonly slotByKey = new Map<string, number>();
  private slotUsedInFrame = new Int32Array(SLOTS).fill(-1);
  private nextFreeSlot = 0;
  private frame = 0;
  private theme: Theme = 'dark';
  private ratio = 1;
  private readonly angles = new Float64Array(CLUSTER_SEGMENTS.length * 2);

  /** A new frame; glyphs are for one theme and one device pixel ratio at a time. */
  begin(theme: Theme, ratio: number): void {
    this.frame++;
    if (theme === this.theme && ratio === this.ratio && this.scratch) return;
    this.theme = theme;
    this.ratio = ratio;
    const side = Math.ceil(SLOT_PX * ratio);
    this.scratch = new OffscreenCanvas(side, side).getContext('2d');
    for (const bitmap of this.bitmaps) bitmap?.close();
    this.bitmaps.fill(null);
    this.slotByKey.clear();
    this.slotUsedInFrame.fill(-1);
    this.nextFreeSlot = 0;
  }

  /**
   * Makes sure the glyph of a cluster of `size` with `breakdown` is made; returns its slot, or -1 when
   * every slot holds a glyph used this frame.
   */
  place(size: number, breakdown: ArrayLike<number>): number {
    const key = this.keyOf(size, breakdown);
    return this.slotFor(key, clusterRadius(size), clusterLabel(size));
  }

  /** What the glyph looks like, as a string: two clusters with the same key look the same. */
  keyOf(size: number, breakdown: ArrayLike<number>): string {
    this.roundRing(breakdown);
    return `${Math.round(clusterRadius(size) * 4)} ${clusterLabel(size)} ${this.angles.join(',')}`;
  }

  /** Copies the glyph in `slot` centred at (x, y) of `context`. */
  drawPlaced(context: CanvasRenderingContext2D, slot: number, x: number, y: number): void {
    const bitmap = this.bitmaps[slot];
    if (!bitmap) return;
    const ratio = this.ratio;
    // Whole device pixels: a bitmap copied at a fractional offset would be resampled, and blurred.
    const left = Math.round((x - SLOT_PX / 2) * ratio) / ratio;
    const top = Math.round((y - SLOT_PX / 2) * ratio) / ratio;
    context.drawImage(bitmap, left, top, SLOT_PX, SLOT_PX);
  }

  /** Draws a glyph directly, for the clusters that found no slot. */
  drawDirect(context: CanvasRenderingContext2D, x: number, y: number, size: number, breakdown: ArrayLike<number>): void {
    this.roundRing(breakdown);
    drawGlyph(context, x, y, clusterRadius(size), clusterLabel(size), this.angles, this.theme);
  }

  private roundRing(breakdown: ArrayLike<number>): void {
    ringSegments(breakdown, this.angles);
    for (let index = 0; index < this.angles.length; index++) this.angles[index] = Math.round(((this.angles[index] ?? 0) / FULL_CIRCLE) * ANGLE_STEPS);
  }

  /** The slot holding the glyph, made if it was not; -1 when every slot is in use this frame. */
  private slotFor(key: string, radius: number, label: string): number {
    const known = this.slotByKey.get(key);
    if (known !== undefined) {
      this.slotByKey.delete(key);
      this.slotByKey.set(key, known);
      this.slotUsedInFrame[known] = this.frame;
      return known;
    }
    const context = this.scratch;
    if (!context) return -1;
    let slot: number;
    if (this.nextFreeSlot < this.slotUsedInFrame.length) {
      slot = this.nextFreeSlot++;
    } else {
      const [oldestKey, oldestSlot] = this.slotByKey.entries().next().value ?? ['', -1];
      if (oldestSlot < 0 || this.slotUsedInFrame[oldestSlot] === this.frame) return -1;
      this.slotByKey.delete(oldestKey);
      slot = oldestSlot;
    }
    this.slotByKey.set(key, slot);
    this.slotUsedInFrame[slot] = this.frame;
    const ratio = this.ratio;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, SLOT_PX, SLOT_PX);
    drawGlyph(context, SLOT_PX / 2, SLOT_PX / 2, radius, label, this.angles, this.theme);
    this.bitmaps[slot]?.close();
    // Rasterised here, within the caller's budget, and the scratch canvas left blank for the next.
    this.bitmaps[slot] = context.canvas.transferToImageBitmap();
    this.created++;
    return slot;
  }
}
