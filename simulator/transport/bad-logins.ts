/**
 * The `badCredentials` fault, the part both transports share: which wrong password a device uses, when
 * it tries, and how a refused login is told from any other error.
 */
import type { ActiveFaultOf } from '../faults/registry.js';
import type { Scheduler } from '../scheduler.js';

/** A device's own secret, garbled: what a device with a corrupted or outdated secret would send. */
export function wrongPassword(secret: string): string {
  return `${secret}-stale`;
}

/**
 * Runs `attempt` when the fault begins and then every `everyMs`, `attempts` times in all, as long as
 * `isOver` says the fault lasts: the last attempt is `everyMs` before the fault ends and the right
 * password is used again.
 */
export function scheduleBadLogins(active: ActiveFaultOf<'badCredentials'>, scheduler: Scheduler, isOver: () => boolean, attempt: () => void): void {
  let made = 0;
  scheduler.every(active.sinceMs, () => active.fault.everyMs, () => {
    if (isOver() || made >= active.fault.attempts) return false;
    made++;
    attempt();
    return true;
  });
}

/** MQTT CONNACK codes of a refused login: 3.1.1's bad user name or password and not authorised, and 5's. */
const REFUSED_LOGIN_CODES = new Set([4, 5, 134, 135]);

/** Whether an error is the server refusing the device's credentials (HTTP 401 for OCPP, a CONNACK code for MQTT). */
export function isRefusedLogin(error: unknown, protocol: 'ocpp' | 'mqtt'): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  return protocol === 'ocpp' ? error.code === 401 : typeof error.code === 'number' && REFUSED_LOGIN_CODES.has(error.code);
}
