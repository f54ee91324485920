/** A device's shape (car: circle, charge point: square) in its state's colour; hollow when stale, as on the map. */
import type { DeviceKind, DeviceStatus } from '../../../shared/fleet.js';

export function DeviceMarker({ kind, status, isStale = false }: { readonly kind: DeviceKind; readonly status: DeviceStatus; readonly isStale?: boolean }) {
  return <span className={`find-marker shape-${kind === 'car' ? 'circle' : 'square'} tone-${status}${isStale ? ' is-stale' : ''}`} aria-hidden="true" />;
}
