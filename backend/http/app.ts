/**
 * The HTTP side of the backend (fastify): health, the REST API, the web console. The OCPP gateway and
 * the console hub attach to the same server (`app.server`) after it listens.
 */
import type http from 'node:http';
import https from 'node:https';
import cors from '@fastify/cors';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { IngestCounters } from '../../shared/api-schemas.js';
import type { ConsoleConfig } from '../../shared/console-api.js';
import type { BackendConfig } from '../config.js';
import type { ManagedInventory } from '../inventory/types.js';
import type { Operators } from '../operators/operators.js';
import { registerApi } from './api.js';
import type { CarAccounts, DeviceStateSource } from './device-routes.js';
import { OUTLINE_PATH, registerConsoleSite } from './console-site.js';
import { HttpError, codeForStatus } from './errors.js';

export interface HttpAppOptions {
  readonly config: Pick<BackendConfig, 'tileUrl' | 'tileAttribution' | 'outlineGeojson' | 'mapCenter' | 'mapZoom' | 'consoleDir' | 'allowedOrigins'>;
  readonly version: string;
  readonly inventory: ManagedInventory;
  readonly operators: Operators;
  /** A device's last-known state, shown by `GET /api/devices/{id}`. */
  readonly deviceDetail?: DeviceStateSource;
  /** The cars' broker once it runs (it starts after HTTP): told about cars' new secrets and removals. */
  readonly carAccounts?: CarAccounts;
  readonly deviceCounts: () => { readonly known: number; readonly online: number };
  /** Ingest's counters, shown by `GET /health`. */
  readonly ingestCounters?: () => IngestCounters;
  readonly logger: Logger;
  /** PEM certificate and key: serve HTTPS instead of HTTP. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer } | null;
}

export function consoleConfigOf(config: HttpAppOptions['config'], version: string): ConsoleConfig {
  return {
    version,
    tileUrl: config.tileUrl,
    tileAttribution: config.tileAttribution,
    // Relative: the console resolves it against the backend's address, whichever that is.
    outlineUrl: config.outlineGeojson ? OUTLINE_PATH : null,
    mapCenter: config.mapCenter,
    mapZoom: config.mapZoom,
  };
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number';
}

export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = options.logger.child({ module: 'http' });
  const app = Fastify({
    loggerInstance,
    // Polling clients would fill the log; errors are logged below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    forceCloseConnections: true,
    // With a certificate the one server is HTTPS: the API, the console hub and OCPP (wss://, Security Profile 2).
    ...(options.tls ? { serverFactory: (handler: http.RequestListener) => https.createServer({ ...options.tls }, handler) } : {}),
  });

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof HttpError) return reply.code(error.status).send(error.body);
    if (isFastifyError(error) && error.statusCode !== undefined && error.statusCode < 500) {
      const code = codeForStatus(error.statusCode);
      const message = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'Send JSON, with "Content-Type: application/json".' : error.message;
      return reply.code(error.statusCode).send({ error: { code, message } });
    }
    request.log.error({ err: error, url: request.url }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal', message: 'The backend failed to answer this request; the error is in its log.' } });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'notFound', message: `There is nothing at ${request.method} ${request.url.split('?')[0] ?? ''}.` } }),
  );

  const allowed = new Set(options.config.allowedOrigins);
  await app.register(cors, {
    // Same-origin requests need no CORS headers; other origins only when configured (the Electron console).
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });

  registerApi(app, {
    inventory: options.inventory,
    operators: options.operators,
    consoleConfig: consoleConfigOf(options.config, options.version),
    deviceCounts: options.deviceCounts,
    ingestCounters: options.ingestCounters,
    deviceDetail: options.deviceDetail,
    carAccounts: options.carAccounts,
    version: options.version,
  });
  await registerConsoleSite(app, {
    consoleDir: options.config.consoleDir,
    tileUrl: options.config.tileUrl,
    outlineGeojson: options.config.outlineGeojson,
  });
  return app;
}
