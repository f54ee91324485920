import { afterEach, describe, expect, it, vi } from 'vitest';
import { worldSizeAt } from './marker-geometry.js';
import { heldTransform, ZOOM_HOLD_MAX_MS, ZoomHold } from './zoom-hold.js';

describe('heldTransform', () => {
  it('puts every place drawn at the old zoom where it lies at the new one, zooming in or out', () => {
    const places = [
      { x: 0.5064, y: 0.3438 },
      { x: 0.5071, y: 0.3442 },
    ];
    const drawnAt = { zoom: 12, topLeft: { x: -40, y: 25 }, origin: { x: 518_000, y: 351_700 } };
    const drawn = { worldSize: worldSizeAt(drawnAt.zoom), offsetX: -drawnAt.origin.x - drawnAt.topLeft.x, offsetY: -drawnAt.origin.y - drawnAt.topLeft.y };
    for (const zoom of [13, 11, 14]) {
      const origin = { x: 1_037_000 * 2 ** (zoom - 13), y: 703_900 * 2 ** (zoom - 13) };
      const held = heldTransform(drawn, worldSizeAt(zoom), origin);
      expect(held.scale).toBe(2 ** (zoom - 12));
      for (const place of places) {
        // Canvas pixel of the place as drawn; the canvas sits at the old top left in the map pane.
        const canvasX = place.x * drawn.worldSize + drawn.offsetX;
        const canvasY = place.y * drawn.worldSize + drawn.offsetY;
        expect(held.x + held.scale * canvasX).toBeCloseTo(place.x * worldSizeAt(zoom) - origin.x, 6);
        expect(held.y + held.scale * canvasY).toBeCloseTo(place.y * worldSizeAt(zoom) - origin.y, 6);
      }
    }
  });
});

describe('ZoomHold', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const drawn = { zoom: 12, worldSize: worldSizeAt(12), offsetX: -100, offsetY: -50, width: 1920, height: 1080, radius: 4, nowMs: 0 };

  it('scales the canvases and waits for the clusters, then ends once', () => {
    const root = { style: { transform: 'translate3d(10px, 20px, 0px)' } };
    const hold = new ZoomHold(() => {});
    expect(hold.check(false)).toBe('none');
    hold.begin(root, drawn, worldSizeAt(13), { x: 150, y: 60 });
    expect(root.style.transform).toBe('translate3d(50px, 40px, 0px) scale(2)');
    expect(hold.check(false)).toBe('waiting');
    expect(hold.check(true)).toBe('ended');
    expect(hold.check(true)).toBe('none');
  });

  it('gives up waiting at the deadline, counted from the first of several zooms, and says so', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const root = { style: { transform: '' } };
    let deadlines = 0;
    const hold = new ZoomHold(() => (deadlines += 1));
    hold.begin(root, drawn, worldSizeAt(13), { x: 0, y: 0 });
    vi.advanceTimersByTime(ZOOM_HOLD_MAX_MS - 100);
    hold.begin(root, drawn, worldSizeAt(14), { x: 0, y: 0 });
    expect(hold.check(false)).toBe('waiting');
    vi.advanceTimersByTime(100);
    expect(deadlines).toBe(1);
    expect(hold.check(false)).toBe('ended');
    vi.advanceTimersByTime(ZOOM_HOLD_MAX_MS);
    expect(deadlines).toBe(1);
  });
});
