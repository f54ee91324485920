/**
 * Cancelling a reservation frees its device for others, so it is confirmed, with an optional reason the
 * audit keeps. Enter confirms (Shift+Enter starts a new line), Esc keeps the reservation. A refusal
 * (it ended meanwhile) is shown as the backend words it.
 */
import { useState } from 'react';
import type { Reservation } from '../../../shared/reservations.js';
import { windowText } from './reservation-words.js';
import { useEscape } from '../ui/use-escape.js';

const REASON_MAX = 500;

interface CancelDialogProps {
  readonly reservation: Reservation;
  readonly nowMs: number;
  readonly timeZone: string;
  readonly isSending: boolean;
  readonly problem: string | null;
  readonly onConfirm: (reason: string) => void;
  readonly onDismiss: () => void;
}

export function CancelDialog({ reservation, nowMs, timeZone, isSending, problem, onConfirm, onDismiss }: CancelDialogProps) {
  const [reason, setReason] = useState('');

  // Esc keeps the reservation.
  useEscape(onDismiss);

  const title = `Cancel reservation ${reservation.id}?`;
  return (
    <div className="overlay-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onDismiss()}>
      <form
        className="acknowledge-dialog cancel-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid="reservation-cancel-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm(reason);
        }}
      >
        <h2>{title}</h2>
        <p className="cancel-summary">
          <span className="mono">{reservation.deviceId}</span> for <span className="mono">{reservation.customerRef}</span>, {windowText(reservation, nowMs, timeZone)}. The device becomes free for others
          {reservation.connectorId !== null ? '; the charge point is told to release its connector' : ''}.
        </p>
        <label className="dialog-label" htmlFor="cancel-reason">
          Reason <span className="is-optional">optional, kept in the audit</span>
        </label>
        <textarea
          id="cancel-reason"
          className="dialog-comment"
          data-testid="reservation-cancel-reason"
          autoFocus
          rows={2}
          maxLength={REASON_MAX}
          placeholder="Customer called to cancel, device needed for maintenance…"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              onConfirm(reason);
            }
          }}
        />
        {problem && (
          <div className="dialog-problem" role="alert" data-testid="reservation-cancel-problem">
            {problem}
          </div>
        )}
        <footer className="dialog-actions">
          <span className="dialog-hint">
            <kbd>Enter</kbd> cancel it · <kbd>Esc</kbd> keep it
          </span>
          <button type="button" className="quiet-button" onClick={onDismiss}>
            Keep it
          </button>
          <button type="submit" className="danger-button" data-testid="reservation-cancel-confirm" disabled={isSending}>
            {isSending ? 'Cancelling…' : 'Cancel reservation'}
          </button>
        </footer>
      </form>
    </div>
  );
}
