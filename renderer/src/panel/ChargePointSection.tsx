import type { ChargePointState } from '../../../shared/device-detail.js';
import { formatAbsolute, formatAge, formatDuration, parseTime } from '../ui/format.js';
import { Field } from './Field.js';

/** OCPP connector statuses in the console's colour words. */
const CONNECTOR_TONES: Readonly<Record<string, string>> = {
  Available: 'available',
  Preparing: 'inUse',
  Charging: 'charging',
  SuspendedEV: 'charging',
  SuspendedEVSE: 'charging',
  Finishing: 'inUse',
  Reserved: 'reserved',
  Unavailable: 'offline',
  Faulted: 'faulted',
};

function kilo(value: number | null, unit: string, digits: number): string {
  return value === null ? '—' : `${(value / 1000).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}

export function ChargePointSection({ state, nowMs }: { readonly state: ChargePointState; readonly nowMs: number }) {
  const heartbeatMs = parseTime(state.lastHeartbeatAt);
  return (
    <>
      <h3 className="panel-heading">Connectors</h3>
      <ul className="connectors">
        {state.connectors.length === 0 && <li className="tone-text-muted">No connector reported yet</li>}
        {state.connectors.map((connector) => {
          const sinceMs = parseTime(connector.since);
          return (
            <li key={connector.connectorId} className="connector">
              <span className="connector-id">#{connector.connectorId}</span>
              <span className={`status-pill tone-${CONNECTOR_TONES[connector.status] ?? 'offline'}`}>{connector.status}</span>
              <span className={connector.errorCode === 'NoError' ? 'tone-text-muted' : 'tone-text-faulted'}>{connector.errorCode}</span>
              <span className="since" title={sinceMs === null ? undefined : `Since ${formatAbsolute(sinceMs)} (charge point's clock)`}>
                {sinceMs === null ? '' : `for ${formatDuration(nowMs - sinceMs)}`}
              </span>
            </li>
          );
        })}
      </ul>
      <h3 className="panel-heading">Meter</h3>
      <dl className="fields">
        <Field label="Energy">{kilo(state.energyWh, 'kWh', 1)}</Field>
        <Field label="Power">{kilo(state.powerW, 'kW', 1)}</Field>
        <Field label="Heartbeat" title={heartbeatMs === null ? undefined : formatAbsolute(heartbeatMs)}>
          {formatAge(heartbeatMs, nowMs)}
        </Field>
        <Field label="Vendor">{[state.vendor, state.model].filter(Boolean).join(' · ') || '—'}</Field>
      </dl>
    </>
  );
}
