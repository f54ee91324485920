/** How a device's status and readings follow from what it said. Pure functions. */
import type { CarState } from '../../shared/car-protocol.js';
import type { ConnectorState } from '../../shared/device-detail.js';
import type { DeviceStatus } from '../../shared/fleet.js';
import type { MeterValues, SampledValue } from '../ingest/message.js';

const CONNECTOR_STATUSES: Readonly<Record<string, DeviceStatus>> = {
  Available: 'available',
  Preparing: 'charging',
  Charging: 'charging',
  SuspendedEV: 'charging',
  SuspendedEVSE: 'charging',
  Finishing: 'charging',
  Reserved: 'reserved',
  Unavailable: 'faulted',
  Faulted: 'faulted',
};

/** When connectors disagree, the one that needs attention (or is busy) wins. */
const PRIORITY: readonly DeviceStatus[] = ['faulted', 'charging', 'reserved', 'available'];

/**
 * A connected charge point's status. Connector 0 stands for the whole charge point: when it is
 * unavailable or faulted, so is every connector. Before any StatusNotification it counts as available.
 */
export function chargePointStatus(connectors: readonly ConnectorState[]): DeviceStatus {
  const whole = connectors.find((connector) => connector.connectorId === 0);
  if (whole && CONNECTOR_STATUSES[whole.status] === 'faulted') return 'faulted';
  const statuses = new Set(
    connectors.filter((connector) => connector.connectorId > 0).map((connector) => CONNECTOR_STATUSES[connector.status] ?? 'faulted'),
  );
  return PRIORITY.find((status) => statuses.has(status)) ?? 'available';
}

export function carStatus(state: CarState): DeviceStatus {
  if (state.sensors.ignition.value || state.position.speedKmh > 0) return 'inUse';
  if (state.sensors.plugged.value && state.sensors.charging.value) return 'charging';
  if (state.faults.length > 0) return 'faulted';
  return 'available';
}

const UNIT_FACTORS: Readonly<Record<string, number>> = { Wh: 1, kWh: 1000, W: 1, kW: 1000 };

/**
 * One measurand's value in base units (Wh, W): the sample without a phase when there is one, else the
 * sum of the per-phase samples. Signed data and unknown units are ignored.
 */
function measurandValue(samples: readonly SampledValue[], measurand: string, baseUnit: 'Wh' | 'W'): number | null {
  // OCPP 1.6 defaults: measurand Energy.Active.Import.Register, unit Wh, format Raw.
  const matching = samples.filter(
    (sample) => (sample.measurand ?? 'Energy.Active.Import.Register') === measurand && (sample.format ?? 'Raw') === 'Raw',
  );
  const toBase = (sample: SampledValue): number | null => {
    const factor = UNIT_FACTORS[sample.unit ?? baseUnit];
    const value = Number(sample.value);
    return factor === undefined || !Number.isFinite(value) ? null : value * factor;
  };
  const total = matching.find((sample) => sample.phase === undefined);
  if (total) return toBase(total);
  const phases = matching.filter((sample) => sample.phase?.startsWith('L') === true && !sample.phase.includes('-')).map(toBase);
  if (phases.length === 0 || phases.some((value) => value === null)) return null;
  return phases.reduce<number>((sum, value) => sum + (value ?? 0), 0);
}

export interface MeterReading {
  readonly energyWh: number | null;
  readonly powerW: number | null;
  /** The latest sample's time on the charge point's clock. */
  readonly sampledAt: string | null;
}

/** The latest energy register and power in a MeterValues request (samples may arrive in any order). */
export function meterReading(request: MeterValues): MeterReading {
  let energyWh: number | null = null;
  let powerW: number | null = null;
  let sampledAt: string | null = null;
  let latestMs = Number.NEGATIVE_INFINITY;
  for (const meterValue of request.meterValue) {
    const timeMs = Date.parse(meterValue.timestamp);
    const isLatest = !(timeMs < latestMs);
    const energy = measurandValue(meterValue.sampledValue, 'Energy.Active.Import.Register', 'Wh');
    const power = measurandValue(meterValue.sampledValue, 'Power.Active.Import', 'W');
    if (isLatest) {
      latestMs = Number.isNaN(timeMs) ? latestMs : timeMs;
      sampledAt = meterValue.timestamp;
    }
    if (energy !== null && (isLatest || energyWh === null)) energyWh = energy;
    if (power !== null && (isLatest || powerW === null)) powerW = power;
  }
  return { energyWh, powerW, sampledAt };
}
