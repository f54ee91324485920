import type { Network, NetworkDevice } from '../../shared/network.js';

/**
 * The first `limit` devices, taken station by station (charge points before cars) so that the part of
 * the fleet that runs still has its own stations to park and charge at.
 */
export function limitNetwork(network: Network, limit: number): Network {
  if (limit >= network.devices.length) return network;
  const devicesByStation = new Map<string, NetworkDevice[]>();
  for (const device of network.devices) {
    const list = devicesByStation.get(device.stationId) ?? [];
    list.push(device);
    devicesByStation.set(device.stationId, list);
  }
  const devices: NetworkDevice[] = [];
  const stationIds = new Set<string>();
  for (const station of network.stations) {
    if (devices.length >= limit) break;
    const here = (devicesByStation.get(station.id) ?? []).toSorted((left, right) => (left.kind === right.kind ? 0 : left.kind === 'chargePoint' ? -1 : 1));
    if (here.length === 0) continue;
    stationIds.add(station.id);
    devices.push(...here.slice(0, limit - devices.length));
  }
  return {
    stations: network.stations.filter((station) => stationIds.has(station.id)),
    models: network.models,
    devices,
  };
}
