/**
 * The last-known-state cache: every device's current state in memory, indexed by its position in the
 * inventory, persisted to device_state in batches, and read by the console hub.
 */
import type { Logger } from 'pino';
import type { FleetDevice, FleetStation } from '../../shared/console-api.js';
import { deviceLabel } from '../../shared/fleet-catalogue.js';
import type { DeviceDetail, StationSummary } from '../../shared/device-detail.js';
import { kindCode, statusCode } from '../../shared/fleet.js';
import type { DeviceKind, DeviceStatus } from '../../shared/fleet.js';
import type { FleetColumns } from '../../shared/fleet-columns.js';
import type { DeviceRecord, Inventory } from '../inventory/types.js';
import type { DeviceMessage } from '../ingest/message.js';
import type { Database } from '../store/database.js';
import { applyMessage, deriveStatus, newEntry } from './entry.js';
import type { Applied, DeviceEntry } from './entry.js';
import { FirmwareCodes } from './firmware-codes.js';
import { loadStoredStates, restoreEntry, saveEntries } from './persistence.js';
import type { StoredState } from './persistence.js';

export type { Applied } from './entry.js';
export type { SensorName, SensorTransition } from './transitions.js';
export { SENSOR_NAMES } from './transitions.js';

export interface StateCache {
  /** Reads device_state; call once at start, before devices connect. */
  load(): Promise<void>;
  /**
   * Applies a message at once, in memory, and says what it was: a duplicate, the new current state, or
   * history only (see ordering.ts). Unknown devices are ignored (undefined).
   */
  apply(message: DeviceMessage): Applied | undefined;
  counts(): { known: number; online: number };
  detail(deviceId: string): DeviceDetail | undefined;
  /** Position of the device in the current device list, or undefined. */
  indexOf(deviceId: string): number | undefined;
  /** The devices in index order, as consoles list them. */
  fleetDevices(): readonly FleetDevice[];
  /** The stations the devices belong to, by name. */
  fleetStations(): readonly FleetStation[];
  /**
   * The firmware table the `firmware` column's codes refer to (code 0: unknown). It only grows until the
   * device list changes, and grows in place: copy it to keep it as it is now.
   */
  firmwareVersions(): readonly string[];
  /**
   * Visits every device, in index order, for periodic sweeps over the whole fleet: `visit` gets one
   * object refilled for each device, so a sweep allocates nothing; read it during the call, never keep it.
   */
  forEachDevice(visit: (device: DeviceReading) => void): void;
  /** Writes rows `0..indexes.length` of `columns` from the devices at `indexes`. */
  fillColumns(columns: FleetColumns, indexes: ArrayLike<number>): void;
  /** Called with a device's index after every change to what `fillColumns` writes for it. */
  onChange(listener: (index: number) => void): () => void;
  /** Called after the device list changed and indexes were rebuilt (the firmware table starts over). */
  onDevicesChanged(listener: () => void): () => void;
  /** Writes every changed device to device_state now. */
  flush(): Promise<void>;
  /** Stops the periodic writes and flushes. */
  close(): Promise<void>;
}

/** What a sweep reads of one device (see `forEachDevice`). */
export interface DeviceReading {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly status: DeviceStatus;
  readonly isOnline: boolean;
  /** Backend clock when anything was last received from the device; 0 when never. */
  readonly lastSeenMs: number;
  /** The estimate of the device clock minus the backend clock; null until known. */
  readonly clockOffsetMs: number | null;
  /** A charge point's latest energy register and power (MeterValues); null for cars and until reported. */
  readonly energyWh: number | null;
  readonly powerW: number | null;
}

export interface StateCacheOptions {
  readonly db: Database;
  readonly inventory: Inventory;
  readonly logger: Logger;
  /** How often changed devices are written to device_state. */
  readonly persistIntervalMs?: number;
  /** A device whose clock is off by more than this is flagged (DeviceDetail.isClockFarOff). */
  readonly clockToleranceMs?: number;
}

/** Five minutes: well past any network delay, well short of a clock that will misplace events. */
export const DEFAULT_CLOCK_TOLERANCE_MS = 5 * 60_000;

function stationSummary(inventory: Inventory, stationId: string | null): StationSummary | null {
  const station = stationId === null ? undefined : inventory.station(stationId);
  if (!station) return null;
  const { id, name, address, city, latitude, longitude } = station;
  return { id, name, address, city, latitude, longitude };
}

/** What the device runs: what a charge point said in its latest BootNotification, else the inventory's record. */
function firmwareVersionOf(entry: DeviceEntry): string | null {
  return entry.record.kind === 'chargePoint' ? (entry.chargePoint?.firmwareVersion ?? entry.record.firmwareVersion) : entry.record.firmwareVersion;
}

function fleetDevice(record: DeviceRecord): FleetDevice {
  return {
    id: record.id,
    kind: record.kind,
    stationId: record.stationId,
    label: deviceLabel(record.kind, record.kind === 'car' ? record.plate : null, record.serialNumber),
    serialNumber: record.serialNumber,
    plate: record.kind === 'car' ? record.plate : null,
  };
}

/** The stations that have devices: a station without any has nothing for a console to show. */
function fleetStations(inventory: Inventory, records: readonly DeviceRecord[]): FleetStation[] {
  const ids = new Set(records.flatMap((record) => (record.stationId === null ? [] : [record.stationId])));
  return [...ids]
    .flatMap((id) => stationSummary(inventory, id) ?? [])
    .sort((left, right) => left.name.localeCompare(right.name) || left.id.localeCompare(right.id));
}

export function createStateCache(options: StateCacheOptions): StateCache {
  const { db, inventory } = options;
  const clockToleranceMs = options.clockToleranceMs ?? DEFAULT_CLOCK_TOLERANCE_MS;
  const logger = options.logger.child({ module: 'state' });
  let entries: DeviceEntry[] = [];
  let indexes = new Map<string, number>();
  let fleetDevices: FleetDevice[] = [];
  let stations: FleetStation[] = [];
  const firmware = new FirmwareCodes();
  /** Each device's code in `firmware`, by index. */
  let firmwareCodes = new Uint16Array(0);
  let stored = new Map<string, StoredState>();
  let onlineCount = 0;
  const changeListeners = new Set<(index: number) => void>();
  const devicesListeners = new Set<() => void>();
  let writing: Promise<void> = Promise.resolve();
  let isClosed = false;

  function rebuild(): void {
    const previous = new Map(entries.map((entry) => [entry.record.id, entry]));
    entries = inventory.devices().map((record) => {
      const kept = previous.get(record.id);
      if (kept) {
        kept.record = record;
        return kept;
      }
      const entry = newEntry(record, record.stationId === null ? undefined : inventory.station(record.stationId));
      const saved = stored.get(record.id);
      if (saved) {
        restoreEntry(entry, saved);
        stored.delete(record.id);
      }
      entry.status = deriveStatus(entry);
      return entry;
    });
    indexes = new Map(entries.map((entry, index) => [entry.record.id, index]));
    fleetDevices = entries.map(({ record }) => fleetDevice(record));
    stations = fleetStations(inventory, entries.map(({ record }) => record));
    // A new device list is a new epoch for consoles: the table starts over without versions no one runs.
    firmware.reset();
    firmwareCodes = Uint16Array.from(entries, (entry) => firmware.codeOf(firmwareVersionOf(entry)));
    onlineCount = entries.reduce((count, entry) => count + (entry.isOnline ? 1 : 0), 0);
  }

  rebuild();
  const stopWatchingDevices = inventory.onDevicesChanged(() => {
    rebuild();
    for (const listener of devicesListeners) listener();
  });

  async function writeDirty(): Promise<void> {
    const dirty = entries.filter((entry) => entry.isDirty);
    if (dirty.length === 0) return;
    for (const entry of dirty) entry.isDirty = false;
    try {
      await saveEntries(db, dirty);
    } catch (error) {
      for (const entry of dirty) entry.isDirty = true;
      logger.error({ err: error, devices: dirty.length }, 'Could not write the last-known state; will retry');
    }
  }

  function flush(): Promise<void> {
    // One write at a time, so that an older state never lands after a newer one.
    writing = writing.then(writeDirty);
    return writing;
  }

  const timer = setInterval(() => void flush(), options.persistIntervalMs ?? 1000);
  timer.unref();

  function detail(deviceId: string): DeviceDetail | undefined {
    const index = indexes.get(deviceId);
    const entry = index === undefined ? undefined : entries[index];
    if (!entry) return undefined;
    const { record } = entry;
    const model = inventory.model(record.modelId);
    const base = {
      id: record.id,
      serialNumber: record.serialNumber,
      firmwareVersion: firmwareVersionOf(entry),
      model: { id: record.modelId, manufacturer: model?.manufacturer ?? '', name: model?.name ?? record.modelId },
      station: stationSummary(inventory, record.stationId),
      status: entry.status,
      isOnline: entry.isOnline,
      lastSeenAt: entry.lastSeenMs > 0 ? new Date(entry.lastSeenMs).toISOString() : null,
      deviceTime: entry.deviceTime,
      clockOffsetMs: entry.clockOffsetMs,
      isClockFarOff: entry.clockOffsetMs !== null && Math.abs(entry.clockOffsetMs) > clockToleranceMs,
    };
    return record.kind === 'car'
      ? { ...base, kind: 'car', plate: record.plate ?? '', state: entry.car }
      : { ...base, kind: 'chargePoint', state: entry.chargePoint };
  }

  return {
    async load() {
      stored = await loadStoredStates(db);
      // Devices already indexed get their stored state now; later ones when they are added.
      entries = [];
      rebuild();
      // Indexes and firmware codes were rebuilt: anything built on them before is void.
      for (const listener of devicesListeners) listener();
      logger.info({ devices: entries.length, stored: entries.filter((entry) => entry.lastSeenMs > 0).length }, 'Last-known state loaded');
    },
    apply(message) {
      const index = indexes.get(message.deviceId);
      const entry = index === undefined ? undefined : entries[index];
      if (index === undefined || !entry || entry.record.kind !== message.kind) return undefined;
      const wasOnline = entry.isOnline;
      const lastSeenMs = entry.lastSeenMs;
      const applied = applyMessage(entry, message);
      onlineCount += Number(entry.isOnline) - Number(wasOnline);
      const firmwareCode = message.channel === 'ocpp:BootNotification' ? firmware.codeOf(firmwareVersionOf(entry)) : firmwareCodes[index];
      const hasNewFirmware = firmwareCode !== firmwareCodes[index];
      if (hasNewFirmware) firmwareCodes[index] = firmwareCode ?? 0;
      // A duplicate or a car's will changes nothing a console can see.
      if (entry.isOnline !== wasOnline || entry.lastSeenMs !== lastSeenMs || applied.isCurrent || hasNewFirmware) {
        for (const listener of changeListeners) listener(index);
      }
      return applied;
    },
    counts: () => ({ known: entries.length, online: onlineCount }),
    detail,
    indexOf: (deviceId) => indexes.get(deviceId),
    fleetDevices: () => fleetDevices,
    fleetStations: () => stations,
    firmwareVersions: () => firmware.versions(),
    forEachDevice(visit) {
      const reading: { -readonly [Key in keyof DeviceReading]: DeviceReading[Key] } = {
        id: '',
        kind: 'car',
        status: 'offline',
        isOnline: false,
        lastSeenMs: 0,
        clockOffsetMs: null,
        energyWh: null,
        powerW: null,
      };
      for (const entry of entries) {
        reading.id = entry.record.id;
        reading.kind = entry.record.kind;
        reading.status = entry.status;
        reading.isOnline = entry.isOnline;
        reading.lastSeenMs = entry.lastSeenMs;
        reading.clockOffsetMs = entry.clockOffsetMs;
        reading.energyWh = entry.chargePoint?.energyWh ?? null;
        reading.powerW = entry.chargePoint?.powerW ?? null;
        visit(reading);
      }
    },
    fillColumns(columns, rows) {
      for (let row = 0; row < rows.length; row++) {
        const index = rows[row] ?? 0;
        const entry = entries[index];
        if (!entry) continue;
        columns.index[row] = index;
        columns.kind[row] = kindCode(entry.record.kind);
        columns.status[row] = statusCode(entry.status);
        columns.latitude[row] = entry.latitude;
        columns.longitude[row] = entry.longitude;
        columns.headingDegrees[row] = entry.headingDegrees;
        columns.speedKmh[row] = entry.speedKmh;
        columns.batteryPercent[row] = entry.batteryPercent;
        columns.lastSeenMs[row] = entry.lastSeenMs;
        columns.firmware[row] = firmwareCodes[index] ?? 0;
      }
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onDevicesChanged(listener) {
      devicesListeners.add(listener);
      return () => devicesListeners.delete(listener);
    },
    flush,
    async close() {
      if (isClosed) return writing;
      isClosed = true;
      clearInterval(timer);
      stopWatchingDevices();
      await flush();
    },
  };
}
