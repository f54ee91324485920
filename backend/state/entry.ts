/** One device's last-known state in memory, and how a message changes it. */
import type { CarState } from '../../shared/car-protocol.js';
import type { ChargePointState, ConnectorState } from '../../shared/device-detail.js';
import type { DeviceStatus } from '../../shared/fleet.js';
import { NO_BATTERY } from '../../shared/fleet-columns.js';
import type { DeviceRecord, StationRecord } from '../inventory/types.js';
import type { DeviceMessage, StatusNotification } from '../ingest/message.js';
import { carStatus, chargePointStatus, meterReading } from './derive.js';

export interface DeviceEntry {
  record: DeviceRecord;
  status: DeviceStatus;
  isOnline: boolean;
  latitude: number;
  longitude: number;
  headingDegrees: number;
  speedKmh: number;
  /** 0..100, or NO_BATTERY. */
  batteryPercent: number;
  /** Backend clock when anything was last received from the device; 0 when never. */
  lastSeenMs: number;
  deviceTime: string | null;
  clockOffsetMs: number | null;
  bootId: string | null;
  sequence: number | null;
  car: CarState | null;
  chargePoint: ChargePointState | null;
  /** Changed since it was last written to device_state. */
  isDirty: boolean;
}

export const EMPTY_CHARGE_POINT: ChargePointState = {
  vendor: null,
  model: null,
  firmwareVersion: null,
  connectors: [],
  energyWh: null,
  powerW: null,
  lastHeartbeatAt: null,
};

export function newEntry(record: DeviceRecord, station: StationRecord | undefined): DeviceEntry {
  return {
    record,
    status: 'offline',
    isOnline: false,
    latitude: station?.latitude ?? Number.NaN,
    longitude: station?.longitude ?? Number.NaN,
    headingDegrees: 0,
    speedKmh: 0,
    batteryPercent: NO_BATTERY,
    lastSeenMs: 0,
    deviceTime: null,
    clockOffsetMs: null,
    bootId: null,
    sequence: null,
    car: null,
    chargePoint: null,
    isDirty: false,
  };
}

export function deriveStatus(entry: DeviceEntry): DeviceStatus {
  if (!entry.isOnline) return 'offline';
  if (entry.record.kind === 'car') return entry.car ? carStatus(entry.car) : 'available';
  return chargePointStatus(entry.chargePoint?.connectors ?? []);
}

export function applyCarState(entry: DeviceEntry, car: CarState): void {
  entry.car = car;
  entry.latitude = car.position.latitude;
  entry.longitude = car.position.longitude;
  entry.headingDegrees = car.position.headingDegrees;
  entry.speedKmh = car.position.speedKmh;
  entry.batteryPercent = Math.round(car.batteryPercent);
}

/** A message from an earlier point of the device's life than the state it already gave: history only. */
function isOlderThanState(entry: DeviceEntry, message: DeviceMessage): boolean {
  if (message.sequence === null || message.bootId === null || message.bootId !== entry.bootId || entry.sequence === null) return false;
  return message.sequence <= entry.sequence;
}

function withConnector(connectors: readonly ConnectorState[], notification: StatusNotification): readonly ConnectorState[] | undefined {
  const current = connectors.find((connector) => connector.connectorId === notification.connectorId);
  const since = notification.timestamp ?? null;
  // Charge points queue notifications while offline; an older one than what is known must not win.
  if (current?.since && since && Date.parse(since) < Date.parse(current.since)) return undefined;
  const next: ConnectorState = { connectorId: notification.connectorId, status: notification.status, errorCode: notification.errorCode, since };
  return [...connectors.filter((connector) => connector.connectorId !== notification.connectorId), next].sort(
    (left, right) => left.connectorId - right.connectorId,
  );
}

function recordClock(entry: DeviceEntry, deviceTime: string, receivedAtMs: number): void {
  const deviceMs = Date.parse(deviceTime);
  if (Number.isNaN(deviceMs)) return;
  entry.deviceTime = deviceTime;
  entry.clockOffsetMs = Math.round(deviceMs - receivedAtMs);
}

/** Applies one message to the entry; returns whether anything a console can see changed. */
export function applyMessage(entry: DeviceEntry, message: DeviceMessage): boolean {
  if (message.channel === 'mqtt:connection' || message.channel === 'ocpp:connection') {
    entry.isOnline = message.payload.online;
    if (message.payload.online) entry.lastSeenMs = Math.max(entry.lastSeenMs, message.receivedAtMs);
    return finish(entry);
  }
  // The broker publishes a car's will for it: it says nothing about the car's state, and the gateway
  // has already reported the dropped connection.
  if (message.channel === 'mqtt:presence' && !message.payload.online) return false;
  // Anything the device says proves it is there, even a message too old to change its state.
  entry.isOnline = true;
  entry.lastSeenMs = Math.max(entry.lastSeenMs, message.receivedAtMs);
  if (isOlderThanState(entry, message)) return finish(entry);
  switch (message.channel) {
    case 'mqtt:state':
      applyCarState(entry, message.payload);
      entry.bootId = message.bootId;
      entry.sequence = message.sequence;
      recordClock(entry, message.payload.deviceTime, message.receivedAtMs);
      break;
    case 'ocpp:BootNotification': {
      const current = entry.chargePoint ?? EMPTY_CHARGE_POINT;
      entry.chargePoint = {
        ...current,
        vendor: message.payload.chargePointVendor,
        model: message.payload.chargePointModel,
        firmwareVersion: message.payload.firmwareVersion ?? current.firmwareVersion,
      };
      break;
    }
    case 'ocpp:StatusNotification': {
      const current = entry.chargePoint ?? EMPTY_CHARGE_POINT;
      const connectors = withConnector(current.connectors, message.payload);
      if (connectors) entry.chargePoint = { ...current, connectors };
      break;
    }
    case 'ocpp:MeterValues': {
      const current = entry.chargePoint ?? EMPTY_CHARGE_POINT;
      const reading = meterReading(message.payload);
      entry.chargePoint = { ...current, energyWh: reading.energyWh ?? current.energyWh, powerW: reading.powerW ?? current.powerW };
      if (reading.sampledAt) recordClock(entry, reading.sampledAt, message.receivedAtMs);
      break;
    }
    case 'ocpp:Heartbeat':
      entry.chargePoint = { ...(entry.chargePoint ?? EMPTY_CHARGE_POINT), lastHeartbeatAt: new Date(message.receivedAtMs).toISOString() };
      break;
    default:
      break;
  }
  return finish(entry);
}

/** Every applied message moves lastSeenMs at least, which consoles show, so it always counts as a change. */
function finish(entry: DeviceEntry): true {
  entry.status = deriveStatus(entry);
  entry.isDirty = true;
  return true;
}
