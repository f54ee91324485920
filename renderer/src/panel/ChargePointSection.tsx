import type { ChargePointState } from '../../../shared/device-detail.js';
import { EXPECTED_INTERVAL_SECONDS, STALE_AFTER_INTERVALS } from '../../../shared/fleet.js';
import { formatAbsolute, formatAge, formatDuration, parseTime } from '../ui/format.js';
import { Field } from './Field.js';
import { SectionHeading } from './SectionHeading.js';
import { deviceTimeToServerMs } from './state-age.js';

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

const HEARTBEAT_STALE_MS = EXPECTED_INTERVAL_SECONDS.chargePoint * STALE_AFTER_INTERVALS * 1000;

function kilo(value: number | null, unit: string, digits: number): string {
  return value === null ? '—' : `${(value / 1000).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}

interface ChargePointSectionProps {
  readonly state: ChargePointState;
  readonly clockOffsetMs: number | null;
  readonly nowMs: number;
}

export function ChargePointSection({ state, clockOffsetMs, nowMs }: ChargePointSectionProps) {
  const heartbeatMs = parseTime(state.lastHeartbeatAt);
  return (
    <>
      <SectionHeading>Connectors</SectionHeading>
      <ul className="connectors" data-testid="connectors">
        {state.connectors.length === 0 && <li className="tone-text-muted">No connector reported yet</li>}
        {state.connectors.map((connector) => {
          const sinceMs = deviceTimeToServerMs(connector.since, clockOffsetMs);
          return (
            <li key={connector.connectorId} className="connector">
              <span className="connector-id" title={connector.connectorId === 0 ? 'Connector 0: the charge point as a whole' : undefined}>
                #{connector.connectorId}
              </span>
              <span className={`status-pill tone-${CONNECTOR_TONES[connector.status] ?? 'offline'}`}>{connector.status}</span>
              <span className={connector.errorCode === 'NoError' ? 'connector-error is-none' : 'connector-error tone-text-faulted'}>
                {connector.errorCode === 'NoError' ? '' : connector.errorCode}
              </span>
              <span className="since" title={sinceMs === null ? 'The charge point gave no time for this status' : `Since ${formatAbsolute(sinceMs)}`}>
                {sinceMs === null ? 'since unknown' : `for ${formatDuration(nowMs - sinceMs)}`}
              </span>
            </li>
          );
        })}
      </ul>
      <SectionHeading atMs={null} nowMs={nowMs} timeNote="Meter readings carry no time in the device detail; the Charts tab shows when they were taken.">
        Meter
      </SectionHeading>
      <dl className="fields">
        <Field label="Energy">{kilo(state.energyWh, 'kWh', 1)}</Field>
        <Field label="Power">{kilo(state.powerW, 'kW', 1)}</Field>
      </dl>
      <SectionHeading>Charge point</SectionHeading>
      <dl className="fields">
        <Field label="Heartbeat" title={heartbeatMs === null ? undefined : formatAbsolute(heartbeatMs)} tone={heartbeatMs !== null && nowMs - heartbeatMs > HEARTBEAT_STALE_MS ? 'stale' : undefined}>
          {formatAge(heartbeatMs, nowMs)}
        </Field>
        <Field label="Vendor">{[state.vendor, state.model].filter(Boolean).join(' · ') || '—'}</Field>
      </dl>
    </>
  );
}
