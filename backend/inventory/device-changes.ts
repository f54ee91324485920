/**
 * One device at a time: added by hand, removed, or given a new secret. Checked against the in-memory
 * inventory first, so that the usual mistakes get a sentence instead of a constraint name; the
 * constraints still decide when two backends race.
 */
import { DEVICE_ID_PATTERN, MINIMUM_DEVICE_SECRET_LENGTH } from '../../shared/api-schemas.js';
import { NETWORK_MODELS } from '../../shared/network.js';
import type { NetworkModel } from '../../shared/network.js';
import { failure } from '../../shared/result.js';
import type { Failure } from '../../shared/result.js';
import type { Queryable } from '../store/database.js';
import type { DeviceModelRecord, DeviceRecord, NewDevice, StationRecord } from './types.js';

export const DEVICE_SELECT = 'id, kind, model_id, serial_number, plate, firmware_version, station_id, secret_hash, created_at';

export interface InventoryLookups {
  readonly device: (id: string) => DeviceRecord | undefined;
  readonly devices: () => readonly DeviceRecord[];
  readonly model: (id: string) => DeviceModelRecord | undefined;
  readonly models: () => readonly DeviceModelRecord[];
  readonly station: (id: string) => StationRecord | undefined;
}

/** The model row to create with the device, when it is a built-in model the store does not have yet. */
export type ModelToCreate = NetworkModel | null;

export function checkSecret(secret: string): Failure | undefined {
  if (secret.length < MINIMUM_DEVICE_SECRET_LENGTH) return failure('invalid', `A device secret needs at least ${MINIMUM_DEVICE_SECRET_LENGTH} characters; leave it out to have one generated.`);
  return undefined;
}

export function checkNewDevice(device: NewDevice, known: InventoryLookups): Failure | { readonly modelToCreate: ModelToCreate } {
  if (!DEVICE_ID_PATTERN.test(device.id)) return failure('invalid', 'A device id is 1 to 64 letters, digits, dots, dashes and underscores.');
  if (known.device(device.id)) return failure('conflict', `A device with the id ${device.id} already exists.`);
  if (device.plate && device.kind !== 'car') return failure('invalid', 'Only a car has a number plate.');
  const model = known.model(device.modelId);
  const builtIn = NETWORK_MODELS.find((candidate) => candidate.id === device.modelId);
  const kindOfModel = model?.kind ?? builtIn?.kind;
  if (kindOfModel !== device.kind) {
    const fitting = new Set([...NETWORK_MODELS, ...known.models()].filter((candidate) => candidate.kind === device.kind).map((candidate) => candidate.id));
    const reason = kindOfModel ? `is a ${kindOfModel} model` : 'is not known';
    return failure('invalid', `The model ${device.modelId} ${reason}; ${device.kind} models: ${[...fitting].sort().join(', ')}.`);
  }
  if (device.stationId && !known.station(device.stationId)) return failure('invalid', `No station has the id ${device.stationId}; import the station list first.`);
  const clash = known.devices().find((record) => record.serialNumber === device.serialNumber || (device.plate && record.plate === device.plate));
  if (clash) {
    const what = clash.serialNumber === device.serialNumber ? `serial number ${device.serialNumber}` : `number plate ${device.plate ?? ''}`;
    return failure('conflict', `The device ${clash.id} already has the ${what}.`);
  }
  return { modelToCreate: model ? null : (builtIn ?? null) };
}

/** The PostgreSQL error code (SQLSTATE) of a failed statement, on either engine. */
export function sqlState(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';

export async function insertDevice<Row>(transaction: Queryable, device: NewDevice, secretHash: Uint8Array, modelToCreate: ModelToCreate): Promise<Row | undefined> {
  if (modelToCreate) {
    await transaction.query(
      'INSERT INTO device_models (id, kind, manufacturer, name) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
      [modelToCreate.id, modelToCreate.kind, modelToCreate.manufacturer, modelToCreate.name],
    );
  }
  const { rows } = await transaction.query<Row>(
    `INSERT INTO devices (id, kind, model_id, serial_number, plate, firmware_version, station_id, secret_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${DEVICE_SELECT}`,
    [device.id, device.kind, device.modelId, device.serialNumber, device.plate ?? null, device.firmwareVersion ?? null, device.stationId ?? null, secretHash],
  );
  return rows[0];
}
