/**
 * Cluster glyphs drawn once into one atlas bitmap and then copied from it. On a software canvas the
 * antialiased ring of a glyph costs tens of microseconds to draw and a copy a few, so while the map is
 * dragged or only devices change, clusters cost little. A glyph is keyed by what it shows (disc size,
 * label, ring rounded to 1/360 of a turn); the least recently used give their place up, never one used
 * in the frame being drawn (beyond that, glyphs are drawn directly).
 */
import type { Theme } from '../../../shared/bridge.js';
import { CLUSTER_SEGMENTS, segmentColour } from '../ui/status-colours.js';
import { RING_WIDTH, clusterLabel, clusterRadius, ringSegments } from './cluster-glyph.js';
import { FULL_CIRCLE } from './marker-geometry.js';

const ANGLE_STEPS = 360;
/** Slots per side of the atlas; each slot holds the largest glyph. */
const ATLAS_SLOTS_PER_SIDE = 22;
const SLOT_PX = 46;

const LOOK: Readonly<Record<Theme, { readonly disc: string; readonly edge: string; readonly label: string }>> = {
  dark: { disc: 'rgba(13, 17, 23, 0.86)', edge: 'rgba(0, 0, 0, 0.55)', label: '#e6edf3' },
  light: { disc: 'rgba(255, 255, 255, 0.92)', edge: 'rgba(31, 38, 48, 0.25)', label: '#1f2630' },
};

/** Draws one glyph centred at (x, y); `angles` are ring ends in steps of 1/ANGLE_STEPS of a turn. */
function drawGlyph(context: CanvasRenderingContext2D, x: number, y: number, radius: number, label: string, angles: Float64Array, theme: Theme): void {
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
  /** Glyphs made since the start: a measure of how often the atlas helps. */
  created = 0;
  private atlas: HTMLCanvasElement | null = null;
  private atlasContext: CanvasRenderingContext2D | null = null;
  /** Key → slot, least recently used first. */
  private readonly slotByKey = new Map<string, number>();
  private slotUsedInFrame = new Int32Array(ATLAS_SLOTS_PER_SIDE * ATLAS_SLOTS_PER_SIDE).fill(-1);
  private nextFreeSlot = 0;
  private frame = 0;
  private theme: Theme = 'dark';
  private ratio = 1;
  private readonly angles = new Float64Array(CLUSTER_SEGMENTS.length * 2);

  /** A new frame; glyphs are for one theme and one device pixel ratio at a time. */
  begin(theme: Theme, ratio: number): void {
    this.frame++;
    if (theme === this.theme && ratio === this.ratio && this.atlas) return;
    this.theme = theme;
    this.ratio = ratio;
    this.atlas = document.createElement('canvas');
    this.atlas.width = ATLAS_SLOTS_PER_SIDE * SLOT_PX * ratio;
    this.atlas.height = ATLAS_SLOTS_PER_SIDE * SLOT_PX * ratio;
    this.atlasContext = this.atlas.getContext('2d');
    this.slotByKey.clear();
    this.slotUsedInFrame.fill(-1);
    this.nextFreeSlot = 0;
  }

  /**
   * Makes sure the glyph of a cluster of `size` with `breakdown` is in the atlas; returns its slot, or -1
   * when the atlas is full of glyphs used this frame. All glyphs of a frame are placed before any is
   * copied: a canvas copied from and then drawn into is copied whole by the browser each time.
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
    const atlas = this.atlas;
    if (!atlas) return;
    const ratio = this.ratio;
    const source = SLOT_PX * ratio;
    // Whole device pixels: a bitmap copied at a fractional offset would be resampled, and blurred.
    const left = Math.round((x - SLOT_PX / 2) * ratio) / ratio;
    const top = Math.round((y - SLOT_PX / 2) * ratio) / ratio;
    context.drawImage(atlas, (slot % ATLAS_SLOTS_PER_SIDE) * source, Math.floor(slot / ATLAS_SLOTS_PER_SIDE) * source, source, source, left, top, SLOT_PX, SLOT_PX);
  }

  /** Draws a glyph directly, for the clusters that found no room in the atlas. */
  drawDirect(context: CanvasRenderingContext2D, x: number, y: number, size: number, breakdown: ArrayLike<number>): void {
    this.roundRing(breakdown);
    drawGlyph(context, x, y, clusterRadius(size), clusterLabel(size), this.angles, this.theme);
  }

  private roundRing(breakdown: ArrayLike<number>): void {
    ringSegments(breakdown, this.angles);
    for (let index = 0; index < this.angles.length; index++) this.angles[index] = Math.round(((this.angles[index] ?? 0) / FULL_CIRCLE) * ANGLE_STEPS);
  }

  /** The atlas slot holding the glyph, drawn there if it was not; -1 when every slot is in use this frame. */
  private slotFor(key: string, radius: number, label: string): number {
    const known = this.slotByKey.get(key);
    if (known !== undefined) {
      this.slotByKey.delete(key);
      this.slotByKey.set(key, known);
      this.slotUsedInFrame[known] = this.frame;
      return known;
    }
    const context = this.atlasContext;
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
    const left = (slot % ATLAS_SLOTS_PER_SIDE) * SLOT_PX;
    const top = Math.floor(slot / ATLAS_SLOTS_PER_SIDE) * SLOT_PX;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(left, top, SLOT_PX, SLOT_PX);
    drawGlyph(context, left + SLOT_PX / 2, top + SLOT_PX / 2, radius, label, this.angles, this.theme);
    this.created++;
    return slot;
  }
}
