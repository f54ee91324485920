/** The authenticated REST API under /api: login, the operator, operators (admin only) and devices. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ConsoleConfig, OperatorIdentity } from '../../shared/console-api.js';
import { loginRequestSchema } from '../../shared/console-api.js';
import type { ManagedInventory } from '../inventory/types.js';
import type { Operators } from '../operators/operators.js';
import { createOperatorRequestSchema, describeIssues, deviceListQuerySchema } from '../../shared/api-schemas.js';
import type { IngestCounters } from '../../shared/api-schemas.js';
import { registerDeviceRoutes, stateSummary } from './device-routes.js';
import type { CarAccounts, DeviceStateSource } from './device-routes.js';
import { HttpError } from './errors.js';

export interface ApiOptions {
  readonly inventory: ManagedInventory;
  readonly operators: Operators;
  readonly consoleConfig: ConsoleConfig;
  /** A device's last-known state, for `device show`; absent where no state cache runs. */
  readonly deviceDetail?: DeviceStateSource;
  /** The cars' broker, told about cars' new secrets and removals (an external broker keeps accounts). */
  readonly carAccounts?: CarAccounts;
  readonly deviceCounts: () => { readonly known: number; readonly online: number };
  /** Ingest's counters for /health; absent where no ingest runs. */
  readonly ingestCounters?: () => IngestCounters;
  readonly version: string;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw new HttpError('unauthenticated', 'Log in first: this needs an "Authorization: Bearer <token>" header.');
  const match = BEARER.exec(header);
  if (!match?.[1]) throw new HttpError('unauthenticated', 'The Authorization header must be "Bearer <token>".');
  return match[1];
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new HttpError('invalid', `Invalid ${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export function registerApi(app: FastifyInstance, options: ApiOptions): void {
  const { inventory, operators } = options;
  const startedAt = Date.now();

  async function operatorOf(request: FastifyRequest): Promise<OperatorIdentity> {
    const operator = await operators.verifyToken(bearerToken(request));
    if (!operator) throw new HttpError('unauthenticated', 'Your session has expired or is not valid: log in again.');
    return operator;
  }

  async function adminOf(request: FastifyRequest, what = 'manage operators'): Promise<OperatorIdentity> {
    const operator = await operatorOf(request);
    if (operator.role !== 'admin') throw new HttpError('forbidden', `Only an admin can ${what}; you are ${operator.username} (${operator.role}).`);
    return operator;
  }

  app.get('/health', () => ({
    status: 'ok',
    devices: options.deviceCounts(),
    version: options.version,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    ingest: options.ingestCounters?.(),
  }));

  app.get('/api/config', () => options.consoleConfig);

  app.post('/api/login', async (request) => {
    const { username, password } = parse(loginRequestSchema, request.body, 'login request');
    const answer = await operators.login(username, password);
    if (!answer.ok) throw HttpError.from(answer);
    request.log.info({ operator: answer.value.operator.username }, 'operator logged in');
    return answer.value;
  });

  app.post('/api/logout', async (request, reply) => {
    const token = bearerToken(request);
    await operators.logout(token);
    return reply.code(204).send();
  });

  app.get('/api/me', (request) => operatorOf(request));

  app.get('/api/operators', async (request) => {
    await adminOf(request);
    return { operators: await operators.list() };
  });

  app.post('/api/operators', async (request, reply) => {
    const admin = await adminOf(request);
    const body = parse(createOperatorRequestSchema, request.body, 'operator');
    const added = await operators.add(body.username, body.role, body.password);
    if (!added.ok) throw HttpError.from(added);
    request.log.info({ by: admin.username, operator: added.value.operator.username, role: added.value.operator.role }, 'operator added');
    return reply.code(201).send(added.value);
  });

  app.get('/api/devices', async (request) => {
    await operatorOf(request);
    const { kind } = parse(deviceListQuerySchema, request.query, 'query');
    const devices = inventory.devices();
    return { devices: kind ? devices.filter((device) => device.kind === kind) : devices };
  });

  app.get<{ Params: { id: string } }>('/api/devices/:id', async (request) => {
    await operatorOf(request);
    const device = inventory.device(request.params.id);
    if (!device) throw new HttpError('notFound', `No device has the id ${request.params.id}.`);
    const state = options.deviceDetail ? stateSummary(options.deviceDetail(device.id)) : undefined;
    return { device, model: inventory.model(device.modelId) ?? null, station: device.stationId ? (inventory.station(device.stationId) ?? null) : null, state };
  });

  registerDeviceRoutes(app, { inventory, adminOf, parse, carAccounts: options.carAccounts });
}
