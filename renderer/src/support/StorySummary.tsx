/** The customer looked up, the range asked for, and the summary line that answers at a glance. */
import { Fragment } from 'react';
import type { CustomerTimeline } from '../../../shared/reservations.js';
import { formatAbsolute } from '../ui/format.js';
import { storySummary, summaryText } from './story-summary.js';
import { shortDate } from './support-time.js';
import type { TimelineQuery } from './timeline-news.js';

export function StorySummary({ timeline, query, nowMs }: { readonly timeline: CustomerTimeline; readonly query: TimelineQuery; readonly nowMs: number }) {
  const parts = storySummary(timeline);
  return (
    <section className="support-summary" aria-label={`Customer ${query.customerRef}: ${summaryText(parts)}`}>
      <div className="support-customer">
        <span className="support-customer-label">Customer</span>
        <strong className="support-customer-ref" data-testid="support-customer">
          {query.customerRef}
        </strong>
        <span className="support-range" title={`${formatAbsolute(query.fromMs)} to ${formatAbsolute(query.toMs)}: reservations whose window falls in this range`}>
          {shortDate(query.fromMs, nowMs)} – {shortDate(query.toMs, nowMs)}
        </span>
      </div>
      <p className="support-summary-line" data-testid="support-summary">
        {parts.map((part, index) => (
          <Fragment key={part.key}>
            {index > 0 && <span className="support-summary-dot"> · </span>}
            <span className={`support-summary-part is-${part.tone}`} data-testid={`support-summary-${part.key}`}>
              {part.text}
            </span>
          </Fragment>
        ))}
      </p>
    </section>
  );
}
