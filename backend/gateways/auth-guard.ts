/**
 * Throttles devices that fail to authenticate, for both gateways. Failures are counted per remote
 * address and per device id; an address that keeps failing is refused, before its credentials are even
 * checked, for a time that doubles with every further failure (exponential back-off), so that it can
 * neither flood the gateways and the log nor guess quickly. A success from an address ends its back-off.
 *
 * Back-off is per address, not per device id: throttling an id would let anyone lock a real device out
 * by failing in its name. Cars on a mobile network may share an address (carrier-grade NAT), so the
 * first few failures are free and the longest wait is short (a minute by default).
 *
 * Memory is bounded: entries idle for `forgetAfterMs` are forgotten, and beyond `maxEntries` the least
 * recently seen go first. Logging is bounded too: at most one line per address per `logIntervalMs`
 * (saying how many were left out), and at most `maxLogLines` lines per interval over all addresses.
 */
import { isIPv6 } from 'node:net';

export type DeviceProtocol = 'ocpp' | 'mqtt';

/** The part of a pino logger the guard uses. */
export interface WarningLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface AuthGuardOptions {
  readonly now?: () => number;
  readonly logger?: WarningLogger;
  /** Failures an address may have before it is slowed down. */
  readonly freeFailures?: number;
  /** The first wait; each further failure doubles it. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** An address or device with no failure for this long starts again from nothing. */
  readonly forgetAfterMs?: number;
  /** The most addresses (and, separately, device ids) remembered. */
  readonly maxEntries?: number;
  readonly logIntervalMs?: number;
  /** Log lines per `logIntervalMs` over all addresses; the rest are counted in the next line. */
  readonly maxLogLines?: number;
}

export interface AuthCheck {
  readonly isAllowed: boolean;
  /** How long the address must wait before it is heard again; 0 when allowed. */
  readonly retryAfterMs: number;
}

export interface AuthGuardStats {
  /** Failed authentications since start. */
  readonly failures: number;
  /** Attempts refused without checking credentials, because their address was waiting. */
  readonly refused: number;
  readonly trackedAddresses: number;
  readonly trackedDevices: number;
  readonly blockedAddresses: number;
  /** Entries dropped to stay within `maxEntries` (a sign of a distributed attack). */
  readonly evicted: number;
  readonly suppressedLogLines: number;
  /** The addresses with the most recent failures, worst first (at most five). */
  readonly worstAddresses: readonly { readonly address: string; readonly failures: number; readonly retryAfterMs: number }[];
}

export interface AuthGuard {
  /** Call before checking credentials; when not allowed, refuse at once and say when to retry. */
  check(address: string, deviceId: string): AuthCheck;
  failure(address: string, deviceId: string, protocol: DeviceProtocol): void;
  success(address: string, deviceId: string): void;
  stats(): AuthGuardStats;
  /**
   * Called with every failure and success in the name of a device id (which may be one the inventory
   * does not know), after the guard counted it. For detectors: cheap, and must not throw.
   */
  onAttempt(listener: (deviceId: string, isSuccess: boolean) => void): () => void;
}

interface AddressEntry {
  failures: number;
  blockedUntil: number;
  lastSeenAt: number;
  lastLoggedAt: number;
  /** Failures and refusals since the last line logged for this address. */
  unloggedFailures: number;
  unloggedRefusals: number;
}

interface DeviceEntry {
  failures: number;
  lastSeenAt: number;
  readonly addresses: Set<string>;
}

/** Distinct addresses remembered per device id: enough to tell one source from many. */
const ADDRESSES_PER_DEVICE = 16;

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  return [...left, ...Array.from({ length: Math.max(0, missing) }, () => '0'), ...right];
}

/**
 * The unit that is throttled: an IPv4 address, or an IPv6 /64 (one host usually has a whole /64, so a
 * single address would be trivial to change). IPv4-mapped IPv6 addresses count as IPv4.
 */
export function addressKey(address: string): string {
  const trimmed = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(trimmed);
  if (mapped?.[1]) return mapped[1];
  const withoutZone = trimmed.split('%')[0] ?? trimmed;
  if (!isIPv6(withoutZone)) return trimmed === '' ? 'unknown' : trimmed;
  const groups = expandIPv6(withoutZone).slice(0, 4).map((group) => group.replace(/^0+(?=.)/, ''));
  return `${groups.join(':')}::/64`;
}

/** Moves a key to the end of the map's order, so that the first entries are the least recently seen. */
function touch<T>(map: Map<string, T>, key: string, entry: T): void {
  map.delete(key);
  map.set(key, entry);
}

export function createAuthGuard(options: AuthGuardOptions = {}): AuthGuard {
  const now = options.now ?? Date.now;
  const logger = options.logger;
  const freeFailures = options.freeFailures ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  // Never forget an address that is still waiting.
  const forgetAfterMs = Math.max(options.forgetAfterMs ?? 15 * 60_000, maxDelayMs);
  const maxEntries = options.maxEntries ?? 10_000;
  const logIntervalMs = options.logIntervalMs ?? 60_000;
  const maxLogLines = options.maxLogLines ?? 100;

  const addresses = new Map<string, AddressEntry>();
  const devices = new Map<string, DeviceEntry>();
  let failures = 0;
  let refused = 0;
  let evicted = 0;
  let suppressedLogLines = 0;
  let logWindowStart = Number.NEGATIVE_INFINITY;
  let logLinesInWindow = 0;
  let suppressedInWindow = 0;
  const attemptListeners = new Set<(deviceId: string, isSuccess: boolean) => void>();

  function forgetIdle<T extends { lastSeenAt: number }>(map: Map<string, T>, time: number): void {
    for (const [key, entry] of map) {
      if (entry.lastSeenAt + forgetAfterMs > time) break;
      map.delete(key);
    }
  }

  function keepWithinBounds(map: Map<string, unknown>): void {
    while (map.size > maxEntries) {
      const oldest = map.keys().next();
      if (oldest.done) break;
      map.delete(oldest.value);
      evicted++;
    }
  }

  function delayAfter(failureCount: number): number {
    if (failureCount <= freeFailures) return 0;
    return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failureCount - freeFailures - 1, 40));
  }

  /** Whether the global budget allows one more line now; reports what the last window left out. */
  function mayLog(time: number): boolean {
    if (time - logWindowStart >= logIntervalMs) {
      if (suppressedInWindow > 0) logger?.warn({ suppressed: suppressedInWindow }, 'Device authentication failures: log lines left out in the last interval');
      logWindowStart = time;
      logLinesInWindow = 0;
      suppressedInWindow = 0;
    }
    if (logLinesInWindow >= maxLogLines) {
      suppressedInWindow++;
      suppressedLogLines++;
      return false;
    }
    logLinesInWindow++;
    return true;
  }

  /** Logs one line for the address unless it had one within the interval; returns whether it did. */
  function report(key: string, entry: AddressEntry, time: number, details: Record<string, unknown>, message: string): boolean {
    if (!logger) return false;
    if (time - entry.lastLoggedAt < logIntervalMs) {
      suppressedLogLines++;
      return false;
    }
    if (!mayLog(time)) return false;
    logger.warn(
      {
        address: key,
        failures: entry.failures,
        ...details,
        retryAfterMs: Math.max(0, entry.blockedUntil - time),
        // What this address did since its previous line, which the rate limit left out.
        unloggedFailures: entry.unloggedFailures,
        unloggedRefusals: entry.unloggedRefusals,
      },
      message,
    );
    entry.lastLoggedAt = time;
    entry.unloggedFailures = 0;
    entry.unloggedRefusals = 0;
    return true;
  }

  return {
    check(address, deviceId) {
      const time = now();
      const key = addressKey(address);
      const entry = addresses.get(key);
      if (!entry || entry.blockedUntil <= time) return { isAllowed: true, retryAfterMs: 0 };
      refused++;
      if (!report(key, entry, time, { deviceId }, 'Device refused without checking credentials: its address failed too often')) entry.unloggedRefusals++;
      return { isAllowed: false, retryAfterMs: entry.blockedUntil - time };
    },

    failure(address, deviceId, protocol) {
      const time = now();
      failures++;
      forgetIdle(addresses, time);
      forgetIdle(devices, time);
      const key = addressKey(address);
      const entry = addresses.get(key) ?? { failures: 0, blockedUntil: 0, lastSeenAt: time, lastLoggedAt: Number.NEGATIVE_INFINITY, unloggedFailures: 0, unloggedRefusals: 0 };
      entry.failures++;
      entry.lastSeenAt = time;
      const delay = delayAfter(entry.failures);
      if (delay > 0) entry.blockedUntil = Math.max(entry.blockedUntil, time + delay);
      touch(addresses, key, entry);
      keepWithinBounds(addresses);

      const device = devices.get(deviceId) ?? { failures: 0, lastSeenAt: time, addresses: new Set<string>() };
      device.failures++;
      device.lastSeenAt = time;
      if (device.addresses.size < ADDRESSES_PER_DEVICE) device.addresses.add(key);
      touch(devices, deviceId, device);
      keepWithinBounds(devices);

      const details = { deviceId, protocol, deviceFailures: device.failures, deviceAddresses: device.addresses.size };
      if (!report(key, entry, time, details, 'Device authentication failed')) entry.unloggedFailures++;
      for (const listener of attemptListeners) listener(deviceId, false);
    },

    success(address, deviceId) {
      addresses.delete(addressKey(address));
      devices.delete(deviceId);
      for (const listener of attemptListeners) listener(deviceId, true);
    },

    onAttempt(listener) {
      attemptListeners.add(listener);
      return () => attemptListeners.delete(listener);
    },

    stats() {
      const time = now();
      const entries = [...addresses.entries()];
      const worst = entries
        .filter(([, entry]) => entry.lastSeenAt + forgetAfterMs > time)
        .sort(([, left], [, right]) => right.failures - left.failures)
        .slice(0, 5)
        .map(([address, entry]) => ({ address, failures: entry.failures, retryAfterMs: Math.max(0, entry.blockedUntil - time) }));
      return {
        failures,
        refused,
        trackedAddresses: addresses.size,
        trackedDevices: devices.size,
        blockedAddresses: entries.filter(([, entry]) => entry.blockedUntil > time).length,
        evicted,
        suppressedLogLines,
        worstAddresses: worst,
      };
    },
  };
}
