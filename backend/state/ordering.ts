/**
 * Which message is the device's current state. A message that is not newer than the current state goes
 * to history only; it never rolls the state back.
 *
 * - Same boot: newer when its sequence is higher (a message without a sequence, OCPP's, is newer).
 * - A boot the device has moved on from: never newer.
 * - Another boot: a numbered message (a car's) is newer when its device time, corrected by the clock
 *   offset, is not earlier than the current state's; then its boot becomes the current one and the old
 *   one is retired. A message without a sequence (OCPP: a boot is a connection) is newer: a charge point
 *   speaks on its latest connection.
 */
import type { DeviceMessage } from '../ingest/message.js';
import type { DeviceEntry } from './entry.js';

/** Boots remembered as left behind; older ones are judged by their time, which is just as final. */
const RETIRED_BOOTS = 8;

export function isNewerThanState(entry: DeviceEntry, message: DeviceMessage, occurredAtMs: number): boolean {
  if (message.bootId === null || entry.bootId === null) return true;
  if (message.bootId === entry.bootId) return message.sequence === null || entry.sequence === null || message.sequence > entry.sequence;
  if (entry.retiredBoots.includes(message.bootId)) return false;
  if (message.sequence === null) return true;
  return entry.occurredAtMs === null || occurredAtMs >= entry.occurredAtMs;
}

/** Makes `bootId` the device's current boot. */
export function retireBoot(entry: DeviceEntry, bootId: string): void {
  if (entry.bootId !== null && !entry.retiredBoots.includes(entry.bootId)) {
    entry.retiredBoots.push(entry.bootId);
    if (entry.retiredBoots.length > RETIRED_BOOTS) entry.retiredBoots.shift();
  }
  entry.bootId = bootId;
}
