/**
 * Following a moving car: the map keeps it in the middle of what the operator can see, gliding as its
 * position updates. The decision is pure (here); FollowController applies it to a Leaflet map.
 */

export type FollowMove = 'stay' | 'glide' | 'jump';

/** The part of the map the operator can see, in container pixels (a side panel may cover the rest). */
export interface VisibleArea {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Closer than this to the middle, the car counts as centred: no pan for a pixel's jitter. */
export const CENTRED_WITHIN_PX = 2;

export function areaCentre(area: VisibleArea): { readonly x: number; readonly y: number } {
  return { x: (area.left + area.right) / 2, y: (area.top + area.bottom) / 2 };
}

/**
 * How to bring `target` (container pixels) to the middle of `area`: stay when it is already there, glide
 * when it is in or near the view, jump when it is far outside (a glide across a city would smear the
 * whole fleet across the screen).
 */
export function followMove(target: { readonly x: number; readonly y: number }, area: VisibleArea): FollowMove {
  const centre = areaCentre(area);
  const dx = target.x - centre.x;
  const dy = target.y - centre.y;
  if (dx * dx + dy * dy <= CENTRED_WITHIN_PX * CENTRED_WITHIN_PX) return 'stay';
  if (Math.abs(dx) > area.right - area.left || Math.abs(dy) > area.bottom - area.top) return 'jump';
  return 'glide';
}

/** How long a glide takes: about the time between two positions of a driving car, so the motion looks continuous. */
export function glideSeconds(sinceLastMoveMs: number): number {
  return Math.max(0.25, Math.min(1.5, sinceLastMoveMs / 1000));
}
