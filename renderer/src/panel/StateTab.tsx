/** The State tab: who the device is, how it is connected, and its last state, every value with its age. */
import type { DeviceDetail } from '../../../shared/device-detail.js';
import { formatClockOffset, parseTime } from '../ui/format.js';
import { CarStateSection } from './CarStateSection.js';
import { ChargePointSection } from './ChargePointSection.js';
import { Field } from './Field.js';
import { SectionHeading } from './SectionHeading.js';
import { carStateTimeMs } from './state-age.js';

/** A device clock further off than this is worth the operator's attention. */
const CLOCK_OFFSET_WARNING_MS = 30_000;

interface StateTabProps {
  readonly detail: DeviceDetail | null;
  readonly error: string | null;
  readonly nowMs: number;
  readonly onOpenStation: (stationId: string) => void;
}

function IdentitySection({ detail, onOpenStation }: { readonly detail: DeviceDetail; readonly onOpenStation: (stationId: string) => void }) {
  const { station } = detail;
  return (
    <dl className="fields" data-testid="device-identity">
      <Field label="Model">
        {detail.model.manufacturer} {detail.model.name}
      </Field>
      <Field label="Serial">
        <span className="mono">{detail.serialNumber}</span>
      </Field>
      {detail.kind === 'car' && (
        <Field label="Plate">
          <span className="mono">{detail.plate}</span>
        </Field>
      )}
      <Field label="Station">
        {station ? (
          <button type="button" className="link-button" data-testid="station-link" title={`Open station ${station.id}`} onClick={() => onOpenStation(station.id)}>
            {station.name}
          </button>
        ) : (
          '—'
        )}
      </Field>
      {station && (
        <Field label="Address">
          {station.address}, {station.city}
        </Field>
      )}
      <Field label="Firmware">
        <span className="mono">{detail.firmwareVersion ?? '—'}</span>
      </Field>
    </dl>
  );
}

export function StateTab({ detail, error, nowMs, onOpenStation }: StateTabProps) {
  if (!detail) {
    if (error) return <p className="panel-error" role="alert">Could not load the device: {error}</p>;
    return <p className="panel-loading">Loading details…</p>;
  }
  const offsetMs = detail.clockOffsetMs;
  const lastSeenMs = parseTime(detail.lastSeenAt);
  const isClockOff = detail.isClockFarOff || (offsetMs !== null && Math.abs(offsetMs) > CLOCK_OFFSET_WARNING_MS);
  return (
    <>
      {error && (
        <p className="panel-error" role="alert">
          Could not refresh: {error}. Showing what was known.
        </p>
      )}
      <IdentitySection detail={detail} onOpenStation={onOpenStation} />
      <SectionHeading>Connection</SectionHeading>
      <dl className="fields">
        <Field label="Link">{detail.isOnline ? 'connected' : 'not connected'}</Field>
        <Field label="Device clock" tone={isClockOff ? 'stale' : undefined} title={detail.deviceTime ? `Device time in its last message: ${detail.deviceTime}` : undefined}>
          {offsetMs === null ? 'not known yet' : formatClockOffset(offsetMs)}
          {detail.isClockFarOff && ' · far off, its times are suspect'}
        </Field>
      </dl>
      {detail.kind === 'car' && detail.state && <CarStateSection state={detail.state} stateAtMs={carStateTimeMs(detail.state, offsetMs, lastSeenMs)} nowMs={nowMs} />}
      {detail.kind === 'chargePoint' && detail.state && <ChargePointSection state={detail.state} clockOffsetMs={offsetMs} nowMs={nowMs} />}
      {!detail.state && <p className="tone-text-muted">No state received from this device yet.</p>}
    </>
  );
}
