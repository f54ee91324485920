/**
 * A charge point's connector statuses: a status queued offline and sent after the current one never
 * wins on its connection, but what a new connection says is the connector as it is now.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceMessage } from '../ingest/message.js';
import { applyMessage, newEntry } from './entry.js';
import type { DeviceEntry } from './entry.js';
import { testDevice } from './test-support.js';

const T = Date.UTC(2026, 10, 27, 12, 0, 0);

function status(connectionId: string, messageId: string, value: string, sinceMs: number): DeviceMessage {
  return {
    deviceId: 'cp-1',
    kind: 'chargePoint',
    receivedAtMs: T,
    deviceTime: new Date(sinceMs).toISOString(),
    bootId: connectionId,
    sequence: null,
    messageId,
    channel: 'ocpp:StatusNotification',
    payload: { connectorId: 1, errorCode: 'NoError', status: value, timestamp: new Date(sinceMs).toISOString() },
  };
}

const connector = (entry: DeviceEntry) => entry.chargePoint?.connectors.find((each) => each.connectorId === 1)?.status;

describe('connector statuses', () => {
  it('on one connection, ignore a status dated before the known one (sent late from an offline queue)', () => {
    const entry = newEntry(testDevice('cp-1', 'chargePoint'), undefined);
    applyMessage(entry, status('connection-1', 'm-1', 'Charging', T - 60_000));
    applyMessage(entry, status('connection-1', 'm-2', 'Available', T - 3_600_000));
    expect(connector(entry)).toBe('Charging');
  });

  it('take what a new connection says, even dated before what an earlier connection said', () => {
    const entry = newEntry(testDevice('cp-1', 'chargePoint'), undefined);
    // A flapping connector's last report (or a clock that was ahead, then set right).
    applyMessage(entry, status('connection-1', 'm-1', 'Preparing', T - 5_000));
    // After reconnecting, the charge point restates the connector as it is: Available since an hour ago.
    applyMessage(entry, status('connection-2', 'm-1', 'Available', T - 3_600_000));
    expect(connector(entry)).toBe('Available');
    expect(entry.status).toBe('available');
    // That connection's own late reports are judged against it again.
    applyMessage(entry, status('connection-2', 'm-2', 'Faulted', T - 7_200_000));
    expect(connector(entry)).toBe('Available');
  });

  it('do not tell the clock: a status restated after a boot is dated when it began, not when it was sent', () => {
    const entry = newEntry(testDevice('cp-1', 'chargePoint'), undefined);
    applyMessage(entry, status('connection-1', 'm-1', 'Available', T - 3 * 3_600_000));
    expect(entry.clockOffsetMs).toBeNull();
  });
});
