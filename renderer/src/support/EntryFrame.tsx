/**
 * What every entry of the customer timeline shares: its time (clock time and age, the full time on
 * hover), a mark of its kind, the device it concerns, a headline with its outcome, and its details.
 */
import type { ReactNode } from 'react';
import { formatAbsolute } from '../ui/format.js';
import type { StoryEntry } from './customer-story.js';
import { DeviceChip } from './DeviceChip.js';
import type { StoryTone } from './story-words.js';
import { clockTime, relativeAge } from './support-time.js';

const ICON_PROPS = { viewBox: '0 0 16 16', width: 14, height: 14, 'aria-hidden': true } as const;

const ICONS: Readonly<Record<StoryEntry['kind'], ReactNode>> = {
  reservation: (
    <svg {...ICON_PROPS}>
      <path d="M2.5 4h11v9.5h-11z M2.5 7h11 M5.5 2.5v3 M10.5 2.5v3" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />
    </svg>
  ),
  command: (
    <svg {...ICON_PROPS}>
      <path d="M3 4.5 6.5 8 3 11.5 M8 12h5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  ),
  alarm: (
    <svg {...ICON_PROPS}>
      <path d="M8 2 14.5 13.5h-13z" fill="currentColor" />
    </svg>
  ),
};

const KIND_WORDS: Readonly<Record<StoryEntry['kind'], string>> = { reservation: 'Reservation', command: 'Command', alarm: 'Alarm' };

/** The outcome beside a headline: "Refused", "Failed", "Active". */
export function StatusPill({ tone, children, testId }: { readonly tone: StoryTone; readonly children: ReactNode; readonly testId?: string }) {
  return (
    <span className={`support-status is-${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}

export interface EntryFrameProps {
  readonly entry: StoryEntry;
  readonly nowMs: number;
  readonly isCursor: boolean;
  /** Classes beyond the kind and tone (an alarm's severity). */
  readonly extraClass?: string;
  readonly title: ReactNode;
  readonly status: ReactNode;
  readonly children?: ReactNode;
}

export function EntryFrame({ entry, nowMs, isCursor, extraClass, title, status, children }: EntryFrameProps) {
  return (
    <li
      className={`support-entry kind-${entry.kind} is-${entry.tone}${extraClass ? ` ${extraClass}` : ''}`}
      tabIndex={isCursor ? 0 : -1}
      data-entry-key={entry.key}
      data-testid="support-entry"
      data-kind={entry.kind}
      data-tone={entry.tone}
      data-device-id={entry.deviceId}
    >
      <div className="support-entry-time">
        <time dateTime={new Date(entry.atMs).toISOString()} title={formatAbsolute(entry.atMs)}>
          {clockTime(entry.atMs)}
        </time>
        <span className="support-entry-age">{relativeAge(entry.atMs, nowMs)}</span>
      </div>
      <span className="support-entry-icon" title={KIND_WORDS[entry.kind]}>
        {ICONS[entry.kind]}
      </span>
      {/* Beside the time, so the eye reads down one column of devices as down one of times. */}
      <DeviceChip deviceId={entry.deviceId} nowMs={nowMs} />
      <div className="support-entry-body">
        <div className="support-entry-head">
          <span className="support-entry-title">{title}</span>
          {status}
        </div>
        {children}
      </div>
    </li>
  );
}
