/**
 * One reservation in the side panel: its status and why, the flag when its device was lost, the device
 * as it is now, the customer, the window with exact times in the operator's zone, what a charge point
 * holds, who made it; and what can be done: cancel it, show the device, list the device's or the
 * customer's reservations.
 */
import { STATUS_LABELS } from '../../../shared/fleet.js';
import { isHolding, type Reservation } from '../../../shared/reservations.js';
import { DeviceMarker } from '../find/DeviceMarker.js';
import { formatAbsolute, formatAge } from '../ui/format.js';
import type { DeviceLook } from './reservation-devices.js';
import { RESERVATION_STATUS_HINTS, RESERVATION_STATUS_LABELS, flagText, lengthText, statusTone, whenText, windowText } from './reservation-words.js';

interface ReservationDetailProps {
  readonly reservation: Reservation;
  readonly device: DeviceLook;
  readonly nowMs: number;
  readonly timeZone: string;
  readonly canCancel: boolean;
  readonly onClose: () => void;
  readonly onCancel: (reservation: Reservation) => void;
  readonly onDevice: (deviceId: string) => void;
  readonly onListDevice: (deviceId: string) => void;
  readonly onListCustomer: (customerRef: string) => void;
}

export function ReservationDetail({ reservation, device, nowMs, timeZone, canCancel, onClose, onCancel, onDevice, onListDevice, onListCustomer }: ReservationDetailProps) {
  const flag = flagText(reservation, nowMs, timeZone);
  const isHeld = isHolding(reservation.status);
  const kindWord = device.kind === 'car' ? 'Car' : device.kind === 'chargePoint' ? 'Charge point' : 'Device';
  return (
    <aside className={`reservation-side reservation-detail tone-${statusTone(reservation.status)}`} aria-label={`Reservation ${reservation.id}`} data-testid="reservation-detail" data-reservation-id={reservation.id}>
      <header className="panel-header">
        <div>
          <div className="panel-kind">Reservation</div>
          <h2 className="panel-title">#{reservation.id}</h2>
        </div>
        <button type="button" className="close-button" aria-label="Close (Esc)" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="panel-status">
        <span className={`reservation-badge status-${reservation.status}`} title={RESERVATION_STATUS_HINTS[reservation.status]} data-testid="reservation-detail-status">
          <span className={`reservation-dot status-${reservation.status}`} aria-hidden="true" />
          {RESERVATION_STATUS_LABELS[reservation.status]}
        </span>
        <span className="age">{whenText(reservation, nowMs)}</span>
      </div>
      <div className="panel-body">
        {flag && (
          <p className="flag-banner" role="status" data-testid="reservation-detail-flag">
            <span aria-hidden="true">⚑</span> {flag}. {reservation.flagReason}: dispatch should move the customer to another device.
          </p>
        )}
        {!isHeld && reservation.statusReason && (
          <p className={`reason-banner status-${reservation.status}`} data-testid="reservation-detail-reason">
            {reservation.statusReason}
          </p>
        )}
        <dl className="fields reservation-fields">
          <dt>{kindWord}</dt>
          <dd className="detail-device">
            {device.kind && device.status && <DeviceMarker kind={device.kind} status={device.status} isStale={device.isStale} />}
            <button type="button" className="device-link" data-testid="reservation-detail-device" onClick={() => onDevice(reservation.deviceId)}>
              {reservation.deviceId}
            </button>
            <span className="device-id">{device.label}</span>
          </dd>
          <dt>Now</dt>
          <dd className={device.status ? `tone-${device.status} device-now` : 'field-note'}>
            {device.status ? `${STATUS_LABELS[device.status]}${device.isStale ? ' · stale' : ''}${device.stationName ? ` · ${device.stationName}` : ''}` : 'Not in this fleet'}
          </dd>
          <dt>Customer</dt>
          <dd className="mono">{reservation.customerRef}</dd>
          <dt>Window</dt>
          <dd>
            {windowText(reservation, nowMs, timeZone)} <span className="field-note">· {lengthText(reservation)}</span>
          </dd>
          <dt>From</dt>
          <dd className="exact-time">{formatAbsolute(reservation.startsAtMs, timeZone)}</dd>
          <dt>To</dt>
          <dd className="exact-time">{formatAbsolute(reservation.endsAtMs, timeZone)}</dd>
          {reservation.connectorId !== null && (
            <>
              <dt>Connector</dt>
              <dd>{reservation.connectorId}</dd>
            </>
          )}
          {reservation.idTag !== null && (
            <>
              <dt>idTag</dt>
              <dd className="mono">{reservation.idTag}</dd>
            </>
          )}
          <dt>Made by</dt>
          <dd title={formatAbsolute(reservation.createdAtMs, timeZone)}>
            {reservation.createdBy} <span className="field-note">· {formatAge(reservation.createdAtMs, nowMs)}</span>
          </dd>
          {reservation.updatedAtMs !== reservation.createdAtMs && (
            <>
              <dt>Changed</dt>
              <dd title={formatAbsolute(reservation.updatedAtMs, timeZone)}>{formatAge(reservation.updatedAtMs, nowMs)}</dd>
            </>
          )}
        </dl>
        <div className="detail-actions">
          {isHeld && (
            <button type="button" className="danger-button" data-testid="reservation-cancel" disabled={!canCancel} title={canCancel ? 'Free the device: asks for a confirmation' : 'Your role may not cancel reservations'} onClick={() => onCancel(reservation)}>
              Cancel reservation…
            </button>
          )}
          <button type="button" className="quiet-button" onClick={() => onDevice(reservation.deviceId)}>
            Show on map
          </button>
        </div>
        <div className="detail-links">
          <button type="button" className="link-button" data-testid="reservation-list-device" onClick={() => onListDevice(reservation.deviceId)}>
            All of {reservation.deviceId}’s reservations
          </button>
          <button type="button" className="link-button" data-testid="reservation-list-customer" onClick={() => onListCustomer(reservation.customerRef)}>
            All of {reservation.customerRef}’s reservations
          </button>
        </div>
      </div>
    </aside>
  );
}
