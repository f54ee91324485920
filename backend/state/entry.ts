/** One device's last-known state in memory, and how a message changes it. */
import type { CarState } from '../../shared/car-protocol.js';
import type { ChargePointState, ConnectorState } from '../../shared/device-detail.js';
import type { DeviceStatus } from '../../shared/fleet.js';
import { NO_BATTERY } from '../../shared/fleet-columns.js';
import type { DeviceRecord, StationRecord } from '../inventory/types.js';
import type { DeviceMessage, StatusNotification } from '../ingest/message.js';
import { ClockEstimator } from './clock.js';
import { carStatus, chargePointStatus, meterReading } from './derive.js';
import { isNewerThanState, retireBoot } from './ordering.js';
import { RecentKeys } from './recent-keys.js';
import { SensorMemory } from './transitions.js';
import type { SensorTransition } from './transitions.js';

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
  /** The estimate of the device clock minus the backend clock (see clock.ts). */
  clockOffsetMs: number | null;
  bootId: string | null;
  sequence: number | null;
  /** Where the current state's message belongs on the backend's timeline (its corrected device time); null when never. */
  occurredAtMs: number | null;
  /** Boots the device has moved on from, newest last: their messages go to history only. */
  retiredBoots: string[];
  readonly clock: ClockEstimator;
  readonly recentKeys: RecentKeys;
  readonly sensorMemory: SensorMemory;
  /** Per connector, the connection (a charge point's boot id) whose StatusNotification set its status. */
  readonly connectorBoots: Map<number, string | null>;
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
    occurredAtMs: null,
    retiredBoots: [],
    clock: new ClockEstimator(),
    recentKeys: new RecentKeys(),
    sensorMemory: new SensorMemory(),
    connectorBoots: new Map(),
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

function withConnector(connectors: readonly ConnectorState[], notification: StatusNotification, isSameConnection: boolean): readonly ConnectorState[] | undefined {
  const current = connectors.find((connector) => connector.connectorId === notification.connectorId);
  const since = notification.timestamp ?? null;
  // Charge points queue notifications while offline and may send them after their current statuses: on
  // one connection, an older one than what is known must not win. A new connection restates each
  // connector as it is now, even dated before what an earlier connection said (a clock set back, a
  // status that earlier connection got wrong).
  if (isSameConnection && current?.since && since && Date.parse(since) < Date.parse(current.since)) return undefined;
  const next: ConnectorState = { connectorId: notification.connectorId, status: notification.status, errorCode: notification.errorCode, since };
  return [...connectors.filter((connector) => connector.connectorId !== notification.connectorId), next].sort(
    (left, right) => left.connectorId - right.connectorId,
  );
}

/** What a message turned out to be, for history. */
export interface Applied {
  /** Seen already (same boot and sequence, or same OCPP message id): record nothing. */
  readonly isDuplicate: boolean;
  /** It became the device's current state; false: history only. */
  readonly isCurrent: boolean;
  /** Its device time corrected by the device's clock offset (the receive time when it has none). */
  readonly occurredAtMs: number;
  /** Sensor transitions it showed first. */
  readonly transitions: readonly SensorTransition[];
}

function parsedTime(time: string | null): number | null {
  if (time === null) return null;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? null : ms;
}

/** Applies one message to the entry and says what it was. */
export function applyMessage(entry: DeviceEntry, message: DeviceMessage): Applied {
  const deviceMs = parsedTime(message.deviceTime);
  const received = (isCurrent: boolean): Applied => ({ isDuplicate: false, isCurrent, occurredAtMs: message.receivedAtMs, transitions: [] });
  if (message.channel === 'mqtt:connection' || message.channel === 'ocpp:connection') {
    entry.isOnline = message.payload.online;
    if (message.payload.online) entry.lastSeenMs = Math.max(entry.lastSeenMs, message.receivedAtMs);
    finish(entry);
    return received(true);
  }
  // The broker publishes a car's will for it: it says nothing about the car's state, and the gateway
  // has already reported the dropped connection.
  if (message.channel === 'mqtt:presence' && !message.payload.online) return received(false);
  if (entry.recentKeys.isRepeat(message)) return { isDuplicate: true, isCurrent: false, occurredAtMs: message.receivedAtMs, transitions: [] };

  // Only messages dated when they were sent tell the clock: a backlog is late by design, a boot the
  // device has left may have had another clock, and a StatusNotification is dated when its status
  // began (a charge point restates hours-old statuses after every boot).
  const isRetiredBoot = message.bootId !== null && entry.retiredBoots.includes(message.bootId);
  const isDatedWhenSent = message.channel !== 'ocpp:StatusNotification';
  if (deviceMs !== null && isDatedWhenSent && !message.isBacklog && !isRetiredBoot) entry.clock.add(deviceMs - message.receivedAtMs, message.receivedAtMs);
  entry.clockOffsetMs = entry.clock.estimate() ?? entry.clockOffsetMs;
  const occurredAtMs = deviceMs === null ? message.receivedAtMs : deviceMs - (entry.clockOffsetMs ?? 0);
  const transitions = message.channel === 'mqtt:state' ? entry.sensorMemory.transitions(message.payload, entry.clockOffsetMs) : [];

  // Anything the device says proves it is there, even a message too old to change its state.
  entry.isOnline = true;
  entry.lastSeenMs = Math.max(entry.lastSeenMs, message.receivedAtMs);
  const isCurrent = isNewerThanState(entry, message, occurredAtMs);
  if (isCurrent) {
    // Only a message with a boot is a point in the device's own order that later ones are judged by.
    if (message.bootId !== null) {
      if (message.bootId !== entry.bootId) retireBoot(entry, message.bootId);
      entry.sequence = message.sequence;
      entry.occurredAtMs = occurredAtMs;
    }
    if (message.deviceTime !== null && deviceMs !== null) entry.deviceTime = message.deviceTime;
    applyCurrent(entry, message);
  }
  finish(entry);
  return { isDuplicate: false, isCurrent, occurredAtMs, transitions };
}

function applyCurrent(entry: DeviceEntry, message: DeviceMessage): void {
  switch (message.channel) {
    case 'mqtt:state':
      applyCarState(entry, message.payload);
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
      const { connectorId } = message.payload;
      const isSameConnection = entry.connectorBoots.has(connectorId) && entry.connectorBoots.get(connectorId) === message.bootId;
      const connectors = withConnector(current.connectors, message.payload, isSameConnection);
      if (connectors) {
        entry.chargePoint = { ...current, connectors };
        entry.connectorBoots.set(connectorId, message.bootId);
      }
      break;
    }
    case 'ocpp:MeterValues': {
      const current = entry.chargePoint ?? EMPTY_CHARGE_POINT;
      const reading = meterReading(message.payload);
      entry.chargePoint = { ...current, energyWh: reading.energyWh ?? current.energyWh, powerW: reading.powerW ?? current.powerW };
      break;
    }
    case 'ocpp:Heartbeat':
      entry.chargePoint = { ...(entry.chargePoint ?? EMPTY_CHARGE_POINT), lastHeartbeatAt: new Date(message.receivedAtMs).toISOString() };
      break;
    default:
      break;
  }
}

/** Every applied message moves lastSeenMs at least, which consoles show, so it always counts as a change. */
function finish(entry: DeviceEntry): void {
  entry.status = deriveStatus(entry);
  entry.isDirty = true;
}
