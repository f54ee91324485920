/** What the map's colours and shapes mean, from the same colour table the map draws with. */
import type { Theme } from '../../../shared/bridge.js';
import { STATUS_LABELS, type DeviceStatus } from '../../../shared/fleet.js';
import { STALE_OPACITY, statusColour } from './status-colours.js';

const LEGEND_ORDER = ['available', 'inUse', 'charging', 'reserved', 'faulted', 'offline'] as const satisfies readonly DeviceStatus[];

function Marker({ shape, colour, isHollow = false }: { readonly shape: 'circle' | 'square'; readonly colour: string; readonly isHollow?: boolean }) {
  const paint = isHollow ? { fill: 'none', stroke: colour, strokeWidth: 1.4, strokeOpacity: STALE_OPACITY } : { fill: colour };
  return (
    <svg className="legend-marker" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
      {shape === 'circle' ? <circle cx="6" cy="6" r="4.2" {...paint} /> : <rect x="2" y="2" width="8" height="8" {...paint} />}
    </svg>
  );
}

export function Legend({ theme }: { readonly theme: Theme }) {
  const neutral = theme === 'dark' ? '#c9d1d9' : '#3b4450';
  return (
    <section className="legend" data-testid="legend" aria-label="Legend">
      <ul className="legend-states">
        {LEGEND_ORDER.map((status) => (
          <li key={status}>
            <Marker shape="circle" colour={statusColour(status, theme)} />
            <span>{STATUS_LABELS[status]}</span>
          </li>
        ))}
      </ul>
      <ul className="legend-shapes">
        <li>
          <Marker shape="circle" colour={neutral} />
          <span>Car</span>
        </li>
        <li>
          <Marker shape="square" colour={neutral} />
          <span>Charge point</span>
        </li>
        <li>
          <Marker shape="circle" colour={neutral} isHollow />
          <span>Stale</span>
        </li>
      </ul>
    </section>
  );
}
