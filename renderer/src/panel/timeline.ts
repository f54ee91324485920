/** A device's timeline as the panel keeps it: pages merged newest first, each event once. */
import type { TimelineEvent } from '../../../shared/device-history.js';

/** Events asked for per page. */
export const TIMELINE_PAGE = 50;

export interface TimelineList {
  readonly events: readonly TimelineEvent[];
  /** Older events exist beyond the last one held. */
  readonly hasMore: boolean;
}

export const EMPTY_TIMELINE: TimelineList = { events: [], hasMore: false };

function newestFirst(left: TimelineEvent, right: TimelineEvent): number {
  return right.occurredAtMs - left.occurredAtMs || (left.key < right.key ? 1 : left.key > right.key ? -1 : 0);
}

function unique(events: readonly TimelineEvent[]): TimelineEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => (seen.has(event.key) ? false : (seen.add(event.key), true)));
}

/**
 * Puts a fresh first page on top of what is held. When the page is full and reaches no event already
 * held, events may be missing in between: the held ones are dropped rather than shown with a hole.
 */
export function mergeNewest(held: TimelineList, page: TimelineList, pageSize: number = TIMELINE_PAGE): TimelineList {
  const heldKeys = new Set(held.events.map((event) => event.key));
  const overlaps = page.events.some((event) => heldKeys.has(event.key));
  const oldestOnPage = page.events.at(-1)?.occurredAtMs ?? Number.POSITIVE_INFINITY;
  const newestHeld = held.events[0]?.occurredAtMs ?? Number.NEGATIVE_INFINITY;
  const mayHaveHole = page.events.length >= pageSize && !overlaps && oldestOnPage > newestHeld;
  if (held.events.length === 0 || mayHaveHole) return { events: unique(page.events).sort(newestFirst), hasMore: page.hasMore };
  return { events: unique([...page.events, ...held.events]).sort(newestFirst), hasMore: held.hasMore };
}

/** Adds an older page below what is held. */
export function appendOlder(held: TimelineList, page: TimelineList): TimelineList {
  return { events: unique([...held.events, ...page.events]).sort(newestFirst), hasMore: page.hasMore };
}

/** Where the next older page starts: before the oldest event held. */
export function olderThan(held: TimelineList): number | undefined {
  return held.events.at(-1)?.occurredAtMs;
}

/**
 * The colour an event deserves: only notable events get one. A fault, or a status that is notable
 * (Faulted, an error code), in the faulted red; anything else notable (a reboot, a failed update) in the
 * major orange. Everything else stays plain.
 */
export function eventTone(event: Pick<TimelineEvent, 'kind' | 'isNotable'>): 'faulted' | 'major' | null {
  if (!event.isNotable) return null;
  return event.kind === 'fault' || event.kind === 'status' ? 'faulted' : 'major';
}

export const EVENT_KIND_LABELS: Readonly<Record<TimelineEvent['kind'], string>> = {
  status: 'status',
  sensor: 'sensor',
  connection: 'link',
  boot: 'boot',
  transaction: 'session',
  fault: 'fault',
  firmware: 'firmware',
  message: 'message',
};
