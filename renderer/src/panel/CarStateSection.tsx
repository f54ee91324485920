import type { BinarySensor, CarState } from '../../../shared/car-protocol.js';
import { formatAbsolute, formatDuration } from '../ui/format.js';
import { Field } from './Field.js';

interface SensorRow {
  readonly key: keyof CarState['sensors'];
  readonly label: string;
  readonly whenTrue: string;
  readonly whenFalse: string;
}

const SENSORS: readonly SensorRow[] = [
  { key: 'doorsOpen', label: 'Doors', whenTrue: 'open', whenFalse: 'closed' },
  { key: 'locked', label: 'Lock', whenTrue: 'locked', whenFalse: 'unlocked' },
  { key: 'chargeHatchOpen', label: 'Charge hatch', whenTrue: 'open', whenFalse: 'closed' },
  { key: 'plugged', label: 'Plugged', whenTrue: 'plugged in', whenFalse: 'unplugged' },
  { key: 'charging', label: 'Charging', whenTrue: 'charging', whenFalse: 'not charging' },
  { key: 'ignition', label: 'Ignition', whenTrue: 'on', whenFalse: 'off' },
];

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

function compass(degrees: number): string {
  return COMPASS[Math.round(degrees / 45) % COMPASS.length] ?? 'N';
}

/** The sensor's age was measured when the message was received; it has grown since. */
function sensorSince(sensor: BinarySensor, receivedAtMs: number | null, nowMs: number): { text: string; changedAtMs: number | null } {
  if (receivedAtMs === null) return { text: `for ${formatDuration(sensor.sinceSeconds * 1000)}`, changedAtMs: null };
  const changedAtMs = receivedAtMs - sensor.sinceSeconds * 1000;
  return { text: `for ${formatDuration(nowMs - changedAtMs)}`, changedAtMs };
}

export function CarStateSection({ state, receivedAtMs, nowMs }: { readonly state: CarState; readonly receivedAtMs: number | null; readonly nowMs: number }) {
  const { position } = state;
  return (
    <>
      <h3 className="panel-heading">Car</h3>
      <dl className="fields">
        <Field label="Battery">
          <span className="battery">
            <span className="battery-bar" aria-hidden="true">
              <span style={{ width: `${Math.round(state.batteryPercent)}%` }} />
            </span>
            {Math.round(state.batteryPercent)} %
          </span>
        </Field>
        <Field label="Range">{Math.round(state.rangeKm)} km</Field>
        <Field label="Speed">{position.speedKmh > 0 ? `${Math.round(position.speedKmh)} km/h` : 'stopped'}</Field>
        <Field label="Heading">
          {Math.round(position.headingDegrees)}° {compass(position.headingDegrees)}
        </Field>
        <Field label="Position" title={`${position.latitude}, ${position.longitude}`}>
          {position.latitude.toFixed(5)}, {position.longitude.toFixed(5)}
        </Field>
        <Field label="Odometer">{Math.round(state.odometerKm).toLocaleString('en-US')} km</Field>
      </dl>
      <h3 className="panel-heading">Sensors</h3>
      <dl className="fields sensors">
        {SENSORS.map((row) => {
          const sensor = state.sensors[row.key];
          // Older telematics units have no hatch sensor: show what the car reports, nothing more.
          if (!sensor) return null;
          const since = sensorSince(sensor, receivedAtMs, nowMs);
          return (
            <Field key={row.key} label={row.label} title={since.changedAtMs === null ? undefined : `Changed at ${formatAbsolute(since.changedAtMs)}`}>
              <span className={`sensor-value is-${sensor.value ? 'on' : 'off'}`}>{sensor.value ? row.whenTrue : row.whenFalse}</span>
              <span className="since">{since.text}</span>
            </Field>
          );
        })}
      </dl>
      {state.faults.length > 0 && (
        <>
          <h3 className="panel-heading">Faults</h3>
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
