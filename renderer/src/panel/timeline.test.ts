import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../shared/device-history.js';
import { appendOlder, EMPTY_TIMELINE, eventTone, mergeNewest, olderThan } from './timeline.js';

const T0 = Date.UTC(2025, 10, 27, 14, 0, 0);

function event(second: number, overrides: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    key: `e${second}`,
    kind: 'sensor',
    occurredAtMs: T0 + second * 1000,
    receivedAtMs: T0 + second * 1000 + 50,
    title: `event at ${second}`,
    detail: null,
    isNotable: false,
    ...overrides,
  };
}

const keys = (list: { readonly events: readonly TimelineEvent[] }) => list.events.map((item) => item.key);

describe('the timeline as the panel holds it', () => {
  it('puts newer events on top of those held, each once, keeping the paging of what is held', () => {
    const held = { events: [event(5), event(4), event(3)], hasMore: true };
    const merged = mergeNewest(held, { events: [event(7), event(6), event(5), event(4)], hasMore: true }, 4);
    expect(keys(merged)).toEqual(['e7', 'e6', 'e5', 'e4', 'e3']);
    expect(merged.hasMore).toBe(true);
  });

  it('starts over when a full fresh page does not reach what is held (a hole would hide events)', () => {
    const held = { events: [event(5), event(4)], hasMore: false };
    const fresh = mergeNewest(held, { events: [event(30), event(29)], hasMore: true }, 2);
    expect(keys(fresh)).toEqual(['e30', 'e29']);
    expect(fresh.hasMore).toBe(true);
    // Not full: the page is everything newer, so nothing is missing.
    expect(keys(mergeNewest(held, { events: [event(30)], hasMore: true }, 2))).toEqual(['e30', 'e5', 'e4']);
  });

  it('takes the first page as it is', () => {
    const first = mergeNewest(EMPTY_TIMELINE, { events: [event(2), event(1)], hasMore: true });
    expect(keys(first)).toEqual(['e2', 'e1']);
    expect(first.hasMore).toBe(true);
  });

  it('adds older pages below, pages from where the oldest held event is', () => {
    const held = { events: [event(9), event(8)], hasMore: true };
    expect(olderThan(held)).toBe(T0 + 8000);
    const older = appendOlder(held, { events: [event(8), event(2), event(1)], hasMore: false });
    expect(keys(older)).toEqual(['e9', 'e8', 'e2', 'e1']);
    expect(older.hasMore).toBe(false);
    expect(olderThan(EMPTY_TIMELINE)).toBeUndefined();
  });

  it('orders events of the same moment steadily', () => {
    const same = mergeNewest(EMPTY_TIMELINE, { events: [event(1, { key: 'a' }), event(1, { key: 'b' })], hasMore: false });
    expect(keys(same)).toEqual(['b', 'a']);
  });

  it('colours only notable events: faults and faulted statuses red, other notable events orange', () => {
    expect(eventTone({ kind: 'fault', isNotable: true })).toBe('faulted');
    expect(eventTone({ kind: 'status', isNotable: true })).toBe('faulted');
    expect(eventTone({ kind: 'firmware', isNotable: true })).toBe('major');
    expect(eventTone({ kind: 'boot', isNotable: true })).toBe('major');
    expect(eventTone({ kind: 'fault', isNotable: false })).toBeNull();
    expect(eventTone({ kind: 'sensor', isNotable: false })).toBeNull();
  });
});
