/** The Timeline tab: the device's recent events, newest first, each with its age; older ones on demand. */
import { memo } from 'react';
import type { TimelineEvent } from '../../../shared/device-history.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { formatAbsolute, formatAge, formatDuration } from '../ui/format.js';
import { EVENT_KIND_LABELS, eventTone } from './timeline.js';
import { useDeviceTimeline } from './use-device-timeline.js';

/** Received this much later than it happened, an event came late (a backlog) and says so on hover. */
const LATE_AFTER_MS = 10_000;

function eventTitle(event: TimelineEvent): string {
  const occurred = `Happened ${formatAbsolute(event.occurredAtMs)}`;
  const lateMs = event.receivedAtMs - event.occurredAtMs;
  return lateMs > LATE_AFTER_MS ? `${occurred}\nReceived ${formatDuration(lateMs)} later` : occurred;
}

/** Memoised on the age text, so the once-a-second tick re-renders only the rows whose age reads differently. */
const EventRow = memo(function EventRow({ event, age }: { readonly event: TimelineEvent; readonly age: string }) {
  const tone = eventTone(event);
  return (
    <li className={`timeline-event${tone ? ` is-notable severity-${tone}` : ''}`} data-testid="timeline-event" data-kind={event.kind}>
      <span className="event-mark" title={EVENT_KIND_LABELS[event.kind]} />
      <div className="event-main">
        <div className="event-title">{event.title}</div>
        {event.detail && <div className="event-detail">{event.detail}</div>}
      </div>
      <time className="event-age" dateTime={new Date(event.occurredAtMs).toISOString()} title={eventTitle(event)}>
        {age}
      </time>
    </li>
  );
});

export function TimelineTab({ controller, deviceId, nowMs }: { readonly controller: FleetController; readonly deviceId: string; readonly nowMs: number }) {
  const timeline = useDeviceTimeline(controller, deviceId);
  const { events, hasMore } = timeline.list;
  return (
    <div className="timeline" data-testid="timeline">
      {timeline.error && (
        <p className="panel-error" role="alert">
          Could not load the timeline: {timeline.error}{' '}
          <button type="button" className="link-button" onClick={timeline.retry}>
            Retry
          </button>
        </p>
      )}
      {timeline.isLoading && <p className="panel-loading">Loading events…</p>}
      {!timeline.isLoading && !timeline.error && events.length === 0 && <p className="panel-empty">No events recorded for this device yet.</p>}
      {events.length > 0 && (
        <ol className="timeline-list" aria-label="Events, newest first">
          {events.map((event) => (
            <EventRow key={event.key} event={event} age={formatAge(event.occurredAtMs, nowMs)} />
          ))}
        </ol>
      )}
      {hasMore && (
        <button type="button" className="panel-button load-older" data-testid="timeline-older" disabled={timeline.isLoadingOlder} onClick={timeline.loadOlder}>
          {timeline.isLoadingOlder ? 'Loading older events…' : 'Load older'}
        </button>
      )}
      {!hasMore && events.length > 0 && <p className="timeline-end">Start of the recorded history</p>}
    </div>
  );
}
