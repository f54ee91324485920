/**
 * Whether the map shows clusters or devices. A software canvas draws a few thousand markers in a frame's
 * budget, not 100,000, and at city zoom single markers pile up anyway: clusters below zoom 12 always,
 * devices from zoom 17 always, and in between by how many shown devices are in view, with a margin
 * between the two thresholds so that the map does not flip back and forth at the edge.
 */
export type DisplayMode = 'devices' | 'clusters';

export const CLUSTER_BELOW_ZOOM = 12;
export const DEVICES_FROM_ZOOM = 17;
/** Above this many shown devices in view, clusters (measured: about 12 ms to draw as markers). */
export const CLUSTER_ABOVE = 2500;
/** Below this many, devices again. */
export const DEVICES_BELOW = 1800;

export function chooseMode(previous: DisplayMode, zoom: number, shownInView: number): DisplayMode {
  if (zoom < CLUSTER_BELOW_ZOOM) return 'clusters';
  if (zoom >= DEVICES_FROM_ZOOM) return 'devices';
  if (shownInView > CLUSTER_ABOVE) return 'clusters';
  if (shownInView < DEVICES_BELOW) return 'devices';
  return previous;
}

/** Cell and merge sizes of the clusters, in screen pixels. */
export const CLUSTER_CELL_PX = 96;
export const CLUSTER_MERGE_PX = 48;
/** Fewer devices than this together are drawn as themselves. */
export const MIN_CLUSTER_SIZE = 3;
