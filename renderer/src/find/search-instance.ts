/**
 * The console's search index over the one FleetModel, built when first needed after each snapshot (a
 * few tens of milliseconds at 100,000 devices, paid when the palette opens, never while the map is
 * busy with a snapshot), with how many devices of each kind every station holds.
 */
import { kindFromCode } from '../../../shared/fleet.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { SearchIndex } from './search-index.js';

export interface StationContents {
  readonly chargePoints: number;
  readonly cars: number;
}

export interface FleetSearch {
  readonly index: SearchIndex;
  readonly contents: readonly StationContents[];
}

let cached: FleetSearch | null = null;

export function fleetSearchFor(model: FleetModel): FleetSearch {
  if (cached && cached.index.devices === model.devices && cached.index.stations === model.stations) return cached;
  const chargePoints = new Uint32Array(model.stations.length);
  const cars = new Uint32Array(model.stations.length);
  for (let index = 0; index < model.count; index++) {
    const station = model.stationIndex[index] ?? -1;
    if (station < 0) continue;
    const counts = kindFromCode(model.kind[index] ?? 0) === 'car' ? cars : chargePoints;
    counts[station] = (counts[station] ?? 0) + 1;
  }
  const contents = model.stations.map((_, station) => ({ chargePoints: chargePoints[station] ?? 0, cars: cars[station] ?? 0 }));
  cached = { index: new SearchIndex(model.devices, model.stations), contents };
  return cached;
}
