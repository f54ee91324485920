/**
 * The inventory: stations, device models and devices, read once into memory (device connections check
 * credentials against it without touching the database) and written through to the store. Changes
 * run one at a time; the memory follows each as soon as the store has it, so a replaced secret or a
 * removed device is refused from the moment the change resolves.
 */
import type { DeviceKind } from '../../shared/fleet.js';
import type { Network } from '../../shared/network.js';
import { failure, success } from '../../shared/result.js';
import type { Result } from '../../shared/result.js';
import type { Database, Queryable } from '../store/database.js';
import { DEVICE_SELECT, FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION, checkNewDevice, checkSecret, insertDevice, sqlState } from './device-changes.js';
import { generateDeviceSecret, hashDeviceSecret, isDeviceSecret } from './secrets.js';
import type {
  AuthenticationResult,
  DeviceModelRecord,
  DeviceRecord,
  ManagedInventory,
  NewDevice,
  ProvisionedDevice,
  ProvisionSummary,
  StationRecord,
} from './types.js';

interface StationRow {
  id: string;
  name: string;
  address: string;
  city: string;
  postal_code: string;
  latitude: number;
  longitude: number;
}

interface ModelRow {
  id: string;
  kind: DeviceKind;
  manufacturer: string;
  name: string;
}

interface DeviceRow {
  id: string;
  kind: DeviceKind;
  model_id: string;
  serial_number: string;
  plate: string | null;
  firmware_version: string | null;
  station_id: string | null;
  secret_hash: Uint8Array;
  created_at: Date;
}

interface KnownDevice {
  readonly record: DeviceRecord;
  readonly secretHash: Uint8Array;
}

/** Rows per statement: one JSON document each, so a whole Autolib network takes a handful of round trips. */
const BATCH_SIZE = 5000;

function batches<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += BATCH_SIZE) result.push(items.slice(start, start + BATCH_SIZE));
  return result;
}

async function upsertStations(transaction: Queryable, network: Network): Promise<void> {
  for (const batch of batches(network.stations)) {
    await transaction.query(
      `INSERT INTO stations (id, name, address, city, postal_code, latitude, longitude)
       SELECT id, name, address, city, "postalCode", latitude, longitude
       FROM json_to_recordset($1::json) AS s(id text, name text, address text, city text, "postalCode" text, latitude float8, longitude float8)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, city = excluded.city,
         postal_code = excluded.postal_code, latitude = excluded.latitude, longitude = excluded.longitude`,
      [JSON.stringify(batch)],
    );
  }
}

async function upsertModels(transaction: Queryable, network: Network): Promise<void> {
  await transaction.query(
    `INSERT INTO device_models (id, kind, manufacturer, name)
     SELECT id, kind, manufacturer, name FROM json_to_recordset($1::json) AS m(id text, kind text, manufacturer text, name text)
     ON CONFLICT (id) DO UPDATE SET manufacturer = excluded.manufacturer, name = excluded.name`,
    [JSON.stringify(network.models)],
  );
}

const DEVICE_COLUMNS = `id text, kind text, "modelId" text, "serialNumber" text, plate text, "firmwareVersion" text, "stationId" text`;

async function insertDevices(transaction: Queryable, devices: readonly (Network['devices'][number] & { secretHash: string })[]): Promise<void> {
  for (const batch of batches(devices)) {
    await transaction.query(
      `INSERT INTO devices (id, kind, model_id, serial_number, plate, firmware_version, station_id, secret_hash)
       SELECT id, kind, "modelId", "serialNumber", plate, "firmwareVersion", "stationId", decode("secretHash", 'hex')
       FROM json_to_recordset($1::json) AS d(${DEVICE_COLUMNS}, "secretHash" text)`,
      [JSON.stringify(batch)],
    );
  }
}

/** Existing devices keep their secret: provisioning again must not lock out devices already in the field. */
async function updateDevices(transaction: Queryable, devices: Network['devices']): Promise<void> {
  for (const batch of batches(devices)) {
    await transaction.query(
      `UPDATE devices SET model_id = d."modelId", serial_number = d."serialNumber", plate = d.plate,
         firmware_version = d."firmwareVersion", station_id = d."stationId"
       FROM json_to_recordset($1::json) AS d(${DEVICE_COLUMNS})
       WHERE devices.id = d.id AND devices.kind = d.kind`,
      [JSON.stringify(batch)],
    );
  }
}

function stationRecord(row: StationRow): StationRecord {
  return { id: row.id, name: row.name, address: row.address, city: row.city, postalCode: row.postal_code, latitude: row.latitude, longitude: row.longitude };
}

function knownDevice(row: DeviceRow): KnownDevice {
  return {
    record: {
      id: row.id,
      kind: row.kind,
      modelId: row.model_id,
      serialNumber: row.serial_number,
      plate: row.plate,
      firmwareVersion: row.firmware_version,
      stationId: row.station_id,
      createdAt: new Date(row.created_at).toISOString(),
    },
    secretHash: row.secret_hash,
  };
}

function isSameDevice(left: DeviceRecord | undefined, right: DeviceRecord | undefined): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

export async function createInventory(db: Database): Promise<ManagedInventory> {
  let stations = new Map<string, StationRecord>();
  let models = new Map<string, DeviceModelRecord>();
  let devices = new Map<string, KnownDevice>();
  let deviceList: readonly DeviceRecord[] = [];
  const listeners = new Set<() => void>();
  const credentialListeners = new Set<(deviceId: string) => void>();
  // One change at a time: `provision` reloads everything, which must not undo a change made meanwhile.
  let changing: Promise<unknown> = Promise.resolve();

  function serially<T>(work: () => Promise<T>): Promise<T> {
    const next = changing.then(work, work);
    changing = next.catch(() => undefined);
    return next;
  }

  function devicesChanged(): void {
    for (const listener of listeners) listener();
  }

  function credentialsChanged(deviceId: string): void {
    for (const listener of credentialListeners) listener(deviceId);
  }

  async function load(): Promise<void> {
    const [stationRows, modelRows, deviceRows] = await Promise.all([
      db.query<StationRow>('SELECT id, name, address, city, postal_code, latitude, longitude FROM stations ORDER BY id'),
      db.query<ModelRow>('SELECT id, kind, manufacturer, name FROM device_models ORDER BY id'),
      db.query<DeviceRow>(
`SELECT ${DEVICE_SELECT} FROM devices ORDER BY created_at, id`,
      ),
    ]);
    stations = new Map(stationRows.rows.map((row) => [row.id, stationRecord(row)]));
    models = new Map(modelRows.rows.map((row) => [row.id, { id: row.id, kind: row.kind, manufacturer: row.manufacturer, name: row.name }]));
    devices = new Map(deviceRows.rows.map((row) => [row.id, knownDevice(row)]));
    deviceList = [...devices.values()].map((device) => device.record);
  }

  await load();

  async function provision(network: Network, secretFor: (deviceId: string) => string): Promise<ProvisionSummary> {
    const known = network.devices.filter((device) => devices.has(device.id));
    const fresh = network.devices
      .filter((device) => !devices.has(device.id))
      .map((device) => ({ ...device, secretHash: hashDeviceSecret(secretFor(device.id)).toString('hex') }));
    await db.transaction(async (transaction) => {
      await upsertStations(transaction, network);
      await upsertModels(transaction, network);
      await updateDevices(transaction, known);
      await insertDevices(transaction, fresh);
    });
    const before = devices;
    await load();
    const hasChanged = fresh.length > 0 || known.some((device) => !isSameDevice(before.get(device.id)?.record, devices.get(device.id)?.record));
    if (hasChanged) devicesChanged();
    return { stations: network.stations.length, devices: network.devices.length };
  }

  async function addDevice(device: NewDevice, secret?: string): Promise<Result<ProvisionedDevice>> {
    const lookups = { device: (id: string) => devices.get(id)?.record, devices: () => deviceList, model: (id: string) => models.get(id), models: () => [...models.values()], station: (id: string) => stations.get(id) };
    const checked = checkNewDevice(device, lookups);
    if ('ok' in checked) return checked;
    const badSecret = secret === undefined ? undefined : checkSecret(secret);
    if (badSecret) return badSecret;
    const generatedSecret = secret === undefined ? generateDeviceSecret() : null;
    let row: DeviceRow | undefined;
    try {
      row = await db.transaction((transaction) => insertDevice<DeviceRow>(transaction, device, hashDeviceSecret(secret ?? generatedSecret ?? ''), checked.modelToCreate));
    } catch (error) {
      // Another backend on the same store may have added a clashing device since this one loaded.
      if (sqlState(error) === UNIQUE_VIOLATION) return failure('conflict', `A device with the id ${device.id}, serial number ${device.serialNumber} or that plate already exists.`);
      throw error;
    }
    if (!row) throw new Error(`The store did not return the device ${device.id} it added`);
    const added = knownDevice(row);
    if (checked.modelToCreate) models.set(checked.modelToCreate.id, checked.modelToCreate);
    devices.set(added.record.id, added);
    deviceList = [...deviceList, added.record];
    devicesChanged();
    return success({ device: added.record, generatedSecret });
  }

  async function removeDevice(deviceId: string): Promise<Result<DeviceRecord>> {
    const known = devices.get(deviceId);
    if (!known) return failure('notFound', `No device has the id ${deviceId}.`);
    try {
      // device_state follows (ON DELETE CASCADE); telemetry has no foreign key and keeps the history.
      await db.query('DELETE FROM devices WHERE id = $1', [deviceId]);
    } catch (error) {
      if (sqlState(error) === FOREIGN_KEY_VIOLATION) {
        const detail = error instanceof Error ? error.message : '';
        return failure('conflict', `The device ${deviceId} cannot be removed while other records refer to it (${detail}).`);
      }
      throw error;
    }
    devices.delete(deviceId);
    deviceList = deviceList.filter((record) => record.id !== deviceId);
    credentialsChanged(deviceId);
    devicesChanged();
    return success(known.record);
  }

  async function rotateSecret(deviceId: string, secret?: string): Promise<Result<ProvisionedDevice>> {
    const known = devices.get(deviceId);
    if (!known) return failure('notFound', `No device has the id ${deviceId}.`);
    const badSecret = secret === undefined ? undefined : checkSecret(secret);
    if (badSecret) return badSecret;
    const generatedSecret = secret === undefined ? generateDeviceSecret() : null;
    const secretHash = hashDeviceSecret(secret ?? generatedSecret ?? '');
    const { affectedRows } = await db.query('UPDATE devices SET secret_hash = $2 WHERE id = $1', [deviceId, secretHash]);
    if (affectedRows === 0) return failure('notFound', `No device has the id ${deviceId}.`);
    devices.set(deviceId, { record: known.record, secretHash });
    credentialsChanged(deviceId);
    return success({ device: known.record, generatedSecret });
  }

  return {
    devices: () => deviceList,
    device: (id) => devices.get(id)?.record,
    station: (id) => stations.get(id),
    model: (id) => models.get(id),

    authenticate(deviceId: string, secret: string, kind: DeviceKind): AuthenticationResult {
      const device = devices.get(deviceId);
      if (!device || device.record.kind !== kind) return 'unknownDevice';
      return isDeviceSecret(secret, device.secretHash) ? 'accepted' : 'wrongSecret';
    },

    provision: (network, secretFor) => serially(() => provision(network, secretFor)),
    addDevice: (device, secret) => serially(() => addDevice(device, secret)),
    removeDevice: (deviceId) => serially(() => removeDevice(deviceId)),
    rotateSecret: (deviceId, secret) => serially(() => rotateSecret(deviceId, secret)),

    onDevicesChanged(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    onCredentialsChanged(listener: (deviceId: string) => void): () => void {
      credentialListeners.add(listener);
      return () => credentialListeners.delete(listener);
    },
  };
}
