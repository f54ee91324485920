/**
 * Provisioning under /api (admin only): add a device, remove it, give it a new secret, import a station
 * list. Generated secrets appear in the answer once and are never stored; every change is logged with
 * the admin who made it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { createDeviceRequestSchema, importStationsRequestSchema, rotateSecretRequestSchema } from '../../shared/api-schemas.js';
import type { DeviceStateSummary, ImportStationsAnswer } from '../../shared/api-schemas.js';
import type { OperatorIdentity } from '../../shared/console-api.js';
import type { DeviceDetail } from '../../shared/device-detail.js';
import { networkFromStationList } from '../../shared/network.js';
import { UNIQUE_VIOLATION, sqlState } from '../inventory/device-changes.js';
import { generateDeviceSecret } from '../inventory/secrets.js';
import type { CarGateway } from '../gateways/car-gateway.js';
import type { ManagedInventory } from '../inventory/types.js';
import { HttpError } from './errors.js';

/** A station list of the whole Autolib' network is about 250 kB of JSON; leave room, but not unlimited. */
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

/**
 * The cars' broker, once it runs. An external broker keeps its own accounts, so a car's new secret must
 * reach it while the plaintext is at hand: here, right after the change.
 */
export type CarAccounts = () => Pick<CarGateway, 'syncCars' | 'removeCars'> | undefined;

export interface DeviceRouteOptions {
  readonly inventory: ManagedInventory;
  readonly carAccounts?: CarAccounts;
  readonly adminOf: (request: FastifyRequest, what: string) => Promise<OperatorIdentity>;
  readonly parse: <T>(schema: z.ZodType<T>, value: unknown, what: string) => T;
}

/** What the API needs of the state cache's detail of a device. */
export type DeviceStateSource = (deviceId: string) => Pick<DeviceDetail, keyof DeviceStateSummary> | undefined;

/** The part of a device's last-known state that `device show` prints. */
export function stateSummary(detail: Pick<DeviceDetail, keyof DeviceStateSummary> | undefined): DeviceStateSummary | null {
  if (!detail) return null;
  const { status, isOnline, lastSeenAt, deviceTime, clockOffsetMs } = detail;
  return { status, isOnline, lastSeenAt, deviceTime, clockOffsetMs };
}

export function registerDeviceRoutes(app: FastifyInstance, options: DeviceRouteOptions): void {
  const { inventory, adminOf, parse } = options;
  const what = 'provision devices';

  /** The inventory has changed already: a broker that cannot follow is a warning, not a failed request. */
  async function updateBroker(request: FastifyRequest, change: string, work: (broker: Pick<CarGateway, 'syncCars' | 'removeCars'>) => Promise<unknown>): Promise<string[]> {
    const broker = options.carAccounts?.();
    if (!broker) return [];
    try {
      await work(broker);
      return [];
    } catch (error) {
      request.log.error({ err: error, change }, 'the MQTT broker could not be updated');
      return [`The inventory has the change, but the MQTT broker could not be updated (${error instanceof Error ? error.message : String(error)}): ${change}`];
    }
  }

  app.post('/api/devices', async (request, reply) => {
    const admin = await adminOf(request, what);
    const { secret, ...device } = parse(createDeviceRequestSchema, request.body, 'device');
    const added = await inventory.addDevice(device, secret);
    if (!added.ok) throw HttpError.from(added);
    request.log.info({ by: admin.username, deviceId: device.id, kind: device.kind, isSecretGenerated: added.value.generatedSecret !== null }, 'device added');
    const carSecret = secret ?? added.value.generatedSecret;
    const warnings = device.kind === 'car' && carSecret !== null
      ? await updateBroker(request, `rotate the secret of ${device.id} to try again.`, (broker) => broker.syncCars([{ carId: device.id, secret: carSecret }]))
      : [];
    return reply.code(201).send({ ...added.value, ...(warnings.length > 0 ? { warnings } : {}) });
  });

  app.delete<{ Params: { id: string } }>('/api/devices/:id', async (request) => {
    const admin = await adminOf(request, what);
    const removed = await inventory.removeDevice(request.params.id);
    if (!removed.ok) throw HttpError.from(removed);
    request.log.info({ by: admin.username, deviceId: removed.value.id, kind: removed.value.kind, serialNumber: removed.value.serialNumber }, 'device removed');
    const carId = removed.value.id;
    const warnings = removed.value.kind === 'car'
      ? await updateBroker(request, `remove the account ${carId} from the broker by hand.`, (broker) => broker.removeCars([carId]))
      : [];
    return { removed: removed.value, ...(warnings.length > 0 ? { warnings } : {}) };
  });

  app.post<{ Params: { id: string } }>('/api/devices/:id/secret', async (request) => {
    const admin = await adminOf(request, what);
    const { secret } = parse(rotateSecretRequestSchema, request.body, 'secret');
    const rotated = await inventory.rotateSecret(request.params.id, secret);
    if (!rotated.ok) throw HttpError.from(rotated);
    const { device, generatedSecret } = rotated.value;
    request.log.info({ by: admin.username, deviceId: device.id, isSecretGenerated: generatedSecret !== null }, 'device secret replaced');
    const carSecret = secret ?? generatedSecret;
    const warnings = device.kind === 'car' && carSecret !== null
      ? await updateBroker(request, `rotate the secret of ${device.id} again.`, (broker) => broker.syncCars([{ carId: device.id, secret: carSecret }]))
      : [];
    return { ...rotated.value, ...(warnings.length > 0 ? { warnings } : {}) };
  });

  app.post('/api/stations/import', { bodyLimit: IMPORT_BODY_LIMIT }, async (request): Promise<ImportStationsAnswer> => {
    const admin = await adminOf(request, what);
    const { stations } = parse(importStationsRequestSchema, request.body, 'station list');
    const network = networkFromStationList(stations);
    const clash = network.devices.find((device) => {
      const existing = inventory.device(device.id);
      return existing !== undefined && existing.kind !== device.kind;
    });
    if (clash) throw new HttpError('conflict', `The device ${clash.id} exists already as another kind of device; nothing was imported.`);
    const generated = new Map<string, string>();
    try {
      await inventory.provision(network, (deviceId) => {
        const secret = generateDeviceSecret();
        generated.set(deviceId, secret);
        return secret;
      });
    } catch (error) {
      if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
      const detail = error instanceof Error ? error.message : '';
      throw new HttpError('conflict', `The station list clashes with devices already provisioned (${detail}); nothing was imported.`);
    }
    const secrets = network.devices.flatMap(({ id, kind }) => {
      const secret = generated.get(id);
      return secret === undefined ? [] : [{ id, kind, secret }];
    });
    const cars = secrets.flatMap(({ id, kind, secret }) => (kind === 'car' ? [{ carId: id, secret }] : []));
    const warnings = cars.length > 0 ? await updateBroker(request, 'rotate the new cars\' secrets to try again.', (broker) => broker.syncCars(cars)) : [];
    const answer = { stations: network.stations.length, devices: { added: secrets.length, updated: network.devices.length - secrets.length }, secrets, ...(warnings.length > 0 ? { warnings } : {}) };
    request.log.info({ by: admin.username, stations: answer.stations, ...answer.devices }, 'station list imported');
    return answer;
  });
}
