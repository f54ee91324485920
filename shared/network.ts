/**
 * A network of stations, charge points and cars, generated for the demo (reproducible from a seed) or
 * built from a station list such as the Autolib' open-data export. Pure data: the backend provisions
 * it, the simulator drives it.
 */
import type { DeviceKind } from './fleet.js';

export interface NetworkStation {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly city: string;
  readonly postalCode: string;
  readonly latitude: number;
  readonly longitude: number;
}

export interface NetworkModel {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly manufacturer: string;
  readonly name: string;
}

export interface NetworkDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly modelId: string;
  readonly serialNumber: string;
  /** Number plate, cars only. */
  readonly plate: string | null;
  readonly firmwareVersion: string;
  /** Charge points: where they stand. Cars: where they are parked at the start. */
  readonly stationId: string;
}

export interface Network {
  readonly stations: readonly NetworkStation[];
  readonly models: readonly NetworkModel[];
  readonly devices: readonly NetworkDevice[];
}

export interface DemoNetworkOptions {
  readonly seed: number;
  readonly stations: number;
  readonly cars: number;
  readonly chargePoints: number;
}

/** Autolib' at its height: about 1,100 stations, 2,600 cars and 4,800 charge points. */
export const DEFAULT_DEMO_NETWORK: DemoNetworkOptions = { seed: 1, stations: 1100, cars: 2600, chargePoints: 4800 };

export const NETWORK_MODELS: readonly NetworkModel[] = [
  { id: 'bluecar', kind: 'car', manufacturer: 'Bolloré', name: 'Bluecar' },
  { id: 'autolib-pillar', kind: 'chargePoint', manufacturer: 'IER', name: 'Autolib pillar 1.6' },
];

const PARIS_CENTRE = { latitude: 48.8566, longitude: 2.3522 };
const KM_PER_DEGREE_LATITUDE = 111.2;
const KM_PER_DEGREE_LONGITUDE = KM_PER_DEGREE_LATITUDE * Math.cos((PARIS_CENTRE.latitude * Math.PI) / 180);
/** Paris proper is roughly 5.5 km around its centre; the inner suburbs reach about 13 km. */
const PARIS_RADIUS_KM = 5.5;
const SUBURB_RADIUS_KM = 13;
const SHARE_IN_PARIS = 0.55;

const SUBURBS = [
  'Saint-Ouen', 'Saint-Denis', 'Aubervilliers', 'Pantin', 'Montreuil', 'Vincennes', 'Saint-Mandé',
  'Charenton-le-Pont', 'Ivry-sur-Seine', 'Vitry-sur-Seine', 'Gentilly', 'Montrouge', 'Malakoff',
  'Vanves', 'Issy-les-Moulineaux', 'Boulogne-Billancourt', 'Suresnes', 'Puteaux', 'Courbevoie',
  'Neuilly-sur-Seine', 'Levallois-Perret', 'Clichy', 'Asnières-sur-Seine', 'Gennevilliers',
] as const;
const STREET_KINDS = ['rue', 'avenue', 'boulevard', 'place', 'quai', 'allée'] as const;
const STREET_NAMES = [
  'de la République', 'Victor Hugo', 'Jean Jaurès', 'de la Paix', 'Gambetta', 'Voltaire', 'Pasteur',
  'des Écoles', 'du Général Leclerc', 'de Verdun', 'Saint-Antoine', 'de la Roquette', 'Lafayette',
  'de Rivoli', 'Mouffetard', 'de Belleville', 'des Martyrs', 'de Clichy', 'de Vaugirard', 'de Charonne',
  'Daumesnil', 'de Tolbiac', 'Oberkampf', 'de Ménilmontant', 'du Faubourg Saint-Denis', 'de Sèvres',
] as const;
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTVWXYZ';

/** A small, fast, seedable generator (mulberry32): the same seed gives the same network everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

function padded(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function plateFor(random: () => number): string {
  const letter = () => pick(random, [...PLATE_LETTERS]);
  return `${letter()}${letter()}-${padded(Math.floor(random() * 999) + 1, 3)}-${letter()}${letter()}`;
}

function placeStation(random: () => number, index: number): NetworkStation {
  const isInParis = random() < SHARE_IN_PARIS;
  // Area-uniform inside Paris; thinning with distance outside it, as the real network did.
  const radiusKm = isInParis
    ? PARIS_RADIUS_KM * Math.sqrt(random())
    : PARIS_RADIUS_KM + (SUBURB_RADIUS_KM - PARIS_RADIUS_KM) * random() ** 1.4;
  const angle = random() * 2 * Math.PI;
  // Paris is wider east-west than north-south.
  const latitude = PARIS_CENTRE.latitude + (radiusKm * Math.sin(angle) * 0.75) / KM_PER_DEGREE_LATITUDE;
  const longitude = PARIS_CENTRE.longitude + (radiusKm * Math.cos(angle)) / KM_PER_DEGREE_LONGITUDE;
  const city = isInParis ? 'Paris' : SUBURBS[Math.floor(((angle + Math.PI / 2) / (2 * Math.PI)) * SUBURBS.length) % SUBURBS.length] ?? 'Paris';
  const arrondissement = 1 + Math.min(19, Math.floor((radiusKm / PARIS_RADIUS_KM) * 12 + random() * 8));
  const street = `${pick(random, STREET_KINDS)} ${pick(random, STREET_NAMES)}`;
  const number = 1 + Math.floor(random() * 180);
  return {
    id: `st-${padded(index + 1, 4)}`,
    name: `${city}/${street.split(' ').slice(-1)[0] ?? street}/${number}`,
    address: `${number} ${street}`,
    city,
    postalCode: isInParis ? `750${padded(arrondissement, 2)}` : `9${2 + Math.floor(random() * 3)}${padded(Math.floor(random() * 300), 3)}`,
    latitude: Math.round(latitude * 1e6) / 1e6,
    longitude: Math.round(longitude * 1e6) / 1e6,
  };
}

/** Draws until the value is new: serial numbers and plates are unique in an inventory. */
function unique(draw: () => string, taken: Set<string>): string {
  let value = draw();
  while (taken.has(value)) value = draw();
  taken.add(value);
  return value;
}

function chargePoint(index: number, stationId: string, random: () => number, serials: Set<string>): NetworkDevice {
  return {
    id: `cp-${padded(index + 1, 5)}`,
    kind: 'chargePoint',
    modelId: 'autolib-pillar',
    serialNumber: unique(() => `IER-${padded(Math.floor(random() * 1e8), 8)}`, serials),
    plate: null,
    firmwareVersion: random() < 0.9 ? '2.4.1' : '2.3.7',
    stationId,
  };
}

function car(index: number, stationId: string, random: () => number, plates: Set<string>): NetworkDevice {
  const plate = unique(() => plateFor(random), plates);
  return {
    id: `car-${padded(index + 1, 5)}`,
    kind: 'car',
    modelId: 'bluecar',
    serialNumber: `VF9BC${padded(Math.floor(random() * 1e12), 12)}`,
    plate,
    firmwareVersion: random() < 0.85 ? '5.2.0' : '5.1.3',
    stationId,
  };
}

/**
 * Stations and their devices from per-station counts. Every station gets at least one charge point when
 * there are enough; the rest are spread at random. Cars never outnumber a station's charge points at
 * the start, so each can be plugged in.
 */
function devicesFor(
  stations: readonly NetworkStation[],
  chargePointsPerStation: readonly number[],
  carsPerStation: readonly number[],
  random: () => number,
): NetworkDevice[] {
  const devices: NetworkDevice[] = [];
  let chargePointIndex = 0;
  const serials = new Set<string>();
  stations.forEach((station, stationIndex) => {
    for (let n = 0; n < (chargePointsPerStation[stationIndex] ?? 0); n++) devices.push(chargePoint(chargePointIndex++, station.id, random, serials));
  });
  const plates = new Set<string>();
  let carIndex = 0;
  stations.forEach((station, stationIndex) => {
    for (let n = 0; n < (carsPerStation[stationIndex] ?? 0); n++) devices.push(car(carIndex++, station.id, random, plates));
  });
  return devices;
}

function spread(total: number, buckets: number, random: () => number, base: number, caps?: readonly number[]): number[] {
  const counts = Array.from({ length: buckets }, () => Math.min(base, total));
  let left = total - counts.reduce((sum, n) => sum + n, 0);
  let guard = total * 20;
  while (left > 0 && guard-- > 0) {
    const bucket = Math.floor(random() * buckets);
    if (caps && (counts[bucket] ?? 0) >= (caps[bucket] ?? 0)) continue;
    counts[bucket] = (counts[bucket] ?? 0) + 1;
    left--;
  }
  return counts;
}

export function generateDemoNetwork(options: DemoNetworkOptions = DEFAULT_DEMO_NETWORK): Network {
  const random = seededRandom(options.seed);
  const stations = Array.from({ length: options.stations }, (_, index) => placeStation(random, index));
  const base = options.chargePoints >= options.stations ? 1 : 0;
  const chargePointsPerStation = spread(options.chargePoints, stations.length, random, base);
  const cars = Math.min(options.cars, options.chargePoints);
  const carsPerStation = spread(cars, stations.length, random, 0, chargePointsPerStation);
  return { stations, models: NETWORK_MODELS, devices: devicesFor(stations, chargePointsPerStation, carsPerStation, random) };
}

/** A station as a station list gives it, with how many cars are parked there and how many spaces are free. */
export interface StationListEntry extends NetworkStation {
  readonly carsParked: number;
  readonly freeSpaces: number;
}

/** Every parking space has its own charge point, so a station's charge points are its cars plus its free spaces. */
export function networkFromStationList(entries: readonly StationListEntry[], seed = 1): Network {
  const random = seededRandom(seed);
  const chargePointsPerStation = entries.map((entry) => entry.carsParked + entry.freeSpaces);
  const carsPerStation = entries.map((entry) => entry.carsParked);
  const stations = entries.map(({ carsParked: _cars, freeSpaces: _free, ...station }) => station);
  return { stations, models: NETWORK_MODELS, devices: devicesFor(stations, chargePointsPerStation, carsPerStation, random) };
}
