/**
 * A customer's timeline (reservations, the commands sent to the devices they held, the alarms raised on
 * them) as one list of entries in time order, and the devices it involves.
 */
import type { Alarm } from '../../../shared/alarms.js';
import type { Command } from '../../../shared/commands.js';
import type { CustomerTimeline, Reservation } from '../../../shared/reservations.js';
import { alarmTone, commandTone, isCommandTrouble, reservationTone, type StoryTone } from './story-words.js';

interface EntryBase {
  readonly key: string;
  /** Where the entry sits on the timeline. */
  readonly atMs: number;
  readonly deviceId: string;
  readonly tone: StoryTone;
}

export type StoryEntry =
  | (EntryBase & { readonly kind: 'reservation'; readonly reservation: Reservation })
  | (EntryBase & { readonly kind: 'command'; readonly command: Command })
  | (EntryBase & { readonly kind: 'alarm'; readonly alarm: Alarm });

/** Of entries at the same millisecond, the one listed first (newest first) is the likelier effect. */
const KIND_RANK: Readonly<Record<StoryEntry['kind'], number>> = { alarm: 0, command: 1, reservation: 2 };

/**
 * Newest first: the customer calls about what just went wrong, and with weeks of bookings on screen
 * that is at the top, as in the device panel's timeline; each entry then tells its own story forwards
 * (a command's steps, a reservation's window and outcome).
 *
 * A reservation sits at the start of its window, not at its creation: the backend gathers commands and
 * alarms around the window, and what befalls a reservation (the charge point's answer, a flag, its use)
 * happens from then on. An alarm sits where it was raised, a command where it was made.
 */
export function customerStory(timeline: CustomerTimeline): StoryEntry[] {
  const entries: StoryEntry[] = [
    ...timeline.reservations.map((reservation): StoryEntry => ({
      kind: 'reservation',
      key: `reservation:${reservation.id}`,
      atMs: reservation.startsAtMs,
      deviceId: reservation.deviceId,
      tone: reservationTone(reservation),
      reservation,
    })),
    ...timeline.commands.map((command): StoryEntry => ({ kind: 'command', key: `command:${command.id}`, atMs: command.createdAtMs, deviceId: command.deviceId, tone: commandTone(command), command })),
    ...timeline.alarms.map((alarm): StoryEntry => ({ kind: 'alarm', key: `alarm:${alarm.id}`, atMs: alarm.raisedAtMs, deviceId: alarm.deviceId, tone: alarmTone(alarm), alarm })),
  ];
  return entries.sort((left, right) => right.atMs - left.atMs || KIND_RANK[left.kind] - KIND_RANK[right.kind] || (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
}

/** One device of the story, with how much happened to it. */
export interface StoryDevice {
  readonly deviceId: string;
  readonly reservations: number;
  readonly commands: number;
  /** Commands that failed, were rejected, timed out or expired. */
  readonly commandTroubles: number;
  readonly alarms: number;
  readonly hasTrouble: boolean;
}

/** The devices of a story (newest first), in the order their latest entry appears. */
export function storyDevices(entries: readonly StoryEntry[]): StoryDevice[] {
  const devices = new Map<string, { -readonly [Field in keyof StoryDevice]: StoryDevice[Field] }>();
  for (const entry of entries) {
    let device = devices.get(entry.deviceId);
    if (!device) {
      device = { deviceId: entry.deviceId, reservations: 0, commands: 0, commandTroubles: 0, alarms: 0, hasTrouble: false };
      devices.set(entry.deviceId, device);
    }
    if (entry.kind === 'reservation') device.reservations += 1;
    if (entry.kind === 'alarm') device.alarms += 1;
    if (entry.kind === 'command') {
      device.commands += 1;
      if (isCommandTrouble(entry.command.status)) device.commandTroubles += 1;
    }
    if (entry.tone === 'bad') device.hasTrouble = true;
  }
  return [...devices.values()];
}

export interface StoryDay {
  readonly day: string;
  readonly entries: readonly StoryEntry[];
}

/** Consecutive entries of one calendar day (as `dayOf` tells it) under one heading. */
export function storyDays(entries: readonly StoryEntry[], dayOf: (atMs: number) => string): StoryDay[] {
  const days: { day: string; entries: StoryEntry[] }[] = [];
  for (const entry of entries) {
    const day = dayOf(entry.atMs);
    const last = days.at(-1);
    if (last?.day === day) last.entries.push(entry);
    else days.push({ day, entries: [entry] });
  }
  return days;
}
