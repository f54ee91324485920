/**
 * The whole fleet in typed arrays, indexed by the snapshot's device order: no object per device, so the
 * map can draw 100,000 of them every frame. Applies snapshots and deltas, keeps epoch and version for
 * resuming, and tells subscribers what changed. React never holds this data.
 */
import type { FleetDelta, FleetDevice, FleetSnapshot, FleetStation } from '../../../shared/console-api.js';
import { catalogueDevice, decodeCatalogue, type FleetCatalogue } from '../../../shared/fleet-catalogue.js';
import { unpackColumns, type FleetColumns } from '../../../shared/fleet-columns.js';
import {
  DEVICE_KINDS,
  DEVICE_STATUSES,
  EXPECTED_INTERVAL_SECONDS,
  STALE_AFTER_INTERVALS,
  statusCode,
} from '../../../shared/fleet.js';

export type FleetChange =
  | { readonly type: 'snapshot' }
  /** `indices` holds the device index of every row the delta changed. */
  | { readonly type: 'delta'; readonly indices: Uint32Array };

export type FleetListener = (change: FleetChange) => void;

/** What became of a delta: anything but `applied` or `duplicate` means the console must resync. */
export type DeltaOutcome = 'applied' | 'duplicate' | 'gap' | 'otherEpoch' | 'noSnapshot';

export interface FleetCounts {
  readonly devices: number;
  readonly available: number;
  readonly inUse: number;
  readonly charging: number;
  readonly reserved: number;
  readonly faulted: number;
  readonly offline: number;
  /** Devices not offline whose last message is older than their kind allows. */
  readonly stale: number;
}

export const EMPTY_COUNTS: FleetCounts = { devices: 0, available: 0, inUse: 0, charging: 0, reserved: 0, faulted: 0, offline: 0, stale: 0 };

const OFFLINE = statusCode('offline');
/** Milliseconds after which a device of each kind code is stale. */
const STALE_AFTER_MS = Float64Array.from(DEVICE_KINDS, (kind) => EXPECTED_INTERVAL_SECONDS[kind] * STALE_AFTER_INTERVALS * 1000);

/** Web Mercator in the unit square: x to the east, y to the south, as Leaflet projects. */
export function mercatorX(longitude: number): number {
  return (longitude + 180) / 360;
}
export function mercatorY(latitude: number): number {
  const clamped = Math.max(-85.0511287798, Math.min(85.0511287798, latitude));
  const sine = Math.sin((clamped * Math.PI) / 180);
  return 0.5 - Math.log((1 + sine) / (1 - sine)) / (4 * Math.PI);
}

export class FleetModel {
  epoch: string | null = null;
  version = -1;
  count = 0;
  /** Bumped on every change; lets a drawer know whether it has anything new. */
  revision = 0;
  /** Server clock minus local clock, from the latest message: ages are measured on the server's clock. */
  serverOffsetMs = 0;
  /** Local time when the latest snapshot or delta arrived. */
  lastDataAtMs = 0;

  ids: readonly string[] = [];
  stations: readonly FleetStation[] = [];
  /** Firmware version of each code in the `firmware` column; code 0 is unknown (''). */
  firmwareVersions: readonly string[] = [''];
  /** Each device's station as an index into `stations`, or -1. */
  stationIndex = new Int32Array(0);
  kind = new Uint8Array(0);
  status = new Uint8Array(0);
  latitude = new Float32Array(0);
  longitude = new Float32Array(0);
  /** Projected positions, recomputed only when a position changes so the draw loop does no trigonometry. */
  projectedX = new Float64Array(0);
  projectedY = new Float64Array(0);
  heading = new Float32Array(0);
  speed = new Float32Array(0);
  battery = new Uint8Array(0);
  lastSeen = new Float64Array(0);
  firmware = new Uint16Array(0);
  /**
   * Among devices at exactly the same place (the charge points of a station, the cars parked there),
   * each one's rank, so the map can fan them out and every one of them stays clickable.
   */
  stackRank = new Uint16Array(0);
  /** Positions changed since the ranks were computed. */
  isStackDirty = false;

  private catalogue: FleetCatalogue | null = null;
  /**
   * Made when first asked for, not with the snapshot: a console shows the fleet from the typed arrays
   * first, and 100,000 objects and map entries cost it a tenth of a second and a garbage collection.
   */
  private indexById: Map<string, number> | null = null;
  private stationIndexById: Map<string, number> | null = null;
  private deviceObjects: (FleetDevice | undefined)[] = [];
  private allDevices: readonly FleetDevice[] | null = null;
  private readonly listeners = new Set<FleetListener>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Every device as an object, in index order; the same array until the next snapshot. */
  get devices(): readonly FleetDevice[] {
    if (!this.allDevices) {
      const all: FleetDevice[] = [];
      for (let index = 0; index < this.count; index++) {
        const device = this.device(index);
        if (device) all.push(device);
      }
      this.allDevices = all;
    }
    return this.allDevices;
  }

  /** One device as an object, the same object until the next snapshot; undefined outside the fleet. */
  device(index: number): FleetDevice | undefined {
    if (!this.catalogue || index < 0 || index >= this.count) return undefined;
    let device = this.deviceObjects[index];
    if (!device) {
      device = catalogueDevice(this.catalogue, index);
      this.deviceObjects[index] = device;
    }
    return device;
  }

  subscribe(listener: FleetListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  indexOf(deviceId: string): number {
    if (!this.indexById) {
      this.indexById = new Map();
      for (let index = 0; index < this.ids.length; index++) this.indexById.set(this.ids[index] ?? '', index);
    }
    return this.indexById.get(deviceId) ?? -1;
  }

  stationIndexOf(stationId: string): number {
    this.stationIndexById ??= new Map(this.stations.map((station, index) => [station.id, index]));
    return this.stationIndexById.get(stationId) ?? -1;
  }

  firmwareOf(index: number): string | null {
    return this.firmwareVersions[this.firmware[index] ?? 0] || null;
  }

  /** The current time on the server's clock, as well as the console can tell. */
  serverNow(): number {
    return this.clock() + this.serverOffsetMs;
  }

  isStaleAt(index: number, nowMs: number): boolean {
    if (this.status[index] === OFFLINE) return false;
    return nowMs - (this.lastSeen[index] ?? 0) > (STALE_AFTER_MS[this.kind[index] ?? 0] ?? 0);
  }

  applySnapshot(snapshot: FleetSnapshot): void {
    const catalogue = decodeCatalogue(snapshot.catalogue);
    this.allocate(catalogue.count);
    this.catalogue = catalogue;
    this.ids = catalogue.ids;
    this.stations = catalogue.stations;
    this.indexById = null;
    this.stationIndexById = null;
    this.deviceObjects = [];
    this.allDevices = null;
    this.firmwareVersions = snapshot.firmwareVersions.length > 0 ? snapshot.firmwareVersions : [''];
    this.kind.set(catalogue.kind);
    this.stationIndex.set(catalogue.stationIndex);
    this.copyRows(unpackColumns(snapshot.columns));
    this.refreshStacks();
    this.epoch = snapshot.epoch;
    this.version = snapshot.version;
    this.noteArrival(snapshot.serverTimeMs);
    this.emit({ type: 'snapshot' });
  }

  applyDelta(delta: FleetDelta): DeltaOutcome {
    if (this.epoch === null) return 'noSnapshot';
    if (delta.epoch !== this.epoch) return 'otherEpoch';
    if (delta.version <= this.version) return 'duplicate';
    if (delta.version !== this.version + 1) return 'gap';
    if (delta.firmwareVersions) this.firmwareVersions = delta.firmwareVersions;
    const indices = this.copyRows(unpackColumns(delta.columns));
    this.version = delta.version;
    this.noteArrival(delta.serverTimeMs);
    this.emit({ type: 'delta', indices });
    return 'applied';
  }

  /**
   * Ranks devices that share a position (to about a metre), in index order. One pass over an
   * open-addressing table of typed arrays: a Map of 100,000 numbers took 25 ms of a console's start.
   */
  refreshStacks(): void {
    let size = 1024;
    while (size < this.count * 2) size *= 2;
    const mask = size - 1;
    // A key is never negative: -1 marks an empty slot.
    const keys = new Float64Array(size).fill(-1);
    const ranks = new Uint32Array(size);
    for (let index = 0; index < this.count; index++) {
      const latitudeKey = Math.round(((this.latitude[index] ?? 0) + 90) * 1e5);
      const longitudeKey = Math.round(((this.longitude[index] ?? 0) + 180) * 1e5);
      // Both keys fit in 26 bits, so the pair is exact in a double.
      const key = latitudeKey * 67_108_864 + longitudeKey;
      let slot = (Math.imul(latitudeKey, 0x9e3779b1) ^ longitudeKey) & mask;
      while (keys[slot] !== key && keys[slot] !== -1) slot = (slot + 1) & mask;
      keys[slot] = key;
      const rank = ranks[slot] ?? 0;
      this.stackRank[index] = Math.min(rank, 65_535);
      ranks[slot] = rank + 1;
    }
    this.isStackDirty = false;
  }

  /** Counts by state at `nowMs` (server clock). One pass over the arrays. */
  counts(nowMs: number = this.serverNow()): FleetCounts {
    const byStatus = new Array<number>(DEVICE_STATUSES.length).fill(0);
    let stale = 0;
    for (let index = 0; index < this.count; index++) {
      const code = this.status[index] ?? OFFLINE;
      byStatus[code] = (byStatus[code] ?? 0) + 1;
      if (this.isStaleAt(index, nowMs)) stale++;
    }
    const of = (status: (typeof DEVICE_STATUSES)[number]) => byStatus[statusCode(status)] ?? 0;
    return {
      devices: this.count,
      available: of('available'),
      inUse: of('inUse'),
      charging: of('charging'),
      reserved: of('reserved'),
      faulted: of('faulted'),
      offline: of('offline'),
      stale,
    };
  }

  private allocate(count: number): void {
    this.count = count;
    this.kind = new Uint8Array(count);
    this.status = new Uint8Array(count);
    this.latitude = new Float32Array(count);
    this.longitude = new Float32Array(count);
    this.projectedX = new Float64Array(count);
    this.projectedY = new Float64Array(count);
    this.heading = new Float32Array(count);
    this.speed = new Float32Array(count);
    this.battery = new Uint8Array(count);
    this.lastSeen = new Float64Array(count);
    this.firmware = new Uint16Array(count);
    this.stationIndex = new Int32Array(count);
    this.stackRank = new Uint16Array(count);
  }

  /** Copies each row to its device's slot; rows naming a device outside this epoch are ignored. */
  private copyRows(columns: FleetColumns): Uint32Array {
    const rows = columns.index.length;
    const indices = new Uint32Array(rows);
    let applied = 0;
    for (let row = 0; row < rows; row++) {
      const index = columns.index[row] ?? this.count;
      if (index >= this.count) continue;
      const latitude = columns.latitude[row] ?? 0;
      const longitude = columns.longitude[row] ?? 0;
      if (latitude !== this.latitude[index] || longitude !== this.longitude[index] || this.projectedX[index] === 0) {
        this.latitude[index] = latitude;
        this.longitude[index] = longitude;
        this.projectedX[index] = mercatorX(longitude);
        this.projectedY[index] = mercatorY(latitude);
        this.isStackDirty = true;
      }
      this.kind[index] = columns.kind[row] ?? 0;
      this.status[index] = columns.status[row] ?? OFFLINE;
      this.heading[index] = columns.headingDegrees[row] ?? 0;
      this.speed[index] = columns.speedKmh[row] ?? 0;
      this.battery[index] = columns.batteryPercent[row] ?? 0;
      this.lastSeen[index] = columns.lastSeenMs[row] ?? 0;
      this.firmware[index] = columns.firmware[row] ?? 0;
      indices[applied++] = index;
    }
    return applied === rows ? indices : indices.slice(0, applied);
  }

  private noteArrival(serverTimeMs: number): void {
    const now = this.clock();
    this.lastDataAtMs = now;
    if (Number.isFinite(serverTimeMs) && serverTimeMs > 0) this.serverOffsetMs = serverTimeMs - now;
    this.revision++;
  }

  private emit(change: FleetChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

