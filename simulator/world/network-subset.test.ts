import { describe, expect, it } from 'vitest';
import { generateDemoNetwork } from '../../shared/network.js';
import { limitNetwork } from './network-subset.js';

describe('limitNetwork', () => {
  const network = generateDemoNetwork({ seed: 2, stations: 100, cars: 150, chargePoints: 300 });

  it('keeps exactly the requested number of devices, with the stations they stand at', () => {
    const limited = limitNetwork(network, 37);
    expect(limited.devices).toHaveLength(37);
    const stationIds = new Set(limited.stations.map((station) => station.id));
    for (const device of limited.devices) expect(stationIds.has(device.stationId)).toBe(true);
    expect(new Set(limited.devices.map((device) => device.stationId)).size).toBe(limited.stations.length);
    expect(limited.devices.some((device) => device.kind === 'car')).toBe(true);
  });

  it('takes a station’s charge points before its cars', () => {
    const limited = limitNetwork(network, 37);
    for (const station of limited.stations) {
      const kinds = limited.devices.filter((device) => device.stationId === station.id).map((device) => device.kind);
      expect(kinds).toEqual(kinds.toSorted((left, right) => (left === right ? 0 : left === 'chargePoint' ? -1 : 1)));
    }
  });

  it('returns the whole network when the limit is larger', () => {
    expect(limitNetwork(network, 10_000)).toBe(network);
  });
});
