/**
 * Whether the console's live books (filled by the hub's pushes) hold something the customer timeline on
 * screen lacks or holds older: a reservation of this customer, or a command or alarm of one of their
 * devices around one of their windows. Then the timeline is asked for again; anything else that changes
 * in the fleet leaves it alone.
 */
import type { Alarm } from '../../../shared/alarms.js';
import type { Command } from '../../../shared/commands.js';
import type { CustomerTimeline, Reservation } from '../../../shared/reservations.js';
import type { TimelineRange } from './support-span.js';

/** What the backend gathers around each window (backend/reservations/customer-timeline.ts). */
export const AROUND_WINDOW_MS = 3_600_000;

export interface LiveBooks {
  reservationsOf(customerRef: string): readonly Reservation[];
  commandsOf(deviceId: string): readonly Command[];
  alarmsOf(deviceId: string): readonly Alarm[];
}

export interface TimelineQuery extends TimelineRange {
  readonly customerRef: string;
}

function aroundWindows(reservations: readonly Reservation[]): Map<string, TimelineRange[]> {
  const windows = new Map<string, TimelineRange[]>();
  for (const { deviceId, startsAtMs, endsAtMs } of reservations) {
    windows.set(deviceId, [...(windows.get(deviceId) ?? []), { fromMs: startsAtMs - AROUND_WINDOW_MS, toMs: endsAtMs + AROUND_WINDOW_MS }]);
  }
  return windows;
}

const within = (ranges: readonly TimelineRange[], atMs: number) => ranges.some((range) => atMs >= range.fromMs && atMs < range.toMs);

export function hasNews(timeline: CustomerTimeline, query: TimelineQuery, books: LiveBooks): boolean {
  const shownReservations = new Map(timeline.reservations.map((reservation) => [reservation.id, reservation]));
  for (const reservation of books.reservationsOf(query.customerRef)) {
    const overlaps = reservation.startsAtMs < query.toMs && reservation.endsAtMs > query.fromMs;
    if (!overlaps) continue;
    const shown = shownReservations.get(reservation.id);
    if (!shown || reservation.updatedAtMs > shown.updatedAtMs) return true;
  }
  const shownCommands = new Map(timeline.commands.map((command) => [command.id, command]));
  const shownAlarms = new Map(timeline.alarms.map((alarm) => [alarm.id, alarm]));
  for (const [deviceId, ranges] of aroundWindows(timeline.reservations)) {
    for (const command of books.commandsOf(deviceId)) {
      if (!within(ranges, command.createdAtMs)) continue;
      const shown = shownCommands.get(command.id);
      // A command only gains steps: more of them is a newer copy.
      if (!shown || command.transitions.length > shown.transitions.length) return true;
    }
    for (const alarm of books.alarmsOf(deviceId)) {
      if (!within(ranges, alarm.raisedAtMs)) continue;
      const shown = shownAlarms.get(alarm.id);
      if (!shown || alarm.revision > shown.revision) return true;
    }
  }
  return false;
}
