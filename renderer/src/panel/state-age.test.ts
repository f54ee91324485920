import { describe, expect, it } from 'vitest';
import { carStateTimeMs, deviceTimeToServerMs, sensorChangedAtMs, timeSinceChangeMs } from './state-age.js';

describe('the age of a car state and its sensors', () => {
  const deviceTime = '2025-11-27T14:00:00.000Z';
  const deviceMs = Date.parse(deviceTime);

  it('dates a state on the backend clock by correcting the car clock with its offset', () => {
    // The car runs 5 s ahead: what it calls 14:00:00 was 13:59:55 on the backend.
    expect(carStateTimeMs({ deviceTime }, 5_000, deviceMs + 9_000)).toBe(deviceMs - 5_000);
    expect(carStateTimeMs({ deviceTime }, -2_000, null)).toBe(deviceMs + 2_000);
  });

  it('falls back to the receive time while the clock offset is unknown', () => {
    expect(carStateTimeMs({ deviceTime }, null, deviceMs + 9_000)).toBe(deviceMs + 9_000);
    expect(carStateTimeMs({ deviceTime }, null, null)).toBeNull();
    expect(carStateTimeMs({ deviceTime: 'not a time' }, 0, 1234)).toBe(1234);
  });

  it('adds the age of the state to how long the car said a sensor held its value', () => {
    const sensor = { value: true, sinceSeconds: 170 };
    const stateAtMs = deviceMs;
    // Said "for 170 s" in a state that is now 10 s old: 3 minutes.
    expect(timeSinceChangeMs(sensor, stateAtMs, stateAtMs + 10_000)).toBe(180_000);
    expect(sensorChangedAtMs(sensor, stateAtMs)).toBe(stateAtMs - 170_000);
    expect(timeSinceChangeMs(sensor, null, stateAtMs + 10_000)).toBe(170_000);
  });

  it('never reports a negative duration when the console clock lags', () => {
    expect(timeSinceChangeMs({ value: false, sinceSeconds: 0 }, deviceMs, deviceMs - 3_000)).toBe(0);
  });

  it('moves a device time onto the backend clock', () => {
    expect(deviceTimeToServerMs(deviceTime, 60_000)).toBe(deviceMs - 60_000);
    expect(deviceTimeToServerMs(deviceTime, null)).toBe(deviceMs);
    expect(deviceTimeToServerMs(null, 1)).toBeNull();
  });
});
