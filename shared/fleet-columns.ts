/**
 * The fleet as columns of typed arrays, packed in one binary buffer: a snapshot of 100,000 devices is a
 * couple of megabytes that the console can use without building an object per device.
 */

export interface FleetColumns {
  /** Position of each row's device in the snapshot's `ids`. */
  readonly index: Uint32Array;
  readonly kind: Uint8Array;
  readonly status: Uint8Array;
  readonly latitude: Float32Array;
  readonly longitude: Float32Array;
  readonly headingDegrees: Float32Array;
  readonly speedKmh: Float32Array;
  /** 0..100, or NO_BATTERY for devices without one. */
  readonly batteryPercent: Uint8Array;
  /** Epoch milliseconds of the last message the backend received, or 0 when never heard from. */
  readonly lastSeenMs: Float64Array;
  /** Code of the device's firmware version in the snapshot's `firmwareVersions`; 0 when unknown. */
  readonly firmware: Uint16Array;
}

export const NO_BATTERY = 255;
const MAGIC = 0x46_4c_54_32; // "FLT2"
const HEADER_BYTES = 8;

/** Element sizes in buffer order: widest first, so that every column stays aligned. */
const ELEMENT_BYTES = [8, 4, 4, 4, 4, 4, 2, 1, 1, 1] as const;

function align(offset: number, bytes: number): number {
  return Math.ceil(offset / bytes) * bytes;
}

function byteLengthFor(rows: number): number {
  let offset = HEADER_BYTES;
  for (const bytes of ELEMENT_BYTES) offset = align(offset, bytes) + rows * bytes;
  return align(offset, 8);
}

interface TypedArrayType<T> {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

function viewColumns(buffer: ArrayBuffer, byteOffset: number, rows: number): FleetColumns {
  let offset = HEADER_BYTES;
  const next = <T>(Type: TypedArrayType<T>): T => {
    offset = align(offset, Type.BYTES_PER_ELEMENT);
    const view = new Type(buffer, byteOffset + offset, rows);
    offset += rows * Type.BYTES_PER_ELEMENT;
    return view;
  };
  // Property order is buffer order (ELEMENT_BYTES).
  return {
    lastSeenMs: next(Float64Array),
    index: next(Uint32Array),
    latitude: next(Float32Array),
    longitude: next(Float32Array),
    headingDegrees: next(Float32Array),
    speedKmh: next(Float32Array),
    firmware: next(Uint16Array),
    kind: next(Uint8Array),
    status: next(Uint8Array),
    batteryPercent: next(Uint8Array),
  };
}

/** Empty columns for `rows` devices, backed by one buffer ready to send with `packColumns`. */
export function allocateColumns(rows: number): FleetColumns {
  const buffer = new ArrayBuffer(byteLengthFor(rows));
  const header = new DataView(buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, rows, true);
  return viewColumns(buffer, 0, rows);
}

export function columnCount(columns: FleetColumns): number {
  return columns.index.length;
}

/** The bytes behind columns made by `allocateColumns`. */
export function packColumns(columns: FleetColumns): Uint8Array {
  const buffer = columns.lastSeenMs.buffer;
  return new Uint8Array(buffer, 0, byteLengthFor(columns.index.length));
}

/**
 * Reads columns from bytes as they arrive (an ArrayBuffer in browsers, a Buffer in Node). The arrays
 * are views, not copies, when the bytes are aligned.
 */
export function unpackColumns(bytes: ArrayBuffer | ArrayBufferView): FleetColumns {
  let buffer: ArrayBuffer;
  let byteOffset: number;
  // A view's own length, not its buffer's: a Buffer from Node's pool shares a larger buffer with others.
  const byteLength = bytes.byteLength;
  if (bytes instanceof ArrayBuffer) {
    buffer = bytes;
    byteOffset = 0;
  } else if (bytes.byteOffset % 8 === 0 && bytes.buffer instanceof ArrayBuffer) {
    buffer = bytes.buffer;
    byteOffset = bytes.byteOffset;
  } else {
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    buffer = copy.buffer;
    byteOffset = 0;
  }
  if (byteLength < HEADER_BYTES) throw new RangeError('Fleet columns: buffer too short for a header');
  const header = new DataView(buffer, byteOffset, HEADER_BYTES);
  if (header.getUint32(0, true) !== MAGIC) throw new RangeError('Fleet columns: not a fleet column buffer');
  const rows = header.getUint32(4, true);
  if (byteLength < byteLengthFor(rows)) throw new RangeError(`Fleet columns: buffer too short for ${rows} rows`);
  return viewColumns(buffer, byteOffset, rows);
}
