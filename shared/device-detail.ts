/** What the console shows about one device when it is selected. */
import type { CarState } from './car-protocol.js';
import type { DeviceKind, DeviceStatus } from './fleet.js';

export interface StationSummary {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly city: string;
  readonly latitude: number;
  readonly longitude: number;
}

export interface ConnectorState {
  readonly connectorId: number;
  /** OCPP 1.6 ChargePointStatus. */
  readonly status: string;
  /** OCPP 1.6 ChargePointErrorCode. */
  readonly errorCode: string;
  /** When the charge point says the status began (its clock), ISO 8601. */
  readonly since: string | null;
}

export interface ChargePointState {
  readonly vendor: string | null;
  readonly model: string | null;
  readonly firmwareVersion: string | null;
  readonly connectors: readonly ConnectorState[];
  /** Energy register, Energy.Active.Import.Register, in Wh. */
  readonly energyWh: number | null;
  readonly powerW: number | null;
  readonly lastHeartbeatAt: string | null;
}

interface DeviceDetailBase {
  readonly id: string;
  readonly serialNumber: string;
  readonly firmwareVersion: string | null;
  readonly model: { readonly id: string; readonly manufacturer: string; readonly name: string };
  readonly station: StationSummary | null;
  readonly status: DeviceStatus;
  readonly isOnline: boolean;
  /** When the backend last received anything from the device, ISO 8601; null if never. */
  readonly lastSeenAt: string | null;
  /** The device's own clock in its last message, ISO 8601. */
  readonly deviceTime: string | null;
  /**
   * The device clock minus the backend clock, in milliseconds, estimated from its recent live messages
   * (the least delayed of them); null until it has sent one with its time.
   */
  readonly clockOffsetMs: number | null;
  /** The clock is off by more than the backend tolerates (five minutes by default): its times are suspect. */
  readonly isClockFarOff: boolean;
}

export interface CarDetail extends DeviceDetailBase {
  readonly kind: Extract<DeviceKind, 'car'>;
  readonly plate: string;
  readonly state: CarState | null;
}

/** A charging session the charge point started and has not stopped: what RemoteStopTransaction names. */
export interface OpenTransaction {
  readonly transactionId: number;
  readonly connectorId: number;
  readonly idTag: string;
  /** The charge point's own clock, ISO 8601. */
  readonly startedAt: string;
}

export interface ChargePointDetail extends DeviceDetailBase {
  readonly kind: Extract<DeviceKind, 'chargePoint'>;
  readonly state: ChargePointState | null;
  /** Its open sessions, newest first; read from the transactions by `device:get`, absent elsewhere. */
  readonly openTransactions?: readonly OpenTransaction[];
}

export type DeviceDetail = CarDetail | ChargePointDetail;
