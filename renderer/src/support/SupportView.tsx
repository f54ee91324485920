/**
 * The support view (CONSOLE.md "support"): "why couldn't I unlock my car?" A customer reference gives
 * one timeline of their reservations, the commands sent to the devices they held and the alarms raised
 * on them, with a line on top that answers at a glance. The customer is in the URL hash; the timeline
 * follows the live books while it is on screen.
 */
import { useMemo, useState } from 'react';
import { CUSTOMER_REF_PATTERN } from '../../../shared/reservations.js';
import { useConsoleStore } from '../store/store.js';
import { formatAbsolute, formatAge } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import { customerStory, storyDevices } from './customer-story.js';
import { StoryDevices } from './StoryDevices.js';
import { StorySummary } from './StorySummary.js';
import { StoryTimeline } from './StoryTimeline.js';
import { SupportSearch } from './SupportSearch.js';
import { DEFAULT_SPAN_ID, supportSpan, type SupportSpanId } from './support-span.js';
import { useCustomerTimeline, type TimelineLoad } from './use-customer-timeline.js';
import './support.css';

type Loaded = Extract<TimelineLoad, { readonly state: 'loaded' }>;

function SupportBody({ load, spanId, onWiden }: { readonly load: Loaded; readonly spanId: SupportSpanId; readonly onWiden: () => void }) {
  const now = useNow();
  const entries = useMemo(() => customerStory(load.timeline), [load.timeline]);
  const devices = useMemo(() => storyDevices(entries), [entries]);
  return (
    <div className="support-body">
      <StorySummary timeline={load.timeline} query={load.query} nowMs={now} />
      {entries.length === 0 ? (
        <div className="support-empty" data-testid="support-empty">
          <p>
            No reservation for <strong>{load.query.customerRef}</strong> in the last {supportSpan(spanId).label} or booked ahead.
          </p>
          <p className="support-hint">Check the reference with the customer (it is matched exactly, capitals included){spanId === '90d' ? '.' : ', or look further back.'}</p>
          {spanId !== '90d' && (
            <button type="button" className="filter-button" data-testid="support-widen" onClick={onWiden}>
              Look back 90 days
            </button>
          )}
        </div>
      ) : (
        <div className="support-columns">
          <StoryTimeline entries={entries} nowMs={now} />
          <StoryDevices devices={devices} nowMs={now} />
        </div>
      )}
    </div>
  );
}

function LoadAge({ load, onRefresh }: { readonly load: TimelineLoad; readonly onRefresh: () => void }) {
  const now = useNow();
  if (load.state !== 'loaded') return null;
  return (
    <>
      <span className={`support-age${load.refreshError ? ' is-failed' : ''}`} title={formatAbsolute(load.loadedAtMs)} data-testid="support-age">
        {load.isRefreshing ? 'Refreshing… · ' : ''}
        {load.refreshError ? `Refresh failed (${load.refreshError}) · ` : ''}
        as of {formatAge(load.loadedAtMs, Math.max(now, load.loadedAtMs + 1000))}
      </span>
      <button type="button" className="filter-button" data-testid="support-refresh" onClick={onRefresh}>
        Refresh
      </button>
    </>
  );
}

export function SupportView() {
  const customerRef = useConsoleStore((state) => state.supportCustomerRef);
  const setSupportCustomer = useConsoleStore((state) => state.setSupportCustomer);
  const [spanId, setSpanId] = useState<SupportSpanId>(DEFAULT_SPAN_ID);
  // A hand-edited link may name no valid reference: nothing is asked, and the field says why on Enter.
  const wanted = customerRef !== null && CUSTOMER_REF_PATTERN.test(customerRef) ? customerRef : null;
  const { load, refresh } = useCustomerTimeline(wanted, spanId);

  const search = (ref: string) => {
    if (ref === customerRef) refresh();
    else setSupportCustomer(ref);
  };

  return (
    <main className="view support-view" data-testid="support-view" data-state={load.state} aria-label="Support">
      <div className="support-toolbar">
        <h1 className="support-title">Support</h1>
        <SupportSearch customerRef={customerRef} spanId={spanId} onSearch={search} onSpan={setSpanId} />
        <span className="filter-spacer" />
        <LoadAge load={load} onRefresh={refresh} />
      </div>
      {load.state === 'idle' && (
        <div className="support-idle" data-testid="support-idle">
          {customerRef !== null && (
            <p className="support-search-problem" role="alert">
              “{customerRef}” is not a customer reference: 1 to 64 of A–Z a–z 0–9 . _ : @ -
            </p>
          )}
          <p>Type a customer reference and press Enter.</p>
          <p className="support-hint">You get their reservations, the commands sent to the cars and charge points they held, and the alarms raised on those, from an hour before each booking to an hour after.</p>
        </div>
      )}
      {load.state === 'loading' && (
        <div className="view-waiting" data-testid="support-loading">
          Loading {customerRef}’s timeline…
        </div>
      )}
      {load.state === 'error' && (
        <div className="view-waiting support-error" data-testid="support-error" role="alert">
          <span>The timeline of {customerRef} could not be loaded: {load.message}</span>
          <button type="button" className="filter-button" onClick={refresh}>
            Try again
          </button>
        </div>
      )}
      {load.state === 'loaded' && <SupportBody load={load} spanId={spanId} onWiden={() => setSpanId('90d')} />}
    </main>
  );
}
