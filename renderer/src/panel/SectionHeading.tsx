import type { ReactNode } from 'react';
import { formatAbsolute, formatAge } from '../ui/format.js';

interface TimedSection {
  /** When the values below were true, on the backend's clock; null when the backend gives no time. */
  readonly atMs: number | null;
  /** The backend's clock now. */
  readonly nowMs: number;
  /** Older than this, the age reads amber. */
  readonly staleAfterMs?: number;
  /** Said on hover about the time. */
  readonly timeNote?: string;
}

type SectionHeadingProps = { readonly children: ReactNode } & (TimedSection | { readonly atMs?: undefined });

/** A section's title with how old its values are, so that no value stands without its age. */
export function SectionHeading(props: SectionHeadingProps) {
  if (props.atMs === undefined) {
    return (
      <h3 className="panel-heading">
        <span>{props.children}</span>
      </h3>
    );
  }
  const { children, atMs, nowMs, staleAfterMs, timeNote } = props;
  const isStale = atMs !== null && staleAfterMs !== undefined && nowMs - atMs > staleAfterMs;
  return (
    <h3 className="panel-heading">
      <span>{children}</span>
      <span
        className={`heading-age${isStale ? ' is-stale' : ''}`}
        title={atMs === null ? timeNote : `${formatAbsolute(atMs)}${timeNote ? ` · ${timeNote}` : ''}`}
        data-testid="section-age"
      >
        {atMs === null ? 'time unknown' : `as of ${formatAge(atMs, nowMs)}`}
      </span>
    </h3>
  );
}
