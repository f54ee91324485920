/**
 * Draws the clusters that are on screen, each copied from its glyph's bitmap (ClusterSprites), and
 * remembers where it drew them, for the hover and the click. A cluster holding alarmed devices carries
 * a dot in its worst alarm's colour with how many, copied from a bitmap made once per label and colour.
 */
import type { Theme } from '../../../shared/bridge.js';
import { BUCKET_COUNT, type ClusterSet } from './cluster-grid.js';
import { clusterLabel, clusterRadius } from './cluster-glyph.js';
import { ClusterSprites, type Context2D } from './cluster-sprites.js';
import type { ViewFrame } from './marker-geometry.js';

const BADGE_RADIUS = 7;

/** Room around a badge's outline in its sprite, for the stroke's half width and anti-aliasing. */
const BADGE_MARGIN = 2;

/**
 * Alarm badges drawn once per label, colour, theme and pixel ratio, then copied: a pan repaints every
 * cluster on every frame, and path filling and text shaping per badge cost more than a copy.
 */
class BadgeSprites {
  readonly #cache = new Map<string, ImageBitmap>();

  get(label: string, colour: string, isCritical: boolean, theme: Theme, ratio: number): ImageBitmap {
    const key = `${label}|${colour}|${isCritical ? 1 : 0}|${theme}|${ratio}`;
    let sprite = this.#cache.get(key);
    if (sprite) return sprite;
    // Counts, colours and themes are few; a ratio change (a window moved to another screen) starts over.
    if (this.#cache.size > 512) {
      for (const bitmap of this.#cache.values()) bitmap.close();
      this.#cache.clear();
    }
    const halfWidth = badgeHalfWidth(label);
    const canvas = new OffscreenCanvas(Math.ceil(2 * (BADGE_RADIUS + halfWidth + BADGE_MARGIN) * ratio), Math.ceil(2 * (BADGE_RADIUS + BADGE_MARGIN) * ratio));
    const context = canvas.getContext('2d');
    if (context) {
      context.scale(ratio, ratio);
      drawAlarmBadge(context, BADGE_RADIUS + halfWidth + BADGE_MARGIN, BADGE_RADIUS + BADGE_MARGIN, label, colour, isCritical, theme);
    }
    // Rasterised now (see cluster-sprites.ts), not by the first frame that copies it.
    sprite = canvas.transferToImageBitmap();
    this.#cache.set(key, sprite);
    return sprite;
  }
}

function badgeHalfWidth(label: string): number {
  return Math.max(0, label.length - 1) * 2.6;
}

/** An alarm dot centred on (centreX, centreY): its worst level's colour, its count inside. */
function drawAlarmBadge(context: Context2D, centreX: number, centreY: number, label: string, colour: string, isCritical: boolean, theme: Theme): void {
  const halfWidth = badgeHalfWidth(label);
  context.beginPath();
  context.moveTo(centreX - halfWidth, centreY - BADGE_RADIUS);
  context.arc(centreX + halfWidth, centreY, BADGE_RADIUS, -Math.PI / 2, Math.PI / 2);
  context.arc(centreX - halfWidth, centreY, BADGE_RADIUS, Math.PI / 2, (3 * Math.PI) / 2);
  context.closePath();
  context.fillStyle = colour;
  context.fill();
  context.lineWidth = 1.5;
  context.strokeStyle = theme === 'dark' ? 'rgba(6, 10, 16, 0.9)' : 'rgba(255, 255, 255, 0.95)';
  context.stroke();
  context.fillStyle = theme === 'light' || isCritical ? '#ffffff' : '#0d1117';
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.font = '700 9.5px system-ui, sans-serif';
  context.fillText(label, centreX, centreY + 0.5);
}

/** Where the cluster's disc is on the canvas, or null when none of it is on screen. */
function onScreen(frame: ViewFrame, set: ClusterSet, cluster: number): { readonly x: number; readonly y: number; readonly radius: number } | null {
  const radius = clusterRadius(set.size[cluster] ?? 0);
  const x = (set.x[cluster] ?? 0) * frame.worldSize + frame.offsetX;
  const y = (set.y[cluster] ?? 0) * frame.worldSize + frame.offsetY;
  return x < -radius || y < -radius || x > frame.width + radius || y > frame.height + radius ? null : { x, y, radius };
}

export class ClusterPainter {
  /** On-screen clusters of the last paint: index into the set, canvas position, radius. */
  visibleCount = 0;
  /** Devices in the clusters on screen. */
  visibleDevices = 0;
  private visibleIndex = new Int32Array(0);
  private visibleX = new Float32Array(0);
  private visibleY = new Float32Array(0);
  private visibleRadius = new Float32Array(0);
  private glyphSlot = new Int32Array(0);
  private set: ClusterSet | null = null;
  private visibleKeys: string[] = [];
  private paintedKeys: readonly string[] = [];
  private readonly sprites = new ClusterSprites();
  private readonly badges = new BadgeSprites();

  /**
   * Takes `set` as the clusters on screen for `frame`; returns whether they look different from those
   * painted last (or `isForced`, when the canvas was cleared), that is whether `paint` must be called.
   */
  update(frame: ViewFrame, set: ClusterSet, ratio: number, isForced: boolean): boolean {
    this.set = set;
    this.place(frame, set);
    const count = this.visibleCount;
    let isSame = !isForced && count === this.paintedKeys.length;
    if (this.visibleKeys.length < count) this.visibleKeys.length = count;
    for (let slot = 0; slot < count; slot++) {
      const cluster = this.visibleIndex[slot] ?? 0;
      // Whole device pixels, as the glyphs are copied: a sub-pixel drift of a centroid changes nothing.
      const key = `${Math.round((this.visibleX[slot] ?? 0) * ratio)} ${Math.round((this.visibleY[slot] ?? 0) * ratio)} ${this.sprites.keyOf(set.size[cluster] ?? 0, this.breakdownOf(set, cluster))} ${set.alarmLevel[cluster] ?? 0}:${set.alarmCount[cluster] ?? 0}`;
      this.visibleKeys[slot] = key;
      if (isSame && this.paintedKeys[slot] !== key) isSame = false;
    }
    return !isSame;
  }

  /**
   * Makes the glyphs and badges that `set` shows in `frame`, for up to `budgetMs`; true once all are
   * made, so that painting them is only copies.
   */
  prepare(frame: ViewFrame, set: ClusterSet, theme: Theme, ratio: number, alarmColours: readonly string[], budgetMs: number): boolean {
    const deadline = performance.now() + budgetMs;
    this.sprites.begin(theme, ratio);
    // What is painted stays as it is (the hover reads it): only the kept glyphs and badges change.
    for (let cluster = 0; cluster < set.clusterCount; cluster++) {
      if (!onScreen(frame, set, cluster)) continue;
      if (performance.now() > deadline) return false;
      this.sprites.place(set.size[cluster] ?? 0, this.breakdownOf(set, cluster));
      const level = set.alarmLevel[cluster] ?? 0;
      const colour = alarmColours[level];
      if (level > 0 && colour) this.badges.get(clusterLabel(set.alarmCount[cluster] ?? 0), colour, level === alarmColours.length - 1, theme, ratio);
    }
    return true;
  }

  /** Paints the clusters placed by the last `update` (on a cleared canvas); `alarmColours` by alarm level. */
  paint(context: CanvasRenderingContext2D, theme: Theme, ratio: number, alarmColours: readonly string[] = []): void {
    const set = this.set;
    if (!set) return;
    this.sprites.begin(theme, ratio);
    for (let slot = 0; slot < this.visibleCount; slot++) {
      const cluster = this.visibleIndex[slot] ?? 0;
      this.glyphSlot[slot] = this.sprites.place(set.size[cluster] ?? 0, this.breakdownOf(set, cluster));
    }
    for (let slot = 0; slot < this.visibleCount; slot++) {
      const cluster = this.visibleIndex[slot] ?? 0;
      const x = this.visibleX[slot] ?? 0;
      const y = this.visibleY[slot] ?? 0;
      const glyphSlot = this.glyphSlot[slot] ?? -1;
      if (glyphSlot >= 0) this.sprites.drawPlaced(context, glyphSlot, x, y);
      else this.sprites.drawDirect(context, x, y, set.size[cluster] ?? 0, this.breakdownOf(set, cluster));
    }
    for (let slot = 0; slot < this.visibleCount; slot++) {
      const cluster = this.visibleIndex[slot] ?? 0;
      const level = set.alarmLevel[cluster] ?? 0;
      const colour = alarmColours[level];
      if (level === 0 || !colour) continue;
      const radius = this.visibleRadius[slot] ?? 0;
      const sprite = this.badges.get(clusterLabel(set.alarmCount[cluster] ?? 0), colour, level === alarmColours.length - 1, theme, ratio);
      // The badge sits at the top right of the cluster's disc.
      const width = sprite.width / ratio;
      const height = sprite.height / ratio;
      context.drawImage(sprite, (this.visibleX[slot] ?? 0) + radius * 0.72 - width / 2, (this.visibleY[slot] ?? 0) - radius * 0.72 - height / 2, width, height);
    }
    this.paintedKeys = this.visibleKeys.slice(0, this.visibleCount);
  }

  /** Glyphs made so far. */
  get glyphsMade(): number {
    return this.sprites.created;
  }

  /** Forgets the clusters drawn last (the map is showing devices). */
  clear(): void {
    this.visibleCount = 0;
    this.visibleDevices = 0;
    this.set = null;
    this.paintedKeys = [];
  }

  private breakdownOf(set: ClusterSet, cluster: number): Uint32Array {
    return set.breakdown.subarray(cluster * BUCKET_COUNT, (cluster + 1) * BUCKET_COUNT);
  }

  /** The cluster under a canvas point, as an index into the set painted last, or -1. */
  hit(x: number, y: number): number {
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let slot = 0; slot < this.visibleCount; slot++) {
      const dx = (this.visibleX[slot] ?? 0) - x;
      const dy = (this.visibleY[slot] ?? 0) - y;
      const distance = dx * dx + dy * dy;
      const radius = (this.visibleRadius[slot] ?? 0) + 2;
      if (distance <= radius * radius && distance < bestDistance) {
        best = this.visibleIndex[slot] ?? -1;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Canvas position of a painted cluster, by its index in the set; null when not on screen. */
  positionOf(cluster: number): { readonly x: number; readonly y: number; readonly radius: number } | null {
    for (let slot = 0; slot < this.visibleCount; slot++) {
      if (this.visibleIndex[slot] === cluster) return { x: this.visibleX[slot] ?? 0, y: this.visibleY[slot] ?? 0, radius: this.visibleRadius[slot] ?? 0 };
    }
    return null;
  }

  /** Indices (into the set painted last) of the clusters on screen. */
  visibleClusters(): Int32Array {
    return this.visibleIndex.slice(0, this.visibleCount);
  }

  get paintedSet(): ClusterSet | null {
    return this.set;
  }

  private place(frame: ViewFrame, set: ClusterSet): void {
    if (this.visibleIndex.length < set.clusterCount) {
      this.visibleIndex = new Int32Array(set.clusterCount);
      this.visibleX = new Float32Array(set.clusterCount);
      this.visibleY = new Float32Array(set.clusterCount);
      this.visibleRadius = new Float32Array(set.clusterCount);
      this.glyphSlot = new Int32Array(set.clusterCount);
    }
    let count = 0;
    let devices = 0;
    for (let cluster = 0; cluster < set.clusterCount; cluster++) {
      const disc = onScreen(frame, set, cluster);
      if (!disc) continue;
      this.visibleIndex[count] = cluster;
      this.visibleX[count] = disc.x;
      this.visibleY[count] = disc.y;
      this.visibleRadius[count] = disc.radius;
      devices += set.size[cluster] ?? 0;
      count++;
    }
    this.visibleCount = count;
    this.visibleDevices = devices;
  }
}
