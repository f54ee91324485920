/**
 * Who the devices are (ids, serials, plates, kinds, stations) and the stations themselves, as a snapshot
 * carries them: one binary attachment, which the backend encodes once per epoch and hands to every
 * console as it is. Not JSON inside the packet: socket.io would encode it again for each console (30-70
 * ms a connection for 100,000 devices), and Chromium took the 6 MB text frame apart in 82 ms where it
 * takes the same devices as binary in 46 ms, on the core the map draws with.
 *
 * Layout, little-endian: magic "FCT2" (u32), device count (u32), byte length of the devices' text (u32),
 * each device's station as its position in `stations` (i32, -1 for none), each device's kind (u8, its
 * position in DEVICE_KINDS), then the devices' text in UTF-8: every id, then every serial number, then
 * every plate, one per line ('\n'; ids, serials and plates never hold one; an empty line for a device
 * without a plate), and last the stations as UTF-8 JSON. The stations come apart from the devices' text
 * so that accented station names do not make every id a two-byte string, which is slower to hash.
 */
import type { FleetDevice, FleetStation } from './console-api.js';
import { DEVICE_KINDS, type DeviceKind } from './fleet.js';

export interface FleetCatalogue {
  readonly count: number;
  readonly ids: readonly string[];
  readonly serialNumbers: readonly string[];
  /** '' for a device without a plate. */
  readonly plates: readonly string[];
  /** Position in DEVICE_KINDS. */
  readonly kind: Uint8Array;
  /** Position in `stations`, -1 for none. */
  readonly stationIndex: Int32Array;
  readonly stations: readonly FleetStation[];
}

const MAGIC = 0x46_43_54_32; // "FCT2"
const HEADER_BYTES = 12;
const SEPARATOR = '\n';

/** What people call a device: a car by its plate, a charge point by its serial number. */
export function deviceLabel(kind: DeviceKind, plate: string | null, serialNumber: string): string {
  return kind === 'car' ? (plate ?? serialNumber) : serialNumber;
}

export function encodeCatalogue(devices: readonly FleetDevice[], stations: readonly FleetStation[]): Uint8Array {
  const count = devices.length;
  const stationPositions = new Map(stations.map((station, position) => [station.id, position]));
  const encoder = new TextEncoder();
  const deviceText = encoder.encode(
    [...devices.map((device) => device.id), ...devices.map((device) => device.serialNumber), ...devices.map((device) => device.plate ?? '')].join(SEPARATOR),
  );
  const stationText = encoder.encode(JSON.stringify(stations));
  const textStart = HEADER_BYTES + count * 5;
  const bytes = new Uint8Array(textStart + deviceText.byteLength + stationText.byteLength);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, count, true);
  view.setUint32(8, deviceText.byteLength, true);
  devices.forEach((device, index) => {
    const position = device.stationId === null ? -1 : (stationPositions.get(device.stationId) ?? -1);
    view.setInt32(HEADER_BYTES + index * 4, position, true);
    bytes[HEADER_BYTES + count * 4 + index] = DEVICE_KINDS.indexOf(device.kind);
  });
  bytes.set(deviceText, textStart);
  bytes.set(stationText, textStart + deviceText.byteLength);
  return bytes;
}

/** Reads a catalogue as it arrives (an ArrayBuffer in browsers, a Buffer in Node); throws a RangeError when it is not one. */
export function decodeCatalogue(bytes: ArrayBuffer | ArrayBufferView): FleetCatalogue {
  const all = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (all.byteLength < HEADER_BYTES) throw new RangeError('Fleet catalogue: too short for a header');
  const view = new DataView(all.buffer, all.byteOffset, all.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new RangeError('Fleet catalogue: not a fleet catalogue');
  const count = view.getUint32(4, true);
  const textStart = HEADER_BYTES + count * 5;
  const stationStart = textStart + view.getUint32(8, true);
  if (all.byteLength < stationStart) throw new RangeError(`Fleet catalogue: too short for ${count} devices`);
  // Copies: the positions may sit unaligned in a larger buffer, and the model keeps both.
  const stationIndex = new Int32Array(count);
  new Uint8Array(stationIndex.buffer).set(all.subarray(HEADER_BYTES, HEADER_BYTES + count * 4));
  const kind = all.slice(HEADER_BYTES + count * 4, textStart);
  const decoder = new TextDecoder();
  const lines = count === 0 ? [] : decoder.decode(all.subarray(textStart, stationStart)).split(SEPARATOR);
  if (lines.length !== count * 3) throw new RangeError(`Fleet catalogue: ${lines.length} lines of text for ${count} devices`);
  let stations: unknown;
  try {
    stations = JSON.parse(decoder.decode(all.subarray(stationStart)));
  } catch {
    throw new RangeError('Fleet catalogue: its stations are not JSON');
  }
  if (!Array.isArray(stations)) throw new RangeError('Fleet catalogue: stations are missing');
  for (let index = 0; index < count; index++) {
    if ((stationIndex[index] ?? -1) >= stations.length || (kind[index] ?? 0) >= DEVICE_KINDS.length) {
      throw new RangeError(`Fleet catalogue: device ${index} has an unknown station or kind`);
    }
  }
  return {
    count,
    ids: lines.slice(0, count),
    serialNumbers: lines.slice(count, count * 2),
    plates: lines.slice(count * 2),
    kind,
    stationIndex,
    stations: stations as FleetStation[],
  };
}

/** One device of a catalogue as an object. */
export function catalogueDevice(catalogue: FleetCatalogue, index: number): FleetDevice {
  const kind: DeviceKind = DEVICE_KINDS[catalogue.kind[index] ?? 0] ?? 'car';
  const plate = catalogue.plates[index] || null;
  const serialNumber = catalogue.serialNumbers[index] ?? '';
  const station = catalogue.stationIndex[index] ?? -1;
  return {
    id: catalogue.ids[index] ?? '',
    kind,
    stationId: station >= 0 ? (catalogue.stations[station]?.id ?? null) : null,
    label: deviceLabel(kind, plate, serialNumber),
    serialNumber,
    plate,
  };
}

/** Every device of a catalogue as an object, in index order. */
export function catalogueDevices(catalogue: FleetCatalogue): FleetDevice[] {
  return Array.from({ length: catalogue.count }, (_, index) => catalogueDevice(catalogue, index));
}
