/**
 * The customer's entries, newest first, under a heading per day. One tab stop for the whole list: the
 * arrows (or j/k), Home and End move between entries, Enter opens the entry's device on the map.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { AlarmEntry } from './AlarmEntry.js';
import { CommandEntry } from './CommandEntry.js';
import { storyDays, type StoryEntry } from './customer-story.js';
import { openDeviceOnMap } from './open-device.js';
import { ReservationEntry } from './ReservationEntry.js';
import { dayKey, dayLabel } from './support-time.js';

const MOVES: Readonly<Record<string, (index: number, last: number) => number>> = {
  ArrowDown: (index, last) => Math.min(last, index + 1),
  j: (index, last) => Math.min(last, index + 1),
  ArrowUp: (index) => Math.max(0, index - 1),
  k: (index) => Math.max(0, index - 1),
  Home: () => 0,
  End: (_index, last) => last,
};

function Entry({ entry, nowMs, isCursor }: { readonly entry: StoryEntry; readonly nowMs: number; readonly isCursor: boolean }) {
  if (entry.kind === 'reservation') return <ReservationEntry entry={entry} reservation={entry.reservation} nowMs={nowMs} isCursor={isCursor} />;
  if (entry.kind === 'command') return <CommandEntry entry={entry} command={entry.command} nowMs={nowMs} isCursor={isCursor} />;
  return <AlarmEntry entry={entry} alarm={entry.alarm} nowMs={nowMs} isCursor={isCursor} />;
}

export function StoryTimeline({ entries, nowMs }: { readonly entries: readonly StoryEntry[]; readonly nowMs: number }) {
  const [cursorKey, setCursorKey] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  // A refresh may drop the entry the cursor was on: the first one takes the tab stop then.
  const cursor = entries.some((entry) => entry.key === cursorKey) ? cursorKey : (entries[0]?.key ?? null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const index = entries.findIndex((entry) => entry.key === cursor);
    if (event.key === 'Enter' && event.target instanceof HTMLLIElement) {
      const entry = entries[index];
      if (entry) openDeviceOnMap(entry.deviceId);
      event.preventDefault();
      return;
    }
    const move = MOVES[event.key];
    if (!move || index < 0) return;
    event.preventDefault();
    const next = entries[move(index, entries.length - 1)];
    if (!next) return;
    setCursorKey(next.key);
    listRef.current?.querySelector<HTMLElement>(`[data-entry-key="${CSS.escape(next.key)}"]`)?.focus();
  };

  return (
    <div
      className="support-timeline"
      ref={listRef}
      data-testid="support-timeline"
      onKeyDown={onKeyDown}
      onFocus={(event) => {
        const key = event.target.getAttribute('data-entry-key');
        if (key !== null && key !== cursor) setCursorKey(key);
      }}
    >
      {storyDays(entries, (atMs) => dayKey(atMs)).map(({ day, entries: ofDay }) => (
        <section key={day} className="support-day" aria-label={dayLabel(ofDay[0]?.atMs ?? nowMs, nowMs)}>
          <h3 className="support-day-title">{dayLabel(ofDay[0]?.atMs ?? nowMs, nowMs)}</h3>
          <ol className="support-entries">
            {ofDay.map((entry) => (
              <Entry key={entry.key} entry={entry} nowMs={nowMs} isCursor={entry.key === cursor} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
