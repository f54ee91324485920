import { describe, expect, it } from 'vitest';
import { worldSizeAt } from './marker-geometry.js';
import { heldTransform } from './zoom-hold.js';

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
