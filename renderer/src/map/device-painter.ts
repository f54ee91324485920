/**
 * Draws devices as themselves: cars as circles (with a heading tick when moving), charge points as
 * squares, coloured by state, stale ones hollow and dimmed. The devices of a frame are grouped by look
 * (counting sort, no object per device) so that each group is one path and one fill. Remembers where it
 * drew each one, for the hit test.
 */
import type { Theme } from '../../../shared/bridge.js';
import { DEVICE_STATUSES, kindCode } from '../../../shared/fleet.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { STALE_OPACITY, withOpacity } from '../ui/status-colours.js';
import { DEGREES, FULL_CIRCLE, STACK_SLOTS, STACK_X, STACK_Y, stackSpacing, type ViewFrame } from './marker-geometry.js';

const CAR = kindCode('car');
const STATUS_COUNT = DEVICE_STATUSES.length;
/** Groups in draw order: charge points under cars, stale under current, then by status code. */
const GROUPS = 2 * 2 * STATUS_COUNT;
const EDGE_MARGIN_PX = 12;

function groupOf(isCar: boolean, isStale: boolean, status: number): number {
  return (isCar ? 2 * STATUS_COUNT : 0) + (isStale ? 0 : STATUS_COUNT) + status;
}

export interface DeviceLook {
  readonly theme: Theme;
  /** State colours by status code. */
  readonly colours: readonly string[];
  /** Severity colours by alarm level (alarm-levels.ts); index 0, no alarm, is unused. */
  readonly alarmColours: readonly string[];
}

/** How far out of a marker its alarm ring sits: clear of a charge point's corners, inside the selection ring. */
function alarmRingRadius(radius: number): number {
  return radius * 1.3 + 1.5;
}

export class DevicePainter {
  /** Devices painted this frame: canvas position and device index per slot. */
  drawnCount = 0;
  drawnX = new Float32Array(0);
  drawnY = new Float32Array(0);
  drawnIndex = new Int32Array(0);
  private drawnGroup = new Uint8Array(0);
  private order = new Int32Array(0);

  constructor(private readonly model: FleetModel) {}

  /** A new frame: nothing painted yet. */
  begin(): void {
    this.drawnCount = 0;
  }

  /**
   * Paints devices `indices[0..count)` that are shown (`shown` null: all are) and on screen, except
   * `skipIndex`; returns how many it painted.
   */
  paint(context: CanvasRenderingContext2D, frame: ViewFrame, look: DeviceLook, indices: ArrayLike<number>, count: number, shown: Uint8Array | null, skipIndex = -1): number {
    const model = this.model;
    const start = this.drawnCount;
    this.ensureCapacity(start + count);
    const { projectedX, projectedY, kind, status, stackRank } = model;
    const { worldSize, offsetX, offsetY, width, height, nowMs } = frame;
    const spacing = stackSpacing(frame.radius);
    const starts = new Int32Array(GROUPS + 1);
    let end = start;
    for (let slot = 0; slot < count; slot++) {
      const index = indices[slot] ?? 0;
      if ((shown !== null && shown[index] !== 1) || index === skipIndex) continue;
      const stack = Math.min(stackRank[index] ?? 0, STACK_SLOTS);
      const x = (projectedX[index] ?? 0) * worldSize + offsetX + (STACK_X[stack] ?? 0) * spacing;
      const y = (projectedY[index] ?? 0) * worldSize + offsetY + (STACK_Y[stack] ?? 0) * spacing;
      if (x < -EDGE_MARGIN_PX || y < -EDGE_MARGIN_PX || x > width + EDGE_MARGIN_PX || y > height + EDGE_MARGIN_PX) continue;
      const group = groupOf(kind[index] === CAR, model.isStaleAt(index, nowMs), status[index] ?? 0);
      this.drawnX[end] = x;
      this.drawnY[end] = y;
      this.drawnIndex[end] = index;
      this.drawnGroup[end] = group;
      starts[group + 1] = (starts[group + 1] ?? 0) + 1;
      end++;
    }
    this.drawnCount = end;
    for (let group = 0; group < GROUPS; group++) starts[group + 1] = (starts[group + 1] ?? 0) + (starts[group] ?? 0);
    const cursor = starts.slice(0, GROUPS);
    for (let drawn = start; drawn < end; drawn++) {
      const group = this.drawnGroup[drawn] ?? 0;
      const position = cursor[group] ?? 0;
      this.order[position] = drawn;
      cursor[group] = position + 1;
    }
    for (let group = 0; group < GROUPS; group++) {
      const from = starts[group] ?? 0;
      const to = starts[group + 1] ?? 0;
      if (from !== to) this.paintGroup(context, frame.radius, look, group, from, to);
    }
    return end - start;
  }

  /**
   * Box-selected devices painted this frame get a light border round their own shape: in a fanned-out
   * stack, rings larger than the markers would braid into one another.
   */
  outline(context: CanvasRenderingContext2D, radius: number, marked: Uint8Array, theme: Theme): void {
    context.beginPath();
    let hasAny = false;
    const half = radius * 0.9 + 1;
    for (let drawn = 0; drawn < this.drawnCount; drawn++) {
      const index = this.drawnIndex[drawn] ?? 0;
      if (marked[index] !== 1) continue;
      const x = this.drawnX[drawn] ?? 0;
      const y = this.drawnY[drawn] ?? 0;
      if (this.model.kind[index] === CAR) {
        context.moveTo(x + radius + 1, y);
        context.arc(x, y, radius + 1, 0, FULL_CIRCLE);
      } else {
        context.rect(x - half, y - half, half * 2, half * 2);
      }
      hasAny = true;
    }
    if (!hasAny) return;
    context.lineWidth = 1.75;
    context.strokeStyle = theme === 'dark' ? '#f0f3f6' : '#111820';
    context.stroke();
  }

  /** The selected device, on top of everything and whatever the filters say, with its ring. */
  paintSelected(context: CanvasRenderingContext2D, frame: ViewFrame, look: DeviceLook, index: number): void {
    const before = this.drawnCount;
    const indices = Int32Array.of(index);
    if (this.paint(context, frame, look, indices, 1, null) === 0) return;
    const x = this.drawnX[before] ?? 0;
    const y = this.drawnY[before] ?? 0;
    context.beginPath();
    context.arc(x, y, frame.radius + 5, 0, FULL_CIRCLE);
    context.lineWidth = 4;
    context.strokeStyle = look.theme === 'dark' ? 'rgba(0, 0, 0, 0.6)' : 'rgba(255, 255, 255, 0.8)';
    context.stroke();
    context.lineWidth = 2;
    context.strokeStyle = look.theme === 'dark' ? '#f5f7fa' : '#111820';
    context.stroke();
    // The ring hides the heading tick of a moving car: it points out of the ring instead.
    if (this.model.kind[index] === CAR && (this.model.speed[index] ?? 0) > 0) {
      const angle = (this.model.heading[index] ?? 0) * DEGREES;
      const dx = Math.sin(angle);
      const dy = -Math.cos(angle);
      context.beginPath();
      context.moveTo(x + dx * (frame.radius + 6), y + dy * (frame.radius + 6));
      context.lineTo(x + dx * (frame.radius + 12), y + dy * (frame.radius + 12));
      context.lineCap = 'round';
      context.stroke();
      context.lineCap = 'butt';
    }
  }

  /**
   * A ring in its worst alarm's colour round each device painted this frame that has one (`levels`:
   * alarm-levels.ts), worst drawn last so it is on top; critical ones also get a halo on `pulse`, a canvas
   * the stylesheet fades in and out, so that pulsing redraws nothing. Returns how many halos it drew.
   */
  alarmRings(context: CanvasRenderingContext2D, pulse: CanvasRenderingContext2D | null, radius: number, look: DeviceLook, levels: Uint8Array, criticalLevel: number): number {
    const ring = alarmRingRadius(radius);
    let halos = 0;
    for (let level = 1; level <= criticalLevel; level++) {
      context.beginPath();
      let hasAny = false;
      for (let drawn = 0; drawn < this.drawnCount; drawn++) {
        if (levels[this.drawnIndex[drawn] ?? 0] !== level) continue;
        const x = this.drawnX[drawn] ?? 0;
        const y = this.drawnY[drawn] ?? 0;
        context.moveTo(x + ring, y);
        context.arc(x, y, ring, 0, FULL_CIRCLE);
        hasAny = true;
      }
      if (!hasAny) continue;
      const colour = look.alarmColours[level] ?? '#888888';
      // A dark (or light) band under the colour keeps the ring apart from the marker and the tiles.
      context.lineWidth = 3.5;
      context.strokeStyle = look.theme === 'dark' ? 'rgba(0, 0, 0, 0.55)' : 'rgba(255, 255, 255, 0.8)';
      context.stroke();
      context.lineWidth = 1.75;
      context.strokeStyle = colour;
      context.stroke();
      if (level !== criticalLevel || !pulse) continue;
      pulse.beginPath();
      for (let drawn = 0; drawn < this.drawnCount; drawn++) {
        if (levels[this.drawnIndex[drawn] ?? 0] !== level) continue;
        const x = this.drawnX[drawn] ?? 0;
        const y = this.drawnY[drawn] ?? 0;
        pulse.moveTo(x + ring + 3, y);
        pulse.arc(x, y, ring + 3, 0, FULL_CIRCLE);
        halos++;
      }
      pulse.lineWidth = 3;
      pulse.strokeStyle = withOpacity(colour, 0.7);
      pulse.stroke();
    }
    return halos;
  }

  /** Canvas position of a device painted this frame, or null. */
  positionOf(index: number): { readonly x: number; readonly y: number } | null {
    for (let drawn = this.drawnCount - 1; drawn >= 0; drawn--) {
      if (this.drawnIndex[drawn] === index) return { x: this.drawnX[drawn] ?? 0, y: this.drawnY[drawn] ?? 0 };
    }
    return null;
  }

  private paintGroup(context: CanvasRenderingContext2D, radius: number, look: DeviceLook, group: number, from: number, to: number): void {
    const isCar = group >= 2 * STATUS_COUNT;
    const isStale = group % (2 * STATUS_COUNT) < STATUS_COUNT;
    const colour = look.colours[group % STATUS_COUNT] ?? '#888888';
    const half = radius * 0.9;
    context.beginPath();
    for (let position = from; position < to; position++) {
      const drawn = this.order[position] ?? 0;
      const x = this.drawnX[drawn] ?? 0;
      const y = this.drawnY[drawn] ?? 0;
      if (isCar) {
        context.moveTo(x + radius, y);
        context.arc(x, y, radius, 0, FULL_CIRCLE);
      } else {
        context.rect(x - half, y - half, half * 2, half * 2);
      }
    }
    if (isStale) {
      // Hollow and dimmed: the last known state, no longer vouched for.
      context.lineWidth = 1.25;
      context.strokeStyle = withOpacity(colour, STALE_OPACITY);
      context.stroke();
      return;
    }
    context.fillStyle = colour;
    context.fill();
    context.lineWidth = 1;
    context.strokeStyle = look.theme === 'dark' ? 'rgba(6, 10, 16, 0.75)' : 'rgba(255, 255, 255, 0.85)';
    context.stroke();
    if (isCar) this.paintHeadings(context, radius, from, to, colour);
  }

  /** A short tick in the direction of travel for cars that are moving. */
  private paintHeadings(context: CanvasRenderingContext2D, radius: number, from: number, to: number, colour: string): void {
    context.beginPath();
    let hasAny = false;
    for (let position = from; position < to; position++) {
      const drawn = this.order[position] ?? 0;
      const index = this.drawnIndex[drawn] ?? 0;
      if ((this.model.speed[index] ?? 0) <= 0) continue;
      const angle = (this.model.heading[index] ?? 0) * DEGREES;
      const dx = Math.sin(angle);
      const dy = -Math.cos(angle);
      const x = this.drawnX[drawn] ?? 0;
      const y = this.drawnY[drawn] ?? 0;
      context.moveTo(x + dx * radius, y + dy * radius);
      context.lineTo(x + dx * (radius + 5), y + dy * (radius + 5));
      hasAny = true;
    }
    if (!hasAny) return;
    context.lineWidth = 1.5;
    context.strokeStyle = colour;
    context.stroke();
  }

  private ensureCapacity(count: number): void {
    if (this.drawnX.length >= count) return;
    const capacity = Math.max(count, Math.ceil(this.drawnX.length * 1.5), 256);
    const grow = <T extends Float32Array | Int32Array | Uint8Array>(array: T, make: (length: number) => T): T => {
      const next = make(capacity);
      next.set(array.subarray(0, this.drawnCount));
      return next;
    };
    this.drawnX = grow(this.drawnX, (length) => new Float32Array(length));
    this.drawnY = grow(this.drawnY, (length) => new Float32Array(length));
    this.drawnIndex = grow(this.drawnIndex, (length) => new Int32Array(length));
    this.drawnGroup = grow(this.drawnGroup, (length) => new Uint8Array(length));
    this.order = new Int32Array(capacity);
  }
}
