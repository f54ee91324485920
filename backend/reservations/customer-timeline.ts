/**
 * One customer's story, for support ("why couldn't I unlock my car?"): their reservations, and for each
 * device they held, the commands sent to it and the alarms raised on it from an hour before the window
 * to an hour after, so that what went wrong around a booking is on one page.
 */
import type { Alarm } from '../../shared/alarms.js';
import type { Command } from '../../shared/commands.js';
import type { CustomerTimeline } from '../../shared/reservations.js';
import { listAlarms } from '../alarms/store.js';
import { commandsOfDeviceBetween } from '../commands/store.js';
import type { Queryable } from '../store/database.js';
import { listReservations } from './store.js';

const AROUND_MS = 3_600_000;
const MOST_RESERVATIONS = 200;

export async function customerTimeline(db: Queryable, customerRef: string, fromMs: number, toMs: number): Promise<CustomerTimeline> {
  const reservations = await listReservations(db, { customerRef, fromMs, toMs, limit: MOST_RESERVATIONS });
  const commands = new Map<string, Command>();
  const alarms = new Map<number, Alarm>();
  for (const reservation of reservations) {
    const from = reservation.startsAtMs - AROUND_MS;
    const to = reservation.endsAtMs + AROUND_MS;
    for (const command of await commandsOfDeviceBetween(db, reservation.deviceId, from, to)) commands.set(command.id, command);
    for (const alarm of (await listAlarms(db, { fromMs: from, toMs: to, deviceId: reservation.deviceId, limit: 100 })).alarms) alarms.set(alarm.id, alarm);
  }
  return {
    reservations,
    commands: [...commands.values()].sort((first, second) => first.createdAtMs - second.createdAtMs),
    alarms: [...alarms.values()].sort((first, second) => first.raisedAtMs - second.raisedAtMs),
  };
}
