/**
 * A reservation on the customer timeline: its window, its outcome with the reason (a charge point that
 * answered Occupied or Faulted), who made it, and the flag dispatch saw when its device went away.
 */
import type { Reservation } from '../../../shared/reservations.js';
import { formatAbsolute } from '../ui/format.js';
import type { StoryEntry } from './customer-story.js';
import { EntryFrame, StatusPill } from './EntryFrame.js';
import { RESERVATION_STATUS_LABELS } from '../reservations/reservation-words.js';
import { clockTime, windowText } from './support-time.js';

/** Statuses that ended the reservation: it has not changed since, so its last update is when. */
const ENDINGS: readonly Reservation['status'][] = ['refused', 'cancelled', 'expired', 'used'];

export function ReservationEntry({ entry, reservation, nowMs, isCursor }: { readonly entry: StoryEntry; readonly reservation: Reservation; readonly nowMs: number; readonly isCursor: boolean }) {
  const hasEnded = ENDINGS.includes(reservation.status);
  const holds = [reservation.idTag ? `idTag ${reservation.idTag}` : null, reservation.connectorId !== null ? `connector ${reservation.connectorId}` : null].filter((part) => part !== null);
  return (
    <EntryFrame
      entry={entry}
      nowMs={nowMs}
      isCursor={isCursor}
      title={
        <>
          Reservation <span className="support-number">#{reservation.id}</span> <span className="support-window">{windowText(reservation.startsAtMs, reservation.endsAtMs, nowMs)}</span>
        </>
      }
      status={
        <StatusPill tone={entry.tone === 'warn' ? 'plain' : entry.tone} testId="support-reservation-status">
          {RESERVATION_STATUS_LABELS[reservation.status]}
        </StatusPill>
      }
    >
      {reservation.statusReason && (
        <p className={`support-reason is-${reservation.status === 'refused' ? 'bad' : 'plain'}`} data-testid="support-reservation-reason">
          {reservation.statusReason}
          {hasEnded && (
            <span className="support-when" title={formatAbsolute(reservation.updatedAtMs)}>
              {' '}
              at {clockTime(reservation.updatedAtMs)}
            </span>
          )}
        </p>
      )}
      {reservation.flagReason && (
        <p className="support-reason is-warn" data-testid="support-reservation-flag">
          Flagged for dispatch: {reservation.flagReason}
          {reservation.flaggedAtMs !== null && (
            <span className="support-when" title={formatAbsolute(reservation.flaggedAtMs)}>
              {' '}
              since {clockTime(reservation.flaggedAtMs)}
            </span>
          )}
        </p>
      )}
      <p className="support-meta">
        <span title={formatAbsolute(reservation.createdAtMs)}>
          Made by {reservation.createdBy} at {clockTime(reservation.createdAtMs)}
        </span>
        {holds.length > 0 && <span>{holds.join(' · ')}</span>}
      </p>
    </EntryFrame>
  );
}
