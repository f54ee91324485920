import type { CarState } from '../../../shared/car-protocol.js';
import { EXPECTED_INTERVAL_SECONDS, STALE_AFTER_INTERVALS } from '../../../shared/fleet.js';
import { formatAbsolute, formatDuration } from '../ui/format.js';
import { Field } from './Field.js';
import { SectionHeading } from './SectionHeading.js';
import { sensorChangedAtMs, timeSinceChangeMs } from './state-age.js';

interface SensorRow {
  readonly key: keyof CarState['sensors'];
  readonly label: string;
  readonly whenTrue: string;
  readonly whenFalse: string;
}

const SENSORS: readonly SensorRow[] = [
  { key: 'doorsOpen', label: 'Doors', whenTrue: 'open', whenFalse: 'closed' },
  { key: 'locked', label: 'Lock', whenTrue: 'locked', whenFalse: 'unlocked' },
  { key: 'plugged', label: 'Plug', whenTrue: 'plugged in', whenFalse: 'unplugged' },
  { key: 'chargeHatchOpen', label: 'Charge hatch', whenTrue: 'open', whenFalse: 'closed' },
  { key: 'charging', label: 'Charging', whenTrue: 'charging', whenFalse: 'not charging' },
  { key: 'ignition', label: 'Ignition', whenTrue: 'on', whenFalse: 'off' },
];

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
const STALE_AFTER_MS = EXPECTED_INTERVAL_SECONDS.car * STALE_AFTER_INTERVALS * 1000;

function compass(degrees: number): string {
  return COMPASS[Math.round(degrees / 45) % COMPASS.length] ?? 'N';
}

interface CarStateSectionProps {
  readonly state: CarState;
  /** When the car measured this state, on the backend's clock (see state-age.ts). */
  readonly stateAtMs: number | null;
  readonly nowMs: number;
}

export function CarStateSection({ state, stateAtMs, nowMs }: CarStateSectionProps) {
  const { position } = state;
  const isMoving = position.speedKmh > 0;
  return (
    <>
      <SectionHeading atMs={stateAtMs} nowMs={nowMs} staleAfterMs={STALE_AFTER_MS} timeNote="the car's own time, corrected by its clock offset">
        Car
      </SectionHeading>
      <dl className="fields" data-testid="car-state">
        <Field label="Battery">
          <span className="battery" data-testid="car-battery">
            <span className="battery-bar" aria-hidden="true">
              <span style={{ width: `${Math.round(state.batteryPercent)}%` }} />
            </span>
            {Math.round(state.batteryPercent)} %
          </span>
        </Field>
        <Field label="Range">{Math.round(state.rangeKm)} km</Field>
        <Field label="Speed">{isMoving ? `${Math.round(position.speedKmh)} km/h` : 'standing'}</Field>
        {isMoving && (
          <Field label="Heading">
            {Math.round(position.headingDegrees)}° {compass(position.headingDegrees)}
          </Field>
        )}
        <Field label="Position" title={`${position.latitude}, ${position.longitude}`}>
          <span className="mono">
            {position.latitude.toFixed(5)}, {position.longitude.toFixed(5)}
          </span>
        </Field>
        <Field label="Odometer">{Math.round(state.odometerKm).toLocaleString('en-US')} km</Field>
      </dl>
      <SectionHeading>Sensors</SectionHeading>
      <dl className="fields sensors" data-testid="car-sensors">
        {SENSORS.map((row) => {
          const sensor = state.sensors[row.key];
          // Older telematics units have no hatch sensor: show what the car reports, nothing more.
          if (!sensor) return null;
          const forMs = timeSinceChangeMs(sensor, stateAtMs, nowMs);
          const title = stateAtMs === null ? undefined : `Since ${formatAbsolute(sensorChangedAtMs(sensor, stateAtMs))}`;
          return (
            <Field key={row.key} label={row.label} title={title}>
              <span className={`sensor-value is-${sensor.value ? 'on' : 'off'}`}>{sensor.value ? row.whenTrue : row.whenFalse}</span>
              <span className="since" data-testid={`sensor-since-${row.key}`}>
                for {formatDuration(forMs)}
              </span>
            </Field>
          );
        })}
      </dl>
      {state.faults.length > 0 && (
        <>
          <SectionHeading>Faults</SectionHeading>
          <ul className="faults">
            {state.faults.map((fault) => (
              <li key={fault}>{fault}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
