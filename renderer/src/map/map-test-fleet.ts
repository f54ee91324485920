/** A realistic fleet for map tests and benchmarks: the demo network's stations, devices at them, some cars driving. */
import { DEVICE_STATUSES } from '../../../shared/fleet.js';
import { generateDemoNetwork, seededRandom } from '../../../shared/network.js';
import { mercatorX, mercatorY } from '../sync/fleet-model.js';
import { BUCKET_COUNT, HIDDEN_BUCKET, STALE_BUCKET, type ClusterInput } from './cluster-grid.js';

/** `devices` devices (60 % charge points) at one station per ten, a tenth of the cars away from it. */
export function testClusterInput(devices: number, options: { readonly hiddenShare?: number; readonly seed?: number } = {}): ClusterInput {
  const random = seededRandom(options.seed ?? 3);
  const chargePoints = Math.round(devices * 0.6);
  const network = generateDemoNetwork({ seed: options.seed ?? 3, stations: Math.max(1, Math.round(devices / 10)), cars: devices - chargePoints, chargePoints });
  const stationAt = new Map(network.stations.map((station) => [station.id, station]));
  const count = network.devices.length;
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  const bucket = new Uint8Array(count);
  network.devices.forEach((device, index) => {
    const station = stationAt.get(device.stationId);
    const isDriving = device.kind === 'car' && random() < 0.1;
    const latitude = (station?.latitude ?? 48.85) + (isDriving ? (random() - 0.5) * 0.05 : 0);
    const longitude = (station?.longitude ?? 2.35) + (isDriving ? (random() - 0.5) * 0.08 : 0);
    x[index] = mercatorX(longitude);
    y[index] = mercatorY(latitude);
    const isHidden = random() < (options.hiddenShare ?? 0);
    bucket[index] = isHidden ? HIDDEN_BUCKET : random() < 0.02 ? STALE_BUCKET : Math.floor(random() * DEVICE_STATUSES.length) % BUCKET_COUNT;
  });
  return { x, y, bucket, count };
}
