/**
 * A simulated charge point with one connector, in OCPP 1.6 terms: what the world's cars do to it, and
 * what the central system has made of it over OCPP (availability, a reservation, a session).
 */
import { CHARGER_KW } from './car.js';

/** OCPP 1.6 ChargePointStatus. */
export type ConnectorStatus =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'SuspendedEV'
  | 'SuspendedEVSE'
  | 'Finishing'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted';

export interface SimulatedChargePoint {
  readonly id: string;
  readonly stationId: string;
  readonly vendor: string;
  readonly model: string;
  readonly serialNumber: string;
  readonly firmwareVersion: string;
  status: ConnectorStatus;
  statusChangedAtMs: number;
  /** The car plugged into its connector. */
  carId: string | null;
  /** The meter's running total (Energy.Active.Import.Register). */
  energyWh: number;
  powerW: number;
  /** A passing status (Preparing, Finishing) gives way to the next one at this time. */
  settlesAtMs: number | null;
}

/** Statuses that last only a moment while a cable goes in or out. */
export const PASSING_STATUS_MS = 3_000;

/** What a charge point says about itself when it boots, within OCPP 1.6's lengths: an update changes its firmware. */
export function bootNotification(chargePoint: Readonly<SimulatedChargePoint>, firmwareVersion = chargePoint.firmwareVersion): Record<string, string> {
  return {
    chargePointVendor: chargePoint.vendor.slice(0, 20),
    chargePointModel: chargePoint.model.slice(0, 20),
    chargePointSerialNumber: chargePoint.serialNumber.slice(0, 25),
    firmwareVersion: firmwareVersion.slice(0, 50),
  };
}

/** A periodic MeterValues request for connector 1: the energy register and the power, at `timestamp`. */
export function meterValues(energyWh: number, powerW: number, timestamp: string, transactionId?: number): Record<string, unknown> {
  return {
    connectorId: 1,
    ...(transactionId === undefined ? {} : { transactionId }),
    meterValue: [
      {
        timestamp,
        sampledValue: [
          { value: String(Math.round(energyWh)), context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', location: 'Outlet', unit: 'Wh' },
          { value: String(Math.round(powerW)), context: 'Sample.Periodic', measurand: 'Power.Active.Import', location: 'Outlet', unit: 'W' },
        ],
      },
    ],
  };
}

/** An OCPP transaction: a charging session the charge point runs for an idTag. */
export interface ChargingSession {
  readonly transactionId: number;
  readonly idTag: string;
  readonly meterStartWh: number;
  readonly startedAtMs: number;
  /**
   * The world's car plugged in when it began; null for a car the world does not model (a remote start
   * at an empty connector), whose energy the charge point meters itself.
   */
  readonly carId: string | null;
}

export interface ConnectorReservation {
  readonly reservationId: number;
  readonly idTag: string;
  readonly expiresAtMs: number;
}

/** Connector 0 is the whole charge point, 1 its only connector. */
export type ConnectorId = 0 | 1;

/**
 * What the central system has made of a charge point over OCPP. The world's cars know nothing of it:
 * it lies on top of the connector's physical status, and wins over it (see connectorStatus).
 */
export interface ChargePointControl {
  /** Connectors made Inoperative by ChangeAvailability. */
  readonly inoperative: Set<ConnectorId>;
  /** Availability changes answered Scheduled, applied once the connector is no longer in use. */
  readonly scheduled: Map<ConnectorId, boolean>;
  session: ChargingSession | null;
  reservation: ConnectorReservation | null;
  /** A car still plugged in after its session stopped: the connector says Finishing until it leaves. */
  finishingCarId: string | null;
  /** When any of this last changed what a connector reports. */
  changedAtMs: number;
  /** Energy metered for sessions of cars the world does not model: the world meters its own. */
  visitorEnergyWh: number;
  firmwareVersion: string;
}

export function newControl(chargePoint: Readonly<SimulatedChargePoint>): ChargePointControl {
  return {
    inoperative: new Set(),
    scheduled: new Map(),
    session: null,
    reservation: null,
    finishingCarId: null,
    changedAtMs: 0,
    visitorEnergyWh: 0,
    firmwareVersion: chargePoint.firmwareVersion,
  };
}

/** A connector's status and when it began. */
export interface ConnectorState {
  readonly status: ConnectorStatus;
  readonly sinceMs: number;
}

/**
 * What a connector reports: a session, then a car left after its session, then unavailability, then a
 * reservation, and only then the world's own status. Connector 0 is Available unless made Inoperative.
 */
export function connectorStatus(chargePoint: Readonly<SimulatedChargePoint>, control: Readonly<ChargePointControl>, connectorId: ConnectorId, nowMs: number): ConnectorState {
  const controlled = (status: ConnectorStatus): ConnectorState => ({ status, sinceMs: control.changedAtMs });
  // The later of the two changes: a status that reappears when OCPP lets go of the connector is new.
  const physical = (): ConnectorState => ({ status: chargePoint.status, sinceMs: Math.max(chargePoint.statusChangedAtMs, control.changedAtMs) });
  if (connectorId === 0) return control.inoperative.has(0) ? controlled('Unavailable') : { status: 'Available', sinceMs: nowMs };
  const { session } = control;
  if (session) {
    const isSuspended = chargePoint.status === 'SuspendedEV' || chargePoint.status === 'SuspendedEVSE';
    return session.carId !== null && isSuspended ? physical() : controlled('Charging');
  }
  if (control.finishingCarId !== null && control.finishingCarId === chargePoint.carId) return controlled('Finishing');
  if (control.inoperative.size > 0) return controlled('Unavailable');
  if (control.reservation) return controlled('Reserved');
  return physical();
}

/** Whether the connector is taken: by a session, or by a car at it (plugged, or its cable going in or out). */
export function isInUse(chargePoint: Readonly<SimulatedChargePoint>, control: Readonly<ChargePointControl>): boolean {
  return control.session !== null || chargePoint.carId !== null || chargePoint.status !== 'Available';
}

/** The power a session of a car the world does not model draws; the world's cars draw their own. */
export function visitorPowerW(control: Readonly<ChargePointControl>): number {
  return control.session !== null && control.session.carId === null ? CHARGER_KW * 1000 : 0;
}

/** Energy the current session of an unmodelled car has drawn so far. */
export function visitorSessionWh(control: Readonly<ChargePointControl>, nowMs: number): number {
  const startedAtMs = control.session?.startedAtMs ?? nowMs;
  return (visitorPowerW(control) * Math.max(0, nowMs - startedAtMs)) / 3_600_000;
}

/** The energy register: what the world's cars drew, plus what unmodelled cars drew. */
export function meterReadingWh(chargePoint: Readonly<SimulatedChargePoint>, control: Readonly<ChargePointControl>, nowMs: number): number {
  return chargePoint.energyWh + control.visitorEnergyWh + visitorSessionWh(control, nowMs);
}
