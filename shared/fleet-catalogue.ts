/**
 * Who the devices are (ids, serials, plates, stations), as the snapshot carries it: a few long strings
 * instead of an object per device. For 100,000 devices that is about 4 MB instead of 14 MB of JSON, and
 * a console reads it with a handful of splits instead of parsing 600,000 keys.
 */
import type { FleetDevice, FleetStation } from './console-api.js';
import { DEVICE_KINDS, type DeviceKind } from './fleet.js';

export interface FleetCatalogue {
  /** One character per device, in index order: its kind's code ('0' car, '1' charge point). */
  readonly kinds: string;
  /** One line per device, in index order, joined by '\n' (ids, serials and plates never hold one). */
  readonly ids: string;
  readonly serialNumbers: string;
  /** An empty line for a device without a plate. */
  readonly plates: string;
  /** Each device's station as a position in the snapshot's `stations`, joined by ','; empty for none. */
  readonly stations: string;
}

const SEPARATOR = '\n';

/** What people call a device: a car by its plate, a charge point by its serial number. */
export function deviceLabel(kind: DeviceKind, plate: string | null, serialNumber: string): string {
  return kind === 'car' ? (plate ?? serialNumber) : serialNumber;
}

export function encodeCatalogue(devices: readonly FleetDevice[], stations: readonly FleetStation[]): FleetCatalogue {
  const stationPositions = new Map(stations.map((station, position) => [station.id, position]));
  return {
    kinds: devices.map((device) => String(DEVICE_KINDS.indexOf(device.kind))).join(''),
    ids: devices.map((device) => device.id).join(SEPARATOR),
    serialNumbers: devices.map((device) => device.serialNumber).join(SEPARATOR),
    plates: devices.map((device) => device.plate ?? '').join(SEPARATOR),
    stations: devices.map((device) => (device.stationId === null ? '' : String(stationPositions.get(device.stationId) ?? ''))).join(','),
  };
}

function lines(text: string, count: number): string[] {
  return count === 0 ? [] : text.split(SEPARATOR);
}

/** The devices of a catalogue; throws a RangeError when its fields disagree on how many there are. */
export function decodeCatalogue(catalogue: FleetCatalogue, stations: readonly FleetStation[]): FleetDevice[] {
  const count = catalogue.kinds.length;
  const ids = lines(catalogue.ids, count);
  const serialNumbers = lines(catalogue.serialNumbers, count);
  const plates = lines(catalogue.plates, count);
  const stationPositions = count === 0 ? [] : catalogue.stations.split(',');
  if (ids.length !== count || serialNumbers.length !== count || plates.length !== count || stationPositions.length !== count) {
    throw new RangeError(`Fleet catalogue: fields disagree on the number of devices (${count} kinds, ${ids.length} ids)`);
  }
  const devices = new Array<FleetDevice>(count);
  for (let index = 0; index < count; index++) {
    const kind: DeviceKind = DEVICE_KINDS[Number(catalogue.kinds[index])] ?? 'car';
    const plate = plates[index] || null;
    const serialNumber = serialNumbers[index] ?? '';
    const position = stationPositions[index];
    devices[index] = {
      id: ids[index] ?? '',
      kind,
      stationId: position ? (stations[Number(position)]?.id ?? null) : null,
      label: deviceLabel(kind, plate, serialNumber),
      serialNumber,
      plate,
    };
  }
  return devices;
}

/**
 * Each device's kind code (its kind's position in DEVICE_KINDS) and its station's position in the
 * snapshot's stations (-1 for none), read straight from the catalogue, for a console's typed arrays.
 */
export function catalogueCodes(catalogue: FleetCatalogue): { readonly kind: Uint8Array; readonly stationIndex: Int32Array } {
  const count = catalogue.kinds.length;
  const kind = new Uint8Array(count);
  const stationIndex = new Int32Array(count).fill(-1);
  const zero = '0'.charCodeAt(0);
  for (let index = 0; index < count; index++) kind[index] = catalogue.kinds.charCodeAt(index) - zero;
  const positions = count === 0 ? [] : catalogue.stations.split(',');
  for (let index = 0; index < count; index++) {
    const position = positions[index];
    if (position) stationIndex[index] = Number(position);
  }
  return { kind, stationIndex };
}
