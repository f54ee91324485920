/** A simulated charge point with one connector, in OCPP 1.6 terms. */

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
