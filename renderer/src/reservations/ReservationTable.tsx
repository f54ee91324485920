/**
 * The reservations as a dense table: status, device (its shape and current state, id and label),
 * customer, window in the operator's time zone, how far it is from now, why it ended or the flag
 * asking for another device, and who made it. A click opens a row; the device id opens it on the map.
 */
import { memo, useEffect, useRef } from 'react';
import type { Reservation } from '../../../shared/reservations.js';
import { DeviceMarker } from '../find/DeviceMarker.js';
import { formatAbsolute } from '../ui/format.js';
import type { DeviceLook } from './reservation-devices.js';
import { RESERVATION_STATUS_HINTS, RESERVATION_STATUS_LABELS, holdText, statusTone } from './reservation-words.js';

/** What a row shows, worked out by the view so that the once-a-second tick redraws only rows whose text changes. */
export interface RowTexts {
  readonly window: string;
  readonly length: string;
  readonly when: string;
  readonly isUnderWay: boolean;
  readonly flag: string | null;
  readonly reason: string | null;
}

/** Flat, so that memo's shallow comparison sees through them: texts and looks are new objects every tick. */
interface RowProps extends RowTexts {
  readonly reservation: Reservation;
  readonly deviceKind: DeviceLook['kind'];
  readonly deviceStatus: DeviceLook['status'];
  readonly isDeviceStale: boolean;
  readonly deviceLabel: string;
  readonly stationName: string | null;
  readonly isCursor: boolean;
  readonly isOpen: boolean;
  readonly isFresh: boolean;
  readonly onOpen: (reservationId: number) => void;
  readonly onDevice: (deviceId: string) => void;
}

const ReservationRow = memo(function ReservationRow(props: RowProps) {
  const { reservation, deviceKind, deviceStatus, isDeviceStale, deviceLabel, stationName, isCursor, isOpen, isFresh, onOpen, onDevice } = props;
  const element = useRef<HTMLTableRowElement>(null);
  const tone = statusTone(reservation.status);
  const hold = holdText(reservation);

  useEffect(() => {
    if (isCursor || isFresh) element.current?.scrollIntoView({ block: 'nearest' });
  }, [isCursor, isFresh]);

  return (
    <tr
      ref={element}
      className={`reservation-row tone-${tone}${isCursor ? ' is-cursor' : ''}${isOpen ? ' is-open' : ''}${isFresh ? ' is-fresh' : ''}${props.flag ? ' is-flagged' : ''}`}
      aria-selected={isOpen}
      data-testid="reservation-row"
      data-reservation-id={reservation.id}
      data-device-id={reservation.deviceId}
      data-customer={reservation.customerRef}
      data-status={reservation.status}
      data-device-status={deviceStatus ?? 'unknown'}
      data-cursor={isCursor}
      onClick={() => onOpen(reservation.id)}
    >
      <td className="cell-status" title={RESERVATION_STATUS_HINTS[reservation.status]}>
        <span className={`reservation-dot status-${reservation.status}`} aria-hidden="true" />
        {RESERVATION_STATUS_LABELS[reservation.status]}
      </td>
      <td className="cell-device">
        {deviceKind && deviceStatus ? <DeviceMarker kind={deviceKind} status={deviceStatus} isStale={isDeviceStale} /> : <span className="find-marker is-neutral" aria-hidden="true" />}
        <button
          type="button"
          className="device-link"
          title={`Show ${reservation.deviceId} on the map${stationName ? ` (${stationName})` : ''}`}
          data-testid="reservation-device-link"
          onClick={(event) => {
            event.stopPropagation();
            onDevice(reservation.deviceId);
          }}
        >
          {reservation.deviceId}
        </button>
        <span className="device-id">{deviceKind ? deviceLabel : 'not in this fleet'}</span>
      </td>
      <td className="cell-customer">{reservation.customerRef}</td>
      <td className="cell-window" title={`${formatAbsolute(reservation.startsAtMs)} to ${formatAbsolute(reservation.endsAtMs)}`}>
        {props.window}
      </td>
      <td className="cell-length">{props.length}</td>
      <td className={`cell-when${props.isUnderWay ? ' is-under-way' : ''}`}>{props.when}</td>
      <td className="cell-note">
        {props.flag && (
          <span className="flag-badge" data-testid="reservation-flag" title={`Flagged ${formatAbsolute(reservation.flaggedAtMs ?? 0)}: dispatch should move this reservation to another device`}>
            <span aria-hidden="true">⚑</span> {props.flag}
          </span>
        )}
        {!props.flag && props.reason && (
          <span className="reservation-reason" data-testid="reservation-reason">
            {props.reason}
          </span>
        )}
        {!props.flag && !props.reason && hold && <span className="reservation-hold">{hold}</span>}
      </td>
      <td className="cell-by" title={`Made ${formatAbsolute(reservation.createdAtMs)} by ${reservation.createdBy}`}>
        {reservation.createdBy}
      </td>
      <td className="cell-number">{reservation.id}</td>
    </tr>
  );
});

interface ReservationTableProps {
  readonly rows: readonly Reservation[];
  readonly devices: ReadonlyMap<string, DeviceLook>;
  readonly texts: ReadonlyMap<number, RowTexts>;
  readonly cursorId: number | null;
  readonly openId: number | null;
  readonly freshId: number | null;
  readonly onOpen: (reservationId: number) => void;
  readonly onDevice: (deviceId: string) => void;
}

export function ReservationTable({ rows, devices, texts, cursorId, openId, freshId, onOpen, onDevice }: ReservationTableProps) {
  return (
    <div className="reservation-scroll">
      <table className="reservation-table" data-testid="reservation-table" data-count={rows.length}>
        <thead>
          <tr>
            <th className="cell-status">Status</th>
            <th className="cell-device">Device</th>
            <th className="cell-customer">Customer</th>
            <th className="cell-window" title="In your time zone; the exact times on hover">
              Window
            </th>
            <th className="cell-length">Length</th>
            <th className="cell-when">When</th>
            <th className="cell-note" title="Why it ended, the flag asking dispatch to reassign it, or what a charge point holds">
              Details
            </th>
            <th className="cell-by">Made by</th>
            <th className="cell-number">#</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((reservation) => {
            const rowTexts = texts.get(reservation.id);
            const device = devices.get(reservation.deviceId);
            if (!rowTexts || !device) return null;
            return (
              <ReservationRow
                key={reservation.id}
                reservation={reservation}
                deviceKind={device.kind}
                deviceStatus={device.status}
                isDeviceStale={device.isStale}
                deviceLabel={device.label}
                stationName={device.stationName}
                {...rowTexts}
                isCursor={reservation.id === cursorId}
                isOpen={reservation.id === openId}
                isFresh={reservation.id === freshId}
                onOpen={onOpen}
                onDevice={onDevice}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
