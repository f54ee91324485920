/**
 * Search over every device and station, built once per snapshot. Each searchable field is folded
 * (lower case, accents off, anything but letters and digits dropped, so "ab123" finds "AB-123-CD") and
 * written into one long string, one field per line, fields of the same kind together in priority order.
 * A search is then one `indexOf` scan of that string, each occurrence ranked by where it sits on its
 * line. No per-keystroke allocation beyond the results, and no sorting at build time: 100,000 devices
 * search in a few milliseconds (search-index.test.ts prints the measured figure).
 */
import type { FleetDevice, FleetStation } from '../../../shared/console-api.js';

/** How a result matched, best first. */
export const MATCH_RANKS = ['exact', 'prefix', 'substring'] as const;
export type MatchRank = (typeof MATCH_RANKS)[number];

export type DeviceField = 'id' | 'plate' | 'serialNumber' | 'label';
export type StationField = 'name' | 'address' | 'city';

export interface SearchHit<Field extends string> {
  /** The entry's index in the list the index was built from (the model's device or station index). */
  readonly index: number;
  readonly rank: MatchRank;
  /** The first field that matched at that rank. */
  readonly field: Field;
}

export interface SearchResults {
  readonly devices: readonly SearchHit<DeviceField>[];
  readonly stations: readonly SearchHit<StationField>[];
  /** True when a group stopped at its limit: there are more matches than shown. */
  readonly isTruncated: boolean;
}

export const EMPTY_RESULTS: SearchResults = { devices: [], stations: [], isTruncated: false };

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NOT_SEARCHABLE = /[^\p{L}\p{N}]+/gu;
/** Anything outside printable ASCII (control characters too, harmlessly) takes the Unicode path. */
const NON_ASCII = /[^ -~]/;
const NOT_ASCII_SEARCHABLE = /[^a-z0-9]+/g;

/** The form every field and every query is compared in: "Étoile/Saint-Honoré 4" → "etoilesainthonore4". */
export function foldForSearch(text: string): string {
  const lower = text.toLowerCase();
  // Most identifiers are ASCII: they skip Unicode decomposition and Unicode classes, the costly steps.
  if (!NON_ASCII.test(lower)) return lower.replace(NOT_ASCII_SEARCHABLE, '');
  return lower.normalize('NFD').replace(COMBINING_MARKS, '').replace(NOT_SEARCHABLE, '');
}

const NEWLINE_CODE = 10;
/** ASCII bytes decode to a one-byte string, which V8 scans faster than a two-byte one. */
const asciiDecoder = new TextDecoder('latin1');
const utf16Decoder = new TextDecoder('utf-16le');

/**
 * Writes `value` folded into `buffer` at `offset` and returns the new offset, or -1 when a byte buffer
 * cannot hold the result. The same result as `foldForSearch`: one character at a time for ASCII (no
 * string per field, so 300,000 fields fold in tens of milliseconds), through `foldForSearch` for the
 * rare field that is not ASCII.
 */
function writeFolded(buffer: Uint8Array | Uint16Array, offset: number, value: string): number {
  let end = offset;
  for (let position = 0; position < value.length; position++) {
    let code = value.charCodeAt(position);
    if (code > 127) {
      const folded = foldForSearch(value);
      for (let each = 0; each < folded.length; each++) {
        const foldedCode = folded.charCodeAt(each);
        if (foldedCode > 127 && buffer instanceof Uint8Array) return -1;
        buffer[offset + each] = foldedCode;
      }
      return offset + folded.length;
    }
    if (code >= 65 && code <= 90) code += 32;
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) buffer[end++] = code;
  }
  return end;
}

/**
 * One group of entries (devices or stations) searchable by several fields. Line n of the text is field
 * `fields[floor(n / entryCount)]` of entry `n % entryCount`, empty when the entry has no such field.
 */
class FieldText<Field extends string> {
  private readonly text: string;
  /** Where each line starts in `text`, ascending. */
  private readonly starts: Int32Array;
  /** Per entry, the search that last took it, so an entry is listed once whichever fields match. */
  private readonly takenBy: Uint32Array;
  /** Per entry taken, the best rank code it was found at. */
  private readonly rankOf: Uint8Array;
  private searchNumber = 0;

  constructor(
    readonly fields: readonly Field[],
    private readonly entryCount: number,
    read: (entry: number, field: Field) => string | null,
  ) {
    const values: (string | null)[] = [];
    // Folding only ever shortens ASCII; a non-ASCII field may grow (rarely), so it reserves more room.
    let room = 1;
    for (const field of fields) {
      for (let entry = 0; entry < entryCount; entry++) {
        const value = read(entry, field);
        values.push(value);
        room += (value === null ? 0 : value.length * 3) + 1;
      }
    }
    this.starts = new Int32Array(values.length);
    this.text = this.write(values, new Uint8Array(room)) ?? this.write(values, new Uint16Array(room)) ?? '';
    this.takenBy = new Uint32Array(entryCount);
    this.rankOf = new Uint8Array(entryCount);
  }

  private write(values: readonly (string | null)[], buffer: Uint8Array | Uint16Array): string | null {
    let offset = 0;
    buffer[offset++] = NEWLINE_CODE;
    for (let line = 0; line < values.length; line++) {
      this.starts[line] = offset;
      const value = values[line];
      if (value) offset = writeFolded(buffer, offset, value);
      if (offset < 0) return null;
      buffer[offset++] = NEWLINE_CODE;
    }
    return buffer instanceof Uint8Array ? asciiDecoder.decode(buffer.subarray(0, offset)) : utf16Decoder.decode(buffer.subarray(0, offset));
  }

  /**
   * One scan for the needle; where it sits on its line gives the rank (after a line start: prefix, and
   * exact if the line ends there too). Each rank keeps its first `limit` entries in text order, which is
   * field priority, then entry order.
   */
  search(needle: string, limit: number): { readonly hits: SearchHit<Field>[]; readonly isTruncated: boolean } {
    if (needle === '' || limit <= 0 || this.entryCount === 0) return { hits: [], isTruncated: false };
    this.searchNumber = (this.searchNumber % 0xffff_fffe) + 1;
    if (this.searchNumber === 1) this.takenBy.fill(0);
    const stamp = this.searchNumber;
    const byRank: number[][] = MATCH_RANKS.map(() => []);
    let isTruncated = false;
    let position = this.text.indexOf(needle);
    while (position !== -1) {
      const isLineStart = this.text.charCodeAt(position - 1) === NEWLINE_CODE;
      const rankCode = !isLineStart ? 2 : this.text.charCodeAt(position + needle.length) === NEWLINE_CODE ? 0 : 1;
      const lines = byRank[rankCode] ?? [];
      if (lines.length === limit) {
        isTruncated = true;
        // Nothing beats a full list of exact matches: the rest of the text cannot change the answer.
        if (rankCode === 0) break;
      } else {
        const line = this.lineAt(position);
        const owner = line % this.entryCount;
        if (this.takenBy[owner] !== stamp || rankCode < (this.rankOf[owner] ?? 0)) {
          this.takenBy[owner] = stamp;
          this.rankOf[owner] = rankCode;
          lines.push(line);
        }
      }
      position = this.text.indexOf(needle, position + 1);
    }
    const hits: SearchHit<Field>[] = [];
    byRank.forEach((lines, rankCode) => {
      const rank = MATCH_RANKS[rankCode] ?? 'substring';
      for (const line of lines) {
        const owner = line % this.entryCount;
        // An entry found again at a better rank is listed there only.
        if (this.rankOf[owner] === rankCode) hits.push({ index: owner, rank, field: this.fieldOf(line) });
      }
    });
    if (hits.length > limit) return { hits: hits.slice(0, limit), isTruncated: true };
    return { hits, isTruncated };
  }

  private fieldOf(line: number): Field {
    const field = this.fields[Math.floor(line / this.entryCount)];
    if (field === undefined) throw new RangeError(`Search index: no field for line ${line}`);
    return field;
  }

  /** The line holding `position`: the last start at or before it. */
  private lineAt(position: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.starts[middle] ?? 0) <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

export interface SearchLimits {
  readonly devices: number;
  readonly stations: number;
}

export const DEFAULT_LIMITS: SearchLimits = { devices: 50, stations: 20 };

export class SearchIndex {
  private readonly deviceText: FieldText<DeviceField>;
  private readonly stationText: FieldText<StationField>;

  constructor(
    readonly devices: readonly FleetDevice[],
    readonly stations: readonly FleetStation[],
  ) {
    // Field order is the tie-break within a rank: an id beats a plate beats a serial number.
    this.deviceText = new FieldText<DeviceField>(['id', 'plate', 'serialNumber', 'label'], devices.length, (entry, field) => {
      const device = devices[entry];
      if (!device) return null;
      // The label repeats the plate or serial for most devices; index it only when it says something else.
      if (field === 'label') return device.label === device.plate || device.label === device.serialNumber ? null : device.label;
      return device[field];
    });
    this.stationText = new FieldText<StationField>(['name', 'address', 'city'], stations.length, (entry, field) => stations[entry]?.[field] ?? null);
  }

  search(query: string, limits: SearchLimits = DEFAULT_LIMITS): SearchResults {
    const needle = foldForSearch(query);
    if (needle === '') return EMPTY_RESULTS;
    const devices = this.deviceText.search(needle, limits.devices);
    const stations = this.stationText.search(needle, limits.stations);
    return { devices: devices.hits, stations: stations.hits, isTruncated: devices.isTruncated || stations.isTruncated };
  }
}

/** The best rank among hits, for ordering groups: the group with the better match comes first. */
export function bestRank(hits: readonly SearchHit<string>[]): number {
  let best: number = MATCH_RANKS.length;
  for (const hit of hits) best = Math.min(best, MATCH_RANKS.indexOf(hit.rank));
  return best;
}
