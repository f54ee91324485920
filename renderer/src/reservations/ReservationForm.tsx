/**
 * A new reservation, in the side panel beside the list: device, customer, window (from now, for an
 * hour), and for a charge point its connector and idTag. The shared schema and the backend's time rules
 * are checked before sending; what the backend still refuses is shown as it words it, and a conflict
 * offers to show the reservation that holds the device.
 */
import { useState } from 'react';
import { STATUS_LABELS } from '../../../shared/fleet.js';
import type { Reservation } from '../../../shared/reservations.js';
import { DeviceMarker } from '../find/DeviceMarker.js';
import { fleetController, fleetModel } from '../sync/fleet-controller.js';
import { DeviceField } from './DeviceField.js';
import { lookUpDevice, type DeviceLook } from './reservation-devices.js';
import { checkForm, conflictingReservationId, defaultFormValues, endAfter, withStart, type FormField, type FormProblems, type Refusal, type ReservationFormValues } from './reservation-form.js';
import { ReservationRefusal } from './ReservationRefusal.js';
import { lengthText, windowText } from './reservation-words.js';
import { fromLocalInput, toLocalInput } from './zoned-time.js';

const LENGTHS: readonly { readonly label: string; readonly ms: number }[] = [
  { label: '30 min', ms: 30 * 60_000 },
  { label: '1 h', ms: 3_600_000 },
  { label: '2 h', ms: 2 * 3_600_000 },
  { label: '4 h', ms: 4 * 3_600_000 },
];

/** Why the backend would refuse this device now (the same rules as backend/reservations/service.ts), or null. */
function unfitness(device: DeviceLook): string | null {
  if (device.status === 'offline' || device.isStale) return 'it has not been heard from recently';
  if (device.status === 'inUse' || device.status === 'charging') return 'it is in use';
  if (device.status === 'faulted') return 'it is faulted';
  return null;
}

function DeviceHint({ device }: { readonly device: DeviceLook }) {
  if (!device.kind || !device.status) return null;
  const unfit = unfitness(device);
  return (
    <div className="form-hint" data-testid="reservation-form-device-hint">
      <DeviceMarker kind={device.kind} status={device.status} isStale={device.isStale} />
      {device.kind === 'car' ? 'Car' : 'Charge point'} {device.label} · <span className={`tone-text tone-${device.status}`}>{STATUS_LABELS[device.status]}</span>
      {device.stationName ? ` · ${device.stationName}` : ''}
      {unfit && <span className="form-warning">Likely refused: {unfit}.</span>}
    </div>
  );
}

function Problem({ problems, field }: { readonly problems: FormProblems; readonly field: FormField }) {
  const problem = problems[field];
  return problem ? (
    <div className="field-problem" data-testid={`reservation-problem-${field}`}>
      {problem}
    </div>
  ) : null;
}

interface ReservationFormProps {
  readonly initialDeviceId: string;
  readonly nowMs: number;
  readonly timeZone: string;
  readonly onCreated: (reservation: Reservation) => void;
  readonly onClose: () => void;
  /** Brings the reservation a conflict names into the list and onto the cursor. */
  readonly onShowReservation: (reservationId: number, deviceId: string, window: { readonly startsAtMs: number; readonly endsAtMs: number }) => void;
  readonly lookup: (reservationId: number) => Reservation | undefined;
}

export function ReservationForm({ initialDeviceId, nowMs, timeZone, onCreated, onClose, onShowReservation, lookup }: ReservationFormProps) {
  const [values, setValues] = useState<ReservationFormValues>(() => defaultFormValues(nowMs, timeZone, initialDeviceId));
  const [isChecked, setChecked] = useState(false);
  const [isSending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const device = lookUpDevice(fleetModel, values.deviceId.trim(), nowMs);
  const check = checkForm(values, device.kind, nowMs, timeZone);
  // Problems show once the operator tried to send, then follow every change.
  const problems: FormProblems = isChecked && !check.ok ? check.problems : {};
  const set = (change: Partial<ReservationFormValues>) => setValues((before) => ({ ...before, ...change }));
  const startMs = fromLocalInput(values.startsAt, timeZone);
  const endMs = fromLocalInput(values.endsAt, timeZone);
  const isChargePoint = device.kind === 'chargePoint';

  const submit = async () => {
    setChecked(true);
    if (!check.ok || isSending) return;
    setSending(true);
    setRefusal(null);
    const answer = await fleetController.request('reservation:create', check.request);
    setSending(false);
    if (answer.ok) onCreated(answer.value);
    else setRefusal({ code: answer.error.code, message: answer.error.message, conflictId: answer.error.code === 'conflict' ? conflictingReservationId(answer.error.message) : null });
  };

  return (
    <aside className="reservation-side reservation-form-panel" aria-label="New reservation" data-testid="reservation-form">
      <header className="panel-header">
        <div>
          <div className="panel-kind">New reservation</div>
          <h2 className="panel-title form-title">{values.deviceId.trim() || 'Choose a device'}</h2>
        </div>
        <button type="button" className="close-button" aria-label="Close (Esc)" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </header>
      <form
        className="reservation-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label className="form-label" htmlFor="reservation-device">
          Device
        </label>
        <div className="form-control">
          <DeviceField
            id="reservation-device"
            value={values.deviceId}
            onChange={(deviceId) => set({ deviceId })}
            onPick={(deviceId) => set({ deviceId })}
            placeholder="Id, plate or serial number"
            testId="reservation-form-device"
            isInvalid={problems.deviceId !== undefined}
            autoFocus={initialDeviceId === ''}
          />
          <DeviceHint device={device} />
          <Problem problems={problems} field="deviceId" />
        </div>

        <label className="form-label" htmlFor="reservation-customer">
          Customer
        </label>
        <div className="form-control">
          <input
            id="reservation-customer"
            className="text-field"
            data-testid="reservation-form-customer"
            placeholder="Account, e-mail or booking code"
            spellCheck={false}
            autoComplete="off"
            autoFocus={initialDeviceId !== ''}
            aria-invalid={problems.customerRef !== undefined}
            value={values.customerRef}
            onChange={(event) => set({ customerRef: event.target.value })}
          />
          <Problem problems={problems} field="customerRef" />
        </div>

        <label className="form-label" htmlFor="reservation-start">
          Start
        </label>
        <div className="form-control">
          <div className="form-inline">
            <input id="reservation-start" type="datetime-local" className="text-field time-field" data-testid="reservation-form-start" aria-invalid={problems.startsAt !== undefined} value={values.startsAt} onChange={(event) => setValues((before) => withStart(before, event.target.value, timeZone))} />
            <button type="button" className="chip-button" title="Start now, keeping the length" onClick={() => setValues((before) => withStart(before, toLocalInput(nowMs, timeZone), timeZone))}>
              Now
            </button>
          </div>
          <Problem problems={problems} field="startsAt" />
        </div>

        <label className="form-label" htmlFor="reservation-end">
          End
        </label>
        <div className="form-control">
          <div className="form-inline">
            <input id="reservation-end" type="datetime-local" className="text-field time-field" data-testid="reservation-form-end" aria-invalid={problems.endsAt !== undefined} value={values.endsAt} onChange={(event) => set({ endsAt: event.target.value })} />
            {LENGTHS.map((length) => {
              const isOn = startMs !== null && endMs !== null && endMs - startMs === length.ms;
              return (
                <button key={length.label} type="button" className={`chip-button${isOn ? ' is-on' : ''}`} aria-pressed={isOn} title={`End ${length.label} after the start`} onClick={() => set({ endsAt: endAfter(values, length.ms, timeZone) })}>
                  {length.label}
                </button>
              );
            })}
          </div>
          {startMs !== null && endMs !== null && endMs > startMs && (
            <div className="form-hint" data-testid="reservation-form-window">
              {check.ok && check.startsNow ? 'Starts now' : windowText({ startsAtMs: startMs, endsAtMs: endMs }, nowMs, timeZone)} · {lengthText({ startsAtMs: startMs, endsAtMs: endMs })} · {timeZone}
            </div>
          )}
          <Problem problems={problems} field="endsAt" />
        </div>

        {isChargePoint && (
          <>
            <label className="form-label" htmlFor="reservation-connector">
              Connector
            </label>
            <div className="form-control form-inline connector-line">
              <input id="reservation-connector" className="text-field connector-field" inputMode="numeric" data-testid="reservation-form-connector" aria-invalid={problems.connectorId !== undefined} value={values.connectorId} onChange={(event) => set({ connectorId: event.target.value })} />
              <label className="form-label inline-label" htmlFor="reservation-id-tag">
                idTag
              </label>
              <input
                id="reservation-id-tag"
                className="text-field"
                data-testid="reservation-form-id-tag"
                placeholder={values.customerRef.trim() ? `${values.customerRef.trim().slice(0, 20)} (the customer)` : 'the customer reference'}
                spellCheck={false}
                autoComplete="off"
                aria-invalid={problems.idTag !== undefined}
                value={values.idTag}
                onChange={(event) => set({ idTag: event.target.value })}
              />
            </div>
            <div />
            <div className="form-control">
              <Problem problems={problems} field="connectorId" />
              <Problem problems={problems} field="idTag" />
            </div>
          </>
        )}

        {refusal && (
          <ReservationRefusal
            refusal={refusal}
            holder={refusal.conflictId === null ? undefined : lookup(refusal.conflictId)}
            nowMs={nowMs}
            timeZone={timeZone}
            onShow={(reservationId) => onShowReservation(reservationId, check.ok ? check.request.deviceId : values.deviceId.trim(), { startsAtMs: startMs ?? nowMs, endsAtMs: endMs ?? nowMs })}
          />
        )}

        <footer className="form-actions">
          <button type="submit" className="primary-button" data-testid="reservation-form-submit" disabled={isSending}>
            {isSending ? 'Reserving…' : 'Reserve'}
          </button>
          <button type="button" className="quiet-button" onClick={onClose}>
            Close
          </button>
          <span className="dialog-hint">
            <kbd>Enter</kbd> reserve · <kbd>Esc</kbd> leave field, then close
          </span>
        </footer>
      </form>
    </aside>
  );
}
