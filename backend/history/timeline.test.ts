import { describe, expect, it } from 'vitest';
import { buildTimeline, kilowattHours } from './timeline.js';
import type { FaultsRow, MessageRow, SensorRow, TimelineRow } from './timeline.js';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

function message(channel: string, minute: number, payload: unknown, messageId: string | null = `m-${minute}`): MessageRow {
  const occurredAtMs = T0 + minute * 60_000;
  return { source: 'message', channel, occurredAtMs, receivedAtMs: occurredAtMs + 40, bootId: 'connection-1', messageId, payload };
}

function status(minute: number, connectorId: number, statusName: string, errorCode = 'NoError', extra: object = {}): MessageRow {
  return message('ocpp:StatusNotification', minute, { connectorId, status: statusName, errorCode, ...extra });
}

function sensor(minute: number, name: string, value: boolean): SensorRow {
  return { source: 'sensor', sensor: name, value, occurredAtMs: T0 + minute * 60_000, receivedAtMs: T0 + minute * 60_000 + 5000 };
}

function faults(minute: number, codes: readonly string[]): FaultsRow {
  return { source: 'faults', occurredAtMs: T0 + minute * 60_000, receivedAtMs: T0 + minute * 60_000 + 100, faults: codes };
}

const titles = (rows: readonly TimelineRow[]) => buildTimeline(rows).map((event) => event.title);

describe('the timeline builder', () => {
  it("tells each connector's status change from the one before it, newest first, and skips restatements", () => {
    const events = buildTimeline([
      status(0, 1, 'Available'),
      status(1, 2, 'Available'),
      status(5, 1, 'Charging'),
      status(9, 1, 'Charging'),
      status(12, 2, 'Faulted', 'GroundFailure', { info: 'RCD tripped', vendorErrorCode: 'E42' }),
      status(15, 0, 'Unavailable'),
    ]);
    expect(events.map((event) => event.title)).toEqual([
      'Charge point: Unavailable',
      'Connector 2: Available → Faulted',
      'Connector 1: Available → Charging',
      'Connector 2: Available',
      'Connector 1: Available',
    ]);
    expect(events[1]).toMatchObject({ kind: 'status', detail: 'GroundFailure · RCD tripped · vendor code E42', isNotable: true, occurredAtMs: T0 + 12 * 60_000, receivedAtMs: T0 + 12 * 60_000 + 40 });
    expect(events[2]).toMatchObject({ detail: null, isNotable: false });
    expect(new Set(events.map((event) => event.key)).size).toBe(events.length);
  });

  it('reads rows in the order they happened, whatever order they come in', () => {
    expect(titles([status(5, 1, 'Charging'), status(0, 1, 'Available')])).toEqual(['Connector 1: Available → Charging', 'Connector 1: Available']);
  });

  it('names reboots, sessions with their number and meter, firmware and diagnostics reports, and connections', () => {
    const events = buildTimeline(
      [
        message('ocpp:connection', 0, { online: true }, null),
        message('ocpp:BootNotification', 1, { chargePointVendor: 'IER', chargePointModel: 'Pillar', firmwareVersion: '2.4.1' }),
        message('ocpp:StartTransaction', 2, { connectorId: 1, idTag: 'TAG', meterStart: 12_000, timestamp: '2024-05-01T10:02:00.000Z' }),
        message('ocpp:StopTransaction', 30, { transactionId: 123, meterStop: 19_456, timestamp: '2024-05-01T10:30:00.000Z', reason: 'EVDisconnected' }),
        message('ocpp:FirmwareStatusNotification', 31, { status: 'InstallationFailed' }),
        message('ocpp:DiagnosticsStatusNotification', 32, { status: 'Uploaded' }),
        message('ocpp:connection', 33, { online: false }, null),
        message('ocpp:Heartbeat', 34, {}),
        message('ocpp:MeterValues', 35, { connectorId: 1, meterValue: [] }),
      ],
      [{ id: 123, connectorId: 1, startedAtMs: Date.parse('2024-05-01T10:02:00.000Z'), meterStartWh: 12_000, meterStopWh: 19_456 }],
    );
    expect(events.map((event) => [event.kind, event.title, event.detail, event.isNotable])).toEqual([
      ['connection', 'Disconnected', null, false],
      ['message', 'Diagnostics: Uploaded', null, false],
      ['firmware', 'Firmware installation failed', null, true],
      ['transaction', 'Charging session 123 stopped', 'meter 19.46 kWh · 7.46 kWh delivered · reason EVDisconnected', false],
      ['transaction', 'Charging session 123 started', 'Connector 1 · meter 12.00 kWh', false],
      ['boot', 'Rebooted', 'firmware 2.4.1 · IER Pillar', true],
      ['connection', 'Connected', null, false],
    ]);
  });

  it('still names a session the backend has no record of', () => {
    expect(
      titles([
        message('ocpp:StartTransaction', 2, { connectorId: 1, idTag: 'TAG', meterStart: 0, timestamp: '2024-05-01T10:02:00.000Z' }),
        message('ocpp:StopTransaction', 3, { transactionId: 77, meterStop: 10 }),
      ]),
    ).toEqual(['Charging session 77 stopped', 'Charging session started']);
  });

  it("tells a car's sensors at their true times, and its faults as they appear and clear", () => {
    const events = buildTimeline([
      faults(0, []),
      sensor(1, 'locked', false),
      sensor(2, 'doorsOpen', true),
      sensor(3, 'doorsOpen', false),
      sensor(4, 'ignition', true),
      faults(10, ['battery-overheat']),
      faults(11, ['battery-overheat', 'tyre-pressure']),
      faults(20, ['tyre-pressure']),
      sensor(25, 'plugged', true),
      sensor(26, 'charging', true),
      sensor(27, 'chargeHatchOpen', true),
      sensor(28, 'heated-seats', true),
    ]);
    expect(events.map((event) => event.title)).toEqual([
      'heated-seats: on',
      'Charge flap opened',
      'Charging started',
      'Plugged in',
      'Fault cleared: battery-overheat',
      'Fault: tyre-pressure',
      'Fault: battery-overheat',
      'Ignition on',
      'Doors closed',
      'Doors opened',
      'Unlocked',
    ]);
    expect(events.find((event) => event.title === 'Fault: battery-overheat')).toMatchObject({ kind: 'fault', isNotable: true });
    expect(events.find((event) => event.title === 'Fault cleared: battery-overheat')).toMatchObject({ kind: 'fault', isNotable: false });
    expect(events.find((event) => event.title === 'Unlocked')).toMatchObject({ kind: 'sensor', occurredAtMs: T0 + 60_000, receivedAtMs: T0 + 65_000 });
  });

  it("takes a car's first known faults as news, and a state that changes nothing as none", () => {
    expect(titles([faults(0, ['brake-wear']), faults(1, ['brake-wear'])])).toEqual(['Fault: brake-wear']);
  });

  it('skips rows it cannot read rather than failing the page', () => {
    expect(titles([status(0, 1, 'Available'), message('ocpp:StatusNotification', 1, { nonsense: true }), message('ocpp:connection', 2, 'online')])).toEqual([
      'Connector 1: Available',
    ]);
  });

  it('writes energy in kWh', () => {
    expect(kilowattHours(1234.5)).toBe('1.23 kWh');
  });
});
