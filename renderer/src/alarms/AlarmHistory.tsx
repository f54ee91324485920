/** An alarm's history, newest first: who did what and when, comments in full. */
import type { AlarmEvent } from '../../../shared/alarms.js';
import { formatAbsolute, formatAge } from '../ui/format.js';
import { EVENT_KIND_WORDS } from './alarm-words.js';

/** The operator's own words stand out; what the system did reads quieter. */
function isOperatorEvent(event: AlarmEvent): boolean {
  return event.by !== null;
}

export function AlarmHistory({ events, error, nowMs }: { readonly events: readonly AlarmEvent[] | null; readonly error: string | null; readonly nowMs: number }) {
  if (events === null) {
    if (error) return <p className="panel-error" role="alert">Could not load the history: {error}</p>;
    return <p className="panel-loading">Loading the history…</p>;
  }
  if (events.length === 0) return <p className="panel-empty">No history recorded.</p>;
  const newestFirst = [...events].reverse();
  return (
    <>
      {error && (
        <p className="panel-error" role="alert">
          Could not refresh: {error}. Showing what was known.
        </p>
      )}
      <ol className="alarm-history" aria-label="History, newest first" data-testid="alarm-history">
        {newestFirst.map((event) => (
          <li key={event.id} className={`history-event kind-${event.kind}${isOperatorEvent(event) ? ' by-operator' : ''}`} data-testid="alarm-history-event" data-kind={event.kind}>
            <span className="event-mark" aria-hidden="true" />
            <div className="event-main">
              <div className="event-title">
                {EVENT_KIND_WORDS[event.kind]}
                <span className="event-by">{event.by === null ? ' · system' : ` · ${event.by}`}</span>
              </div>
              {event.text && <div className={event.kind === 'commented' || event.kind === 'acknowledged' ? 'event-comment' : 'event-detail'}>{event.text}</div>}
            </div>
            <time className="event-age" dateTime={new Date(event.atMs).toISOString()} title={formatAbsolute(event.atMs)}>
              {formatAge(event.atMs, nowMs)}
            </time>
          </li>
        ))}
      </ol>
    </>
  );
}
