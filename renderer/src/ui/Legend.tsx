/** What the map's colours, shapes and clusters mean, from the same tables and geometry the map draws with. */
import { ALARM_SEVERITIES, SEVERITY_LABELS } from '../../../shared/alarms.js';
import type { Theme } from '../../../shared/bridge.js';
import { STATUS_LABELS, statusCode, type DeviceStatus } from '../../../shared/fleet.js';
import { BUCKET_COUNT, STALE_BUCKET } from '../map/cluster-grid.js';
import { ringSegments } from '../map/cluster-glyph.js';
import { CLUSTER_SEGMENTS, STALE_OPACITY, segmentColour, severityColour, statusColour } from './status-colours.js';

const LEGEND_ORDER = ['available', 'inUse', 'charging', 'reserved', 'faulted', 'offline'] as const satisfies readonly DeviceStatus[];

function Marker({ shape, colour, isHollow = false, isMoving = false }: { readonly shape: 'circle' | 'square'; readonly colour: string; readonly isHollow?: boolean; readonly isMoving?: boolean }) {
  const paint = isHollow ? { fill: 'none', stroke: colour, strokeWidth: 1.4, strokeOpacity: STALE_OPACITY } : { fill: colour };
  return (
    <svg className="legend-marker" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
      {shape === 'circle' ? <circle cx="6" cy={isMoving ? 7.5 : 6} r={isMoving ? 3.4 : 4.2} {...paint} /> : <rect x="2" y="2" width="8" height="8" {...paint} />}
      {isMoving && <line x1="8.4" y1="5.1" x2="11.2" y2="2.3" stroke={colour} strokeWidth="1.4" />}
    </svg>
  );
}

/** A sample cluster: mostly available, some in use and charging, one faulted, one stale. */
const SAMPLE_BREAKDOWN = (() => {
  const breakdown = new Uint32Array(BUCKET_COUNT);
  breakdown[statusCode('available')] = 7;
  breakdown[statusCode('inUse')] = 3;
  breakdown[statusCode('charging')] = 2;
  breakdown[statusCode('faulted')] = 1;
  breakdown[STALE_BUCKET] = 1;
  return breakdown;
})();

function arcPath(radius: number, start: number, end: number): string {
  const point = (angle: number) => `${(11 + Math.cos(angle) * radius).toFixed(2)} ${(11 + Math.sin(angle) * radius).toFixed(2)}`;
  return `M ${point(start)} A ${radius} ${radius} 0 ${end - start > Math.PI ? 1 : 0} 1 ${point(end)}`;
}

function ClusterGlyph({ theme }: { readonly theme: Theme }) {
  const angles = new Float64Array(CLUSTER_SEGMENTS.length * 2);
  ringSegments(SAMPLE_BREAKDOWN, angles);
  return (
    <svg className="legend-cluster" viewBox="0 0 22 22" width="26" height="26" aria-hidden="true">
      <circle cx="11" cy="11" r="10.5" className="legend-cluster-disc" />
      {CLUSTER_SEGMENTS.map((segment, index) => {
        const start = angles[index * 2] ?? 0;
        const end = angles[index * 2 + 1] ?? 0;
        return end > start ? <path key={segment} d={arcPath(8.6, start, end)} fill="none" stroke={segmentColour(segment, theme)} strokeWidth="2.6" /> : null;
      })}
      <text x="11" y="11.5" className="legend-cluster-count">
        14
      </text>
    </svg>
  );
}

/** A device ringed by its worst open alarm, as the map draws it (device-painter.ts alarmRings). */
function AlarmRings({ theme, neutral }: { readonly theme: Theme; readonly neutral: string }) {
  return (
    <div className="legend-alarms" data-testid="legend-alarms">
      <ul className="legend-alarm-severities">
        {ALARM_SEVERITIES.map((severity) => (
          <li key={severity}>
            <svg className="legend-marker" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
              <circle cx="8" cy="8" r="3.4" fill={neutral} />
              <circle cx="8" cy="8" r="6" fill="none" stroke={severityColour(severity, theme)} strokeWidth="1.6" />
            </svg>
            <span>{SEVERITY_LABELS[severity]}</span>
          </li>
        ))}
      </ul>
      <span className="legend-muted">ring: worst open alarm · dot on a cluster: how many</span>
    </div>
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
          <Marker shape="circle" colour={neutral} isMoving />
          <span>Car, moving</span>
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
      <AlarmRings theme={theme} neutral={neutral} />
      <div className="legend-clusters">
        <ClusterGlyph theme={theme} />
        <span className="legend-cluster-text">
          <span>Cluster (count)</span>
          <span className="legend-muted">ring: its states</span>
          <span className="legend-muted">
            <span className="tone-text-stale">amber</span>: stale
          </span>
        </span>
      </div>
    </section>
  );
}
