import { describe, expect, it } from 'vitest';
import { allocateColumns, columnCount, NO_BATTERY, packColumns, unpackColumns } from './fleet-columns.js';
import type { FleetColumns } from './fleet-columns.js';

/** Columns with a different value in every cell, so that a shifted or swapped column cannot pass. */
function filledColumns(rows: number): FleetColumns {
  const columns = allocateColumns(rows);
  for (let row = 0; row < rows; row++) {
    columns.index[row] = rows - row + 70_000;
    columns.kind[row] = row % 2;
    columns.status[row] = row % 7;
    columns.latitude[row] = 48.8 + row * 1e-4;
    columns.longitude[row] = 2.3 - row * 1e-4;
    columns.headingDegrees[row] = (row * 37) % 360;
    columns.speedKmh[row] = row / 8;
    columns.batteryPercent[row] = row % 3 === 0 ? NO_BATTERY : row % 101;
    columns.lastSeenMs[row] = 1_700_000_000_000 + row * 1001;
  }
  return columns;
}

const COLUMN_NAMES = ['index', 'kind', 'status', 'latitude', 'longitude', 'headingDegrees', 'speedKmh', 'batteryPercent', 'lastSeenMs'] as const;

function expectSameColumns(actual: FleetColumns, expected: FleetColumns): void {
  expect(columnCount(actual)).toBe(columnCount(expected));
  for (const name of COLUMN_NAMES) {
    expect(actual[name].constructor).toBe(expected[name].constructor);
    expect(Array.from(actual[name]), name).toEqual(Array.from(expected[name]));
  }
}

/** The bytes as they would arrive: a copy in a buffer of their own, sharing nothing with the sender. */
function received(bytes: Uint8Array): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}

describe('fleet columns', () => {
  it.each([0, 1, 1000])('round-trips every column through pack and unpack for %i rows', (rows) => {
    const columns = filledColumns(rows);
    expectSameColumns(unpackColumns(received(packColumns(columns))), columns);
  });

  it('unpacks a Node Buffer that starts at an odd byte offset', () => {
    const columns = filledColumns(1000);
    const packed = packColumns(columns);
    const padded = Buffer.alloc(packed.byteLength + 3);
    padded.set(packed, 3);
    const bytes = padded.subarray(3);
    expect(bytes.byteOffset % 2).toBe(1);
    expectSameColumns(unpackColumns(bytes), columns);
  });

  it('unpacks an aligned view without copying it', () => {
    const columns = filledColumns(10);
    const unpacked = unpackColumns(packColumns(columns));
    expect(unpacked.lastSeenMs.buffer).toBe(columns.lastSeenMs.buffer);
    expectSameColumns(unpacked, columns);
  });

  it('refuses bytes that are not fleet columns with a RangeError', () => {
    const packed = received(packColumns(filledColumns(4)));
    const wrongMagic = new Uint8Array(packed.slice(0));
    wrongMagic[0] = (wrongMagic[0] ?? 0) ^ 0xff;
    expect(() => unpackColumns(wrongMagic)).toThrow(RangeError);
    expect(() => unpackColumns(new Uint8Array(0))).toThrow(RangeError);
    expect(() => unpackColumns(packed.slice(0, 6))).toThrow(RangeError);
  });

  it('refuses a buffer too short for the rows its header announces, whether a copy or a view', () => {
    const packed = packColumns(filledColumns(1000));
    const cut = packed.byteLength - 8;
    expect(() => unpackColumns(received(packed).slice(0, cut))).toThrow(RangeError);
    expect(() => unpackColumns(packed.subarray(0, cut))).toThrow(RangeError);
    expect(() => unpackColumns(Buffer.from(packed).subarray(0, cut))).toThrow(RangeError);
  });
});
