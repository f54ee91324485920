/** A cluster under the pointer: how many devices, by state. */
import { STATUS_LABELS } from '../../../shared/fleet.js';
import { formatCount } from '../ui/format.js';
import { CLUSTER_SEGMENTS } from '../ui/status-colours.js';
import { SEGMENT_BUCKETS } from './cluster-glyph.js';
import type { HoverTarget } from './hover-state.js';

export function ClusterTooltip({ target }: { readonly target: Extract<HoverTarget, { kind: 'cluster' }> }) {
  return (
    <>
      <div className="map-tooltip-title">
        <strong>{formatCount(target.size)} devices</strong>
      </div>
      <ul className="map-tooltip-breakdown">
        {CLUSTER_SEGMENTS.map((segment, position) => {
          const count = target.breakdown[SEGMENT_BUCKETS[position] ?? 0] ?? 0;
          if (count === 0) return null;
          const label = segment === 'stale' ? 'Stale' : STATUS_LABELS[segment];
          return (
            <li key={segment} className={`tone-${segment}`}>
              <span className={`map-tooltip-swatch${segment === 'stale' ? ' is-stale' : ''}`} aria-hidden="true" />
              <span>{label}</span>
              <span className="map-tooltip-count">{formatCount(count)}</span>
            </li>
          );
        })}
      </ul>
      <div className="map-tooltip-hint">Click to zoom in</div>
    </>
  );
}
