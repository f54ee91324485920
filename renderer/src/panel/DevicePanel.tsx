/**
 * The selected device: who it is, its state with its colour, and how old every value is. Status and
 * "last heard" come live from the FleetModel; the rest from the backend's detail, refreshed on change.
 */
import type { DeviceDetail } from '../../../shared/device-detail.js';
import { STATUS_LABELS, isStale, kindFromCode, statusFromCode } from '../../../shared/fleet.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { formatAbsolute, formatAge, formatClockOffset, parseTime } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import { CarStateSection } from './CarStateSection.js';
import { ChargePointSection } from './ChargePointSection.js';
import { Field } from './Field.js';
import { useDeviceDetail } from './use-device-detail.js';

/** A device clock further off than this is worth the operator's attention. */
const CLOCK_OFFSET_WARNING_MS = 30_000;

function IdentitySection({ detail }: { readonly detail: DeviceDetail }) {
  return (
    <dl className="fields">
      <Field label="Model">
        {detail.model.manufacturer} {detail.model.name}
      </Field>
      <Field label="Serial">{detail.serialNumber}</Field>
      {detail.kind === 'car' && <Field label="Plate">{detail.plate}</Field>}
      <Field label="Station" title={detail.station?.id}>
        {detail.station ? detail.station.name : '—'}
      </Field>
      {detail.station && (
        <Field label="Address">
          {detail.station.address}, {detail.station.city}
        </Field>
      )}
      <Field label="Firmware">{detail.firmwareVersion ?? '—'}</Field>
    </dl>
  );
}

export function DevicePanel({ controller }: { readonly controller: FleetController }) {
  const deviceId = useConsoleStore((state) => state.selectedDeviceId);
  if (deviceId === null) return null;
  return <DevicePanelContent key={deviceId} controller={controller} deviceId={deviceId} />;
}

function DevicePanelContent({ controller, deviceId }: { readonly controller: FleetController; readonly deviceId: string }) {
  const select = useConsoleStore((state) => state.select);
  const { detail, error } = useDeviceDetail(controller, deviceId);
  const localNow = useNow();
  const model = controller.model;
  const serverNow = localNow + model.serverOffsetMs;
  const index = model.indexOf(deviceId);
  const fleetEntry = index >= 0 ? model.devices[index] : undefined;

  const kind = index >= 0 ? kindFromCode(model.kind[index] ?? 0) : detail?.kind ?? 'car';
  const status = index >= 0 ? statusFromCode(model.status[index] ?? 0) : detail?.status ?? 'offline';
  const lastSeenMs = index >= 0 ? (model.lastSeen[index] ?? 0) || null : parseTime(detail?.lastSeenAt);
  const isStaleNow = status !== 'offline' && (lastSeenMs === null || isStale(kind, lastSeenMs, serverNow));
  const offsetMs = detail?.clockOffsetMs ?? null;

  return (
    <aside className="device-panel" data-testid="device-panel" aria-label={`Device ${deviceId}`}>
      <header className="panel-header">
        <div>
          <div className="panel-kind">{kind === 'car' ? 'Car' : 'Charge point'}</div>
          <h2 className="panel-title" data-testid="device-panel-id">
            {deviceId}
          </h2>
          {fleetEntry && fleetEntry.label !== deviceId && <div className="panel-subtitle">{fleetEntry.label}</div>}
        </div>
        <button type="button" className="close-button" onClick={() => select(null)} title="Close (Esc)" aria-label="Close panel">
          ×
        </button>
      </header>

      <div className="panel-status">
        <span className={`status-badge tone-${status}${isStaleNow ? ' is-stale' : ''}`}>
          <span className={`status-marker shape-${kind === 'car' ? 'circle' : 'square'}`} aria-hidden="true" />
          {STATUS_LABELS[status]}
          {isStaleNow && <span className="stale-tag">stale</span>}
        </span>
        <span
          className={`age${isStaleNow ? ' is-stale' : ''}`}
          data-testid="device-panel-age"
          title={lastSeenMs === null ? 'Never heard from' : `Last message received ${formatAbsolute(lastSeenMs)}`}
        >
          last heard {formatAge(lastSeenMs, serverNow)}
        </span>
      </div>

      {error && <p className="panel-error" role="alert">{error}</p>}
      {!detail && !error && <p className="panel-loading">Loading details…</p>}

      {detail && (
        <div className="panel-body">
          <IdentitySection detail={detail} />
          <h3 className="panel-heading">Connection</h3>
          <dl className="fields">
            <Field label="Online">{detail.isOnline ? 'connected' : 'not connected'}</Field>
            <Field
              label="Device clock"
              tone={detail.isClockFarOff || (offsetMs !== null && Math.abs(offsetMs) > CLOCK_OFFSET_WARNING_MS) ? 'stale' : undefined}
              title={detail.deviceTime ? `Device time in its last message: ${detail.deviceTime}` : undefined}
            >
              {offsetMs === null ? '—' : formatClockOffset(offsetMs)}
              {detail.isClockFarOff && ' · far off'}
            </Field>
          </dl>
          {detail.kind === 'car' && detail.state && <CarStateSection state={detail.state} receivedAtMs={parseTime(detail.lastSeenAt)} nowMs={serverNow} />}
          {detail.kind === 'chargePoint' && detail.state && <ChargePointSection state={detail.state} nowMs={serverNow} />}
          {!detail.state && <p className="tone-text-muted">No state received from this device yet.</p>}
        </div>
      )}
    </aside>
  );
}
