/** Flat-earth geometry: good to a few metres over the 30 km of a city, and cheap enough to run per car per tick. */

export interface Point {
  readonly latitude: number;
  readonly longitude: number;
}

const KM_PER_DEGREE_LATITUDE = 111.2;
const RADIANS_PER_DEGREE = Math.PI / 180;

function kmPerDegreeLongitude(latitude: number): number {
  return KM_PER_DEGREE_LATITUDE * Math.cos(latitude * RADIANS_PER_DEGREE);
}

/** East and north offsets in km from `from` to `to`. */
function offsetKm(from: Point, to: Point): { east: number; north: number } {
  const middleLatitude = (from.latitude + to.latitude) / 2;
  return {
    east: (to.longitude - from.longitude) * kmPerDegreeLongitude(middleLatitude),
    north: (to.latitude - from.latitude) * KM_PER_DEGREE_LATITUDE,
  };
}

export function distanceKm(from: Point, to: Point): number {
  const { east, north } = offsetKm(from, to);
  return Math.hypot(east, north);
}

/** Compass bearing, 0 = north, 90 = east, always in [0, 360). */
export function bearingDegrees(from: Point, to: Point): number {
  const { east, north } = offsetKm(from, to);
  const degrees = Math.atan2(east, north) / RADIANS_PER_DEGREE;
  const normalised = (degrees + 360) % 360;
  return normalised >= 360 ? 0 : normalised;
}

/** The point `km` along the straight line from `from` towards `to`, never past `to`. */
export function moveTowards(from: Point, to: Point, km: number): Point {
  const total = distanceKm(from, to);
  if (total <= km || total === 0) return { latitude: to.latitude, longitude: to.longitude };
  const share = km / total;
  return {
    latitude: from.latitude + (to.latitude - from.latitude) * share,
    longitude: from.longitude + (to.longitude - from.longitude) * share,
  };
}
