/** How far a station reaches on the map: its own position and what stands at it. */
import type { FleetModel } from '../sync/fleet-model.js';

/** A car this close to its station counts as parked there. */
const PARKED_WITHIN_METRES = 150;
const METRES_PER_DEGREE = 111_320;

export interface StationExtent {
  readonly south: number;
  readonly west: number;
  readonly north: number;
  readonly east: number;
}

/**
 * The extent of a station: its own position and every device of it standing there (its charge points,
 * its cars parked there; not its cars out driving). Null for an unknown station.
 */
export function stationExtent(model: FleetModel, stationId: string): StationExtent | null {
  const stationIndex = model.stationIndexOf(stationId);
  const station = model.stations[stationIndex];
  if (!station) return null;
  let south = station.latitude;
  let north = station.latitude;
  let west = station.longitude;
  let east = station.longitude;
  const cosine = Math.cos((station.latitude * Math.PI) / 180);
  for (let index = 0; index < model.count; index++) {
    if (model.stationIndex[index] !== stationIndex) continue;
    const latitude = model.latitude[index] ?? 0;
    const longitude = model.longitude[index] ?? 0;
    const distance = Math.hypot(latitude - station.latitude, (longitude - station.longitude) * cosine) * METRES_PER_DEGREE;
    if (distance > PARKED_WITHIN_METRES) continue;
    south = Math.min(south, latitude);
    north = Math.max(north, latitude);
    west = Math.min(west, longitude);
    east = Math.max(east, longitude);
  }
  return { south, west, north, east };
}
