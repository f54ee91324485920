/**
 * What the backend answered to a refused reservation, in its own words (they explain the conflict),
 * under a heading that says what kind of refusal it is; a conflict with another reservation offers to
 * show that one, and summarises it once the console holds it.
 */
import type { ErrorCode } from '../../../shared/result.js';
import type { Reservation } from '../../../shared/reservations.js';
import type { Refusal } from './reservation-form.js';
import { RESERVATION_STATUS_LABELS, windowText } from './reservation-words.js';

const HEADINGS: Readonly<Record<ErrorCode, string>> = {
  conflict: 'Refused: the device cannot be held for this window',
  invalid: 'Refused: not a valid reservation',
  notFound: 'Refused: no such device',
  forbidden: 'Refused: your role may not make reservations',
  unauthenticated: 'Refused: the session has ended',
  unavailable: 'Not sent: the backend cannot be reached',
  internal: 'The backend failed to make it',
};

interface ReservationRefusalProps {
  readonly refusal: Refusal;
  readonly holder: Reservation | undefined;
  readonly nowMs: number;
  readonly timeZone: string;
  readonly onShow: (reservationId: number) => void;
}

export function ReservationRefusal({ refusal, holder, nowMs, timeZone, onShow }: ReservationRefusalProps) {
  return (
    <div className="reservation-refusal" role="alert" data-testid="reservation-refusal" data-code={refusal.code}>
      <div className="refusal-heading">{HEADINGS[refusal.code]}</div>
      <p className="refusal-message" data-testid="reservation-refusal-message">
        {refusal.message}
      </p>
      {refusal.conflictId !== null && (
        <div className="refusal-holder">
          {holder && (
            <span className="holder-summary" data-testid="reservation-refusal-holder">
              <span className={`reservation-dot status-${holder.status}`} aria-hidden="true" />#{holder.id} {RESERVATION_STATUS_LABELS[holder.status]} · <span className="mono">{holder.customerRef}</span> · {windowText(holder, nowMs, timeZone)} · by {holder.createdBy}
            </span>
          )}
          <button type="button" className="link-button" data-testid="reservation-refusal-show" onClick={() => onShow(refusal.conflictId ?? 0)}>
            Show reservation {refusal.conflictId} in the list
          </button>
        </div>
      )}
    </div>
  );
}
