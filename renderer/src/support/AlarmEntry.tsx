/** An alarm on the customer timeline: its type in words in its severity's colour, raised and cleared. */
import { ALARM_TYPE_INFO, SEVERITY_LABELS, type Alarm } from '../../../shared/alarms.js';
import { formatAbsolute, formatDuration } from '../ui/format.js';
import type { StoryEntry } from './customer-story.js';
import { EntryFrame, StatusPill } from './EntryFrame.js';
import { clockTime } from './support-time.js';

export function AlarmEntry({ entry, alarm, nowMs, isCursor }: { readonly entry: StoryEntry; readonly alarm: Alarm; readonly nowMs: number; readonly isCursor: boolean }) {
  const info = ALARM_TYPE_INFO[alarm.type];
  return (
    <EntryFrame
      entry={entry}
      nowMs={nowMs}
      isCursor={isCursor}
      extraClass={`severity-${alarm.severity}`}
      title={
        <>
          <span title={info.description}>{info.label}</span> <span className="support-severity">{SEVERITY_LABELS[alarm.severity]}</span>
        </>
      }
      status={
        <StatusPill tone={alarm.isCleared ? 'plain' : 'warn'} testId="support-alarm-status">
          {alarm.isCleared ? 'Cleared' : 'Active'}
        </StatusPill>
      }
    >
      <p className="support-reason is-plain">{alarm.message}</p>
      <p className="support-meta">
        <span title={formatAbsolute(alarm.raisedAtMs)}>Raised {clockTime(alarm.raisedAtMs)}</span>
        {alarm.isCleared && alarm.clearedAtMs !== null ? (
          <span title={formatAbsolute(alarm.clearedAtMs)}>
            cleared {clockTime(alarm.clearedAtMs)} (after {formatDuration(alarm.clearedAtMs - alarm.raisedAtMs)})
          </span>
        ) : (
          <span>not cleared</span>
        )}
        {alarm.occurrences > 1 && <span>{alarm.occurrences} occurrences</span>}
        {alarm.acknowledgedBy && <span>acknowledged by {alarm.acknowledgedBy}</span>}
      </p>
    </EntryFrame>
  );
}
