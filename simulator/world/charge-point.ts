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

/** What a charge point says about itself when it boots, within OCPP 1.6's lengths. */
export function bootNotification(chargePoint: Readonly<SimulatedChargePoint>): Record<string, string> {
  return {
    chargePointVendor: chargePoint.vendor.slice(0, 20),
    chargePointModel: chargePoint.model.slice(0, 20),
    chargePointSerialNumber: chargePoint.serialNumber.slice(0, 25),
    firmwareVersion: chargePoint.firmwareVersion.slice(0, 50),
  };
}

/** A periodic MeterValues request for connector 1: the energy register and the power, at `timestamp`. */
export function meterValues(energyWh: number, powerW: number, timestamp: string): Record<string, unknown> {
  return {
    connectorId: 1,
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
