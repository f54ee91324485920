/** The map's tooltip: follows what the canvas layer reports under the pointer, at most once a frame. */
import type { FleetModel } from '../sync/fleet-model.js';
import { useNow } from '../ui/use-now.js';
import { ClusterTooltip } from './ClusterTooltip.js';
import { DeviceTooltip } from './DeviceTooltip.js';
import { useHoverTarget } from './hover-state.js';

/** Nearer the top than this, the tooltip opens below its target. */
const ROOM_ABOVE_PX = 130;

export function MapTooltip({ model }: { readonly model: FleetModel }) {
  const target = useHoverTarget();
  const now = useNow();
  if (!target) return null;
  const isBelow = target.y < ROOM_ABOVE_PX;
  const gap = target.kind === 'cluster' ? target.radius + 6 : 12;
  return (
    <div
      className={`map-tooltip${isBelow ? ' is-below' : ''}`}
      role="tooltip"
      data-testid="map-tooltip"
      data-kind={target.kind}
      style={{ left: `${Math.round(target.x)}px`, top: `${Math.round(isBelow ? target.y + gap : target.y - gap)}px` }}
    >
      {target.kind === 'device' ? <DeviceTooltip model={model} index={target.index} now={now} /> : <ClusterTooltip target={target} />}
    </div>
  );
}
