/**
 * A device's timeline, built from history rows: what an operator wants to read of its past, one line
 * each. Pure: the rows come from timeline-query.ts. Heartbeats, meter values and a car's plain states are
 * series, not events; a car's states only count here when its faults change.
 */
import { z } from 'zod';
import type { TimelineEvent } from '../../shared/device-history.js';
import { bootNotificationSchema, statusNotificationSchema } from '../ingest/message.js';

/** One recorded message: a status, a boot, a transaction, a connection… */
export interface MessageRow {
  readonly source: 'message';
  readonly channel: string;
  readonly occurredAtMs: number;
  readonly receivedAtMs: number;
  readonly bootId: string | null;
  readonly messageId: string | null;
  readonly payload: unknown;
}

/** One binary sensor's change, at the time it really happened (sensor_transitions). */
export interface SensorRow {
  readonly source: 'sensor';
  readonly sensor: string;
  readonly value: boolean;
  readonly occurredAtMs: number;
  /** When the backend recorded it. */
  readonly receivedAtMs: number;
}

/** A car state whose faults differ from the state before it (or the first state read). */
export interface FaultsRow {
  readonly source: 'faults';
  readonly occurredAtMs: number;
  readonly receivedAtMs: number;
  readonly faults: readonly string[];
}

export type TimelineRow = MessageRow | SensorRow | FaultsRow;

/** A charging transaction as the backend numbered it (the transactions table). */
export interface TransactionRecord {
  readonly id: number;
  readonly connectorId: number;
  readonly startedAtMs: number;
  readonly meterStartWh: number;
  readonly meterStopWh: number | null;
}

/** The channels whose rows are events (or, for StatusNotification, the state an event starts from). */
export const EVENT_CHANNELS = {
  car: ['mqtt:connection'],
  chargePoint: [
    'ocpp:connection',
    'ocpp:BootNotification',
    'ocpp:StatusNotification',
    'ocpp:StartTransaction',
    'ocpp:StopTransaction',
    'ocpp:FirmwareStatusNotification',
    'ocpp:DiagnosticsStatusNotification',
  ],
} as const;

const connectionSchema = z.object({ online: z.boolean() });
const startSchema = z.object({ connectorId: z.number(), meterStart: z.number(), timestamp: z.string() });
const stopSchema = z.object({ transactionId: z.number(), meterStop: z.number(), reason: z.string().optional() });
const statusReportSchema = z.object({ status: z.string() });

const SENSOR_TITLES: Readonly<Record<string, readonly [whenTrue: string, whenFalse: string]>> = {
  doorsOpen: ['Doors opened', 'Doors closed'],
  locked: ['Locked', 'Unlocked'],
  plugged: ['Plugged in', 'Unplugged'],
  charging: ['Charging started', 'Charging stopped'],
  ignition: ['Ignition on', 'Ignition off'],
  chargeHatchOpen: ['Charge flap opened', 'Charge flap closed'],
};

const FIRMWARE_TITLES: Readonly<Record<string, string>> = {
  Downloading: 'Firmware downloading',
  Downloaded: 'Firmware downloaded',
  DownloadFailed: 'Firmware download failed',
  Installing: 'Firmware installing',
  Installed: 'Firmware installed',
  InstallationFailed: 'Firmware installation failed',
  Idle: 'Firmware update idle',
};

export function kilowattHours(wattHours: number): string {
  return `${(wattHours / 1000).toFixed(2)} kWh`;
}

function joined(parts: readonly (string | null | undefined | false)[]): string | null {
  const kept = parts.filter((part): part is string => typeof part === 'string' && part !== '');
  return kept.length === 0 ? null : kept.join(' · ');
}

interface Builder {
  readonly events: TimelineEvent[];
  readonly connectors: Map<number, { readonly status: string; readonly errorCode: string }>;
  faults: ReadonlySet<string> | null;
  readonly transactions: readonly TransactionRecord[];
}

function add(builder: Builder, row: TimelineRow, event: Omit<TimelineEvent, 'occurredAtMs' | 'receivedAtMs'>): void {
  builder.events.push({ ...event, occurredAtMs: row.occurredAtMs, receivedAtMs: row.receivedAtMs });
}

function messageKey(row: MessageRow, ...parts: readonly (string | number)[]): string {
  return [row.channel, row.bootId ?? '', row.messageId ?? '', row.receivedAtMs, row.occurredAtMs, ...parts].join(':');
}

function statusEvent(builder: Builder, row: MessageRow): void {
  const parsed = statusNotificationSchema.safeParse(row.payload);
  if (!parsed.success) return;
  const { connectorId, status, errorCode, info, vendorErrorCode } = parsed.data;
  const previous = builder.connectors.get(connectorId);
  builder.connectors.set(connectorId, { status, errorCode });
  // A charge point restates every connector after a boot: a restatement is not news.
  if (previous?.status === status && previous.errorCode === errorCode) return;
  const subject = connectorId === 0 ? 'Charge point' : `Connector ${connectorId}`;
  const hasError = errorCode !== 'NoError';
  add(builder, row, {
    key: messageKey(row, connectorId),
    kind: 'status',
    title: previous ? `${subject}: ${previous.status} → ${status}` : `${subject}: ${status}`,
    detail: joined([hasError && errorCode, info, vendorErrorCode && `vendor code ${vendorErrorCode}`]),
    isNotable: status === 'Faulted' || hasError,
  });
}

function transactionEvent(builder: Builder, row: MessageRow): void {
  if (row.channel === 'ocpp:StartTransaction') {
    const parsed = startSchema.safeParse(row.payload);
    if (!parsed.success) return;
    const { connectorId, meterStart, timestamp } = parsed.data;
    const startedAtMs = Date.parse(timestamp);
    const transaction = builder.transactions.find((candidate) => candidate.connectorId === connectorId && candidate.startedAtMs === startedAtMs);
    add(builder, row, {
      key: messageKey(row),
      kind: 'transaction',
      title: transaction ? `Charging session ${transaction.id} started` : 'Charging session started',
      detail: joined([`Connector ${connectorId}`, `meter ${kilowattHours(meterStart)}`]),
      isNotable: false,
    });
    return;
  }
  const parsed = stopSchema.safeParse(row.payload);
  if (!parsed.success) return;
  const { transactionId, meterStop, reason } = parsed.data;
  const transaction = builder.transactions.find((candidate) => candidate.id === transactionId);
  add(builder, row, {
    key: messageKey(row),
    kind: 'transaction',
    title: `Charging session ${transactionId} stopped`,
    detail: joined([
      `meter ${kilowattHours(meterStop)}`,
      transaction && `${kilowattHours(meterStop - transaction.meterStartWh)} delivered`,
      reason && `reason ${reason}`,
    ]),
    isNotable: false,
  });
}

function messageEvent(builder: Builder, row: MessageRow): void {
  switch (row.channel) {
    case 'ocpp:StatusNotification':
      return statusEvent(builder, row);
    case 'ocpp:StartTransaction':
    case 'ocpp:StopTransaction':
      return transactionEvent(builder, row);
    case 'ocpp:BootNotification': {
      const parsed = bootNotificationSchema.safeParse(row.payload);
      if (!parsed.success) return;
      const { firmwareVersion, chargePointVendor, chargePointModel } = parsed.data;
      add(builder, row, {
        key: messageKey(row),
        kind: 'boot',
        title: 'Rebooted',
        detail: joined([firmwareVersion && `firmware ${firmwareVersion}`, `${chargePointVendor} ${chargePointModel}`]),
        isNotable: true,
      });
      return;
    }
    case 'ocpp:FirmwareStatusNotification':
    case 'ocpp:DiagnosticsStatusNotification': {
      const parsed = statusReportSchema.safeParse(row.payload);
      if (!parsed.success) return;
      const { status } = parsed.data;
      const isFirmware = row.channel === 'ocpp:FirmwareStatusNotification';
      add(builder, row, {
        key: messageKey(row),
        kind: isFirmware ? 'firmware' : 'message',
        title: isFirmware ? (FIRMWARE_TITLES[status] ?? `Firmware update: ${status}`) : `Diagnostics: ${status}`,
        detail: null,
        isNotable: status.endsWith('Failed'),
      });
      return;
    }
    case 'ocpp:connection':
    case 'mqtt:connection': {
      const parsed = connectionSchema.safeParse(row.payload);
      if (!parsed.success) return;
      add(builder, row, {
        key: messageKey(row, String(parsed.data.online)),
        kind: 'connection',
        title: parsed.data.online ? 'Connected' : 'Disconnected',
        detail: null,
        isNotable: false,
      });
      return;
    }
    default:
      return;
  }
}

function faultEvents(builder: Builder, row: FaultsRow): void {
  const current = new Set(row.faults);
  // Before the first state read, nothing is known of the car's faults: what it reports is new.
  const previous = builder.faults ?? new Set<string>();
  builder.faults = current;
  for (const fault of current) {
    if (previous.has(fault)) continue;
    add(builder, row, { key: `fault:${fault}:on:${row.occurredAtMs}`, kind: 'fault', title: `Fault: ${fault}`, detail: null, isNotable: true });
  }
  for (const fault of previous) {
    if (current.has(fault)) continue;
    add(builder, row, { key: `fault:${fault}:off:${row.occurredAtMs}`, kind: 'fault', title: `Fault cleared: ${fault}`, detail: null, isNotable: false });
  }
}

function sensorEvent(builder: Builder, row: SensorRow): void {
  const titles = SENSOR_TITLES[row.sensor];
  add(builder, row, {
    key: `sensor:${row.sensor}:${row.value}:${row.occurredAtMs}`,
    kind: 'sensor',
    title: titles ? titles[row.value ? 0 : 1] : `${row.sensor}: ${row.value ? 'on' : 'off'}`,
    detail: null,
    isNotable: false,
  });
}

/** Rows of one moment in a fixed order, so that the same rows always make the same page. */
function tieBreak(row: TimelineRow): string {
  if (row.source === 'message') return `message ${row.channel} ${row.messageId ?? ''}`;
  return row.source === 'sensor' ? `sensor ${row.sensor}` : 'faults';
}

function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/**
 * The events the rows tell, newest first. Each row is read after the ones before it in time, so that a
 * status says what it changed from and a car's faults what appeared or cleared: give the rows just
 * before the window too (and drop the events they make).
 */
export function buildTimeline(rows: readonly TimelineRow[], transactions: readonly TransactionRecord[] = []): TimelineEvent[] {
  const builder: Builder = { events: [], connectors: new Map(), faults: null, transactions };
  const ordered = [...rows].sort(
    (left, right) => left.occurredAtMs - right.occurredAtMs || left.receivedAtMs - right.receivedAtMs || compareText(tieBreak(left), tieBreak(right)),
  );
  for (const row of ordered) {
    if (row.source === 'message') messageEvent(builder, row);
    else if (row.source === 'sensor') sensorEvent(builder, row);
    else faultEvents(builder, row);
  }
  // Newest first; among events of one moment, the later-built first, as they happened.
  return builder.events.map((event, order) => ({ event, order })).sort((left, right) => right.event.occurredAtMs - left.event.occurredAtMs || right.order - left.order).map(({ event }) => event);
}
