/**
 * Where a device's marker sits on screen and how big it is: shared by the painter, the hit test, box
 * selection and the test hook, so that what is clicked, boxed and reported is exactly what is drawn.
 */

export const FULL_CIRCLE = Math.PI * 2;
export const DEGREES = Math.PI / 180;

/** Devices at one place sit on rings around it: 6 on the first ring, 12 on the second, and so on. */
export const STACK_SLOTS = 127;
export const STACK_X = new Float32Array(STACK_SLOTS + 1);
export const STACK_Y = new Float32Array(STACK_SLOTS + 1);
for (let slot = 1, ring = 1; slot <= STACK_SLOTS; ring++) {
  for (let step = 0; step < ring * 6 && slot <= STACK_SLOTS; step++, slot++) {
    const angle = (step / (ring * 6)) * FULL_CIRCLE - Math.PI / 2;
    STACK_X[slot] = Math.cos(angle) * ring;
    STACK_Y[slot] = Math.sin(angle) * ring;
  }
}

/** Marker size grows with zoom so a dense city stays readable and a street view stays clickable. */
export function markerRadius(zoom: number): number {
  if (zoom <= 11) return 2.5;
  if (zoom >= 16) return 6;
  return 2.5 + (zoom - 11) * 0.7;
}

/** Distance between neighbours in a stack, for markers of `radius`. */
export function stackSpacing(radius: number): number {
  return radius * 1.7;
}

/** Screen offset of a device in its stack, for markers of `radius`. */
export function stackOffset(rank: number, radius: number): { readonly x: number; readonly y: number } {
  const slot = Math.min(rank, STACK_SLOTS);
  const spacing = stackSpacing(radius);
  return { x: (STACK_X[slot] ?? 0) * spacing, y: (STACK_Y[slot] ?? 0) * spacing };
}

/** Web Mercator world size in pixels at a zoom (Leaflet's 256-pixel tiles). */
export function worldSizeAt(zoom: number): number {
  return 256 * 2 ** zoom;
}

/**
 * How one frame maps projected positions (the unit square) to canvas pixels:
 * `x = projectedX * worldSize + offsetX` plus the device's stack offset.
 */
export interface ViewFrame {
  readonly zoom: number;
  readonly worldSize: number;
  readonly offsetX: number;
  readonly offsetY: number;
  readonly width: number;
  readonly height: number;
  readonly radius: number;
  readonly nowMs: number;
}
