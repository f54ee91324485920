import { describe, expect, it } from 'vitest';
import { silentLogger } from '../store/testing.js';
import { addressKey, createAuthGuard } from './auth-guard.js';
import type { AuthGuardOptions } from './auth-guard.js';

interface Line {
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

function guardWithClock(options: AuthGuardOptions = {}) {
  let time = 1_000_000;
  const lines: Line[] = [];
  const logger = { warn: (fields: Record<string, unknown>, message: string) => void lines.push({ fields, message }) };
  const guard = createAuthGuard({ now: () => time, logger, ...options });
  return {
    guard,
    lines,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('the authentication guard', () => {
  it('lets the first failures through, then makes the address wait twice as long after each failure', () => {
    const { guard, advance } = guardWithClock({ freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000 });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(guard.check('10.0.0.1', 'car-1')).toEqual({ isAllowed: true, retryAfterMs: 0 });
      guard.failure('10.0.0.1', 'car-1', 'mqtt');
    }
    expect(guard.check('10.0.0.1', 'car-1').isAllowed).toBe(true);
    guard.failure('10.0.0.1', 'car-1', 'mqtt');
    expect(guard.check('10.0.0.1', 'car-1')).toEqual({ isAllowed: false, retryAfterMs: 1000 });
    // Another car behind the same address waits too: the address is what keeps failing.
    expect(guard.check('10.0.0.1', 'car-2')).toEqual({ isAllowed: false, retryAfterMs: 1000 });
    advance(400);
    expect(guard.check('10.0.0.1', 'car-1')).toEqual({ isAllowed: false, retryAfterMs: 600 });
    // Others are not affected.
    expect(guard.check('10.0.0.2', 'car-1').isAllowed).toBe(true);

    const waits: number[] = [];
    for (let round = 0; round < 5; round++) {
      advance(guard.check('10.0.0.1', 'car-1').retryAfterMs);
      expect(guard.check('10.0.0.1', 'car-1').isAllowed).toBe(true);
      guard.failure('10.0.0.1', 'car-1', 'mqtt');
      waits.push(guard.check('10.0.0.1', 'car-1').retryAfterMs);
    }
    expect(waits).toEqual([2000, 4000, 8000, 8000, 8000]);
    expect(guard.stats()).toMatchObject({ failures: 9, blockedAddresses: 1, trackedAddresses: 1, trackedDevices: 1 });
    expect(guard.stats().refused).toBeGreaterThan(0);
  });

  it('ends the wait when a device from the address authenticates', () => {
    const { guard, advance } = guardWithClock({ freeFailures: 1 });
    guard.failure('10.0.0.1', 'car-1', 'mqtt');
    guard.failure('10.0.0.1', 'car-1', 'mqtt');
    expect(guard.check('10.0.0.1', 'car-1').isAllowed).toBe(false);
    advance(guard.check('10.0.0.1', 'car-1').retryAfterMs);
    guard.success('10.0.0.1', 'car-1');
    guard.failure('10.0.0.1', 'car-1', 'mqtt');
    expect(guard.check('10.0.0.1', 'car-1').isAllowed).toBe(true);
  });

  it('counts failures per device id across addresses, without making the device wait', () => {
    const { guard, lines } = guardWithClock({ freeFailures: 0 });
    for (let index = 1; index <= 20; index++) guard.failure(`10.0.1.${index}`, 'cp-00042', 'ocpp');
    expect(guard.check('10.0.9.9', 'cp-00042').isAllowed).toBe(true);
    expect(guard.stats()).toMatchObject({ failures: 20, trackedAddresses: 20, trackedDevices: 1, blockedAddresses: 20 });
    const last = lines.at(-1);
    expect(last?.fields).toMatchObject({ address: '10.0.1.20', deviceId: 'cp-00042', protocol: 'ocpp', deviceFailures: 20, deviceAddresses: 16 });
  });

  it('logs the address, at most once per interval per address, and says how much it left out', () => {
    const { guard, lines, advance } = guardWithClock({ freeFailures: 2, logIntervalMs: 60_000 });
    for (let attempt = 0; attempt < 10; attempt++) {
      guard.failure('192.0.2.7', `car-${attempt}`, 'mqtt');
      guard.check('192.0.2.7', 'car-x');
      advance(100);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ message: 'Device authentication failed', fields: { address: '192.0.2.7', deviceId: 'car-0', protocol: 'mqtt', failures: 1 } });
    advance(60_000);
    guard.failure('192.0.2.7', 'car-10', 'mqtt');
    expect(lines).toHaveLength(2);
    expect(lines[1]?.fields).toMatchObject({ address: '192.0.2.7', failures: 11, unloggedFailures: 9, unloggedRefusals: expect.any(Number) });
    expect(guard.stats().suppressedLogLines).toBeGreaterThan(9);
  });

  it('caps the log over all addresses and reports what the cap left out', () => {
    const { guard, lines, advance } = guardWithClock({ maxLogLines: 5, logIntervalMs: 1000 });
    for (let index = 0; index < 50; index++) guard.failure(`198.51.100.${index}`, 'car-1', 'mqtt');
    expect(lines).toHaveLength(5);
    advance(1000);
    guard.failure('203.0.113.1', 'car-1', 'mqtt');
    expect(lines.at(-2)).toMatchObject({ fields: { suppressed: 45 } });
    expect(lines.at(-1)?.fields).toMatchObject({ address: '203.0.113.1' });
  });

  it('forgets addresses and devices that stopped failing, and never holds more than its bound', () => {
    const { guard, advance } = guardWithClock({ freeFailures: 0, maxDelayMs: 1000, forgetAfterMs: 10_000, maxEntries: 100 });
    for (let index = 0; index < 1000; index++) guard.failure(`10.1.${index >> 8}.${index & 255}`, `car-${index}`, 'mqtt');
    expect(guard.stats()).toMatchObject({ trackedAddresses: 100, trackedDevices: 100, evicted: 1800 });
    // The most recent are the ones kept.
    expect(guard.check('10.1.3.231', 'car-999').isAllowed).toBe(false);
    expect(guard.check('10.1.0.0', 'car-0').isAllowed).toBe(true);
    advance(10_000);
    guard.failure('10.2.0.1', 'car-new', 'mqtt');
    expect(guard.stats()).toMatchObject({ trackedAddresses: 1, trackedDevices: 1 });
  });

  it('takes the backend\'s pino logger', () => {
    const guard = createAuthGuard({ logger: silentLogger });
    guard.failure('10.0.0.1', 'car-1', 'mqtt');
    expect(guard.stats().failures).toBe(1);
  });

  it('lists the worst addresses first', () => {
    const { guard } = guardWithClock();
    for (let attempt = 0; attempt < 3; attempt++) guard.failure('10.0.0.1', 'car-1', 'mqtt');
    for (let attempt = 0; attempt < 7; attempt++) guard.failure('10.0.0.2', 'car-2', 'ocpp');
    guard.failure('10.0.0.3', 'car-3', 'ocpp');
    expect(guard.stats().worstAddresses.map((entry) => [entry.address, entry.failures])).toEqual([
      ['10.0.0.2', 7],
      ['10.0.0.1', 3],
      ['10.0.0.3', 1],
    ]);
  });

  it('throttles an IPv6 /64 as one source, and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:0db8:0000:0001:ffff:0:0:2')).toBe('2001:db8:0:1::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('')).toBe('unknown');
    const { guard } = guardWithClock({ freeFailures: 0 });
    guard.failure('2001:db8:0:1::1', 'car-1', 'mqtt');
    expect(guard.check('2001:db8:0:1::abcd', 'car-1').isAllowed).toBe(false);
    expect(guard.check('2001:db8:0:2::1', 'car-1').isAllowed).toBe(true);
  });
});
