/**
 * The REST API's bodies as schemas: the backend validates requests with them; the CLI and the console
 * validate answers with them.
 */
import { z } from 'zod';
import type { ConsoleConfig, LoginAnswer } from './console-api.js';
import { DEVICE_KINDS, DEVICE_STATUSES, OPERATOR_ROLES } from './fleet.js';
import type { StationListEntry } from './network.js';
import { ERROR_CODES } from './result.js';

export const errorBodySchema = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) });

export const operatorIdentitySchema = z.object({ id: z.number(), username: z.string(), role: z.enum(OPERATOR_ROLES) });
export const operatorRecordSchema = operatorIdentitySchema.extend({ createdAt: z.string() });

export const loginAnswerSchema = z.object({ token: z.string().min(1), expiresAt: z.string(), operator: operatorIdentitySchema }) satisfies z.ZodType<LoginAnswer>;

export const consoleConfigSchema = z.object({
  version: z.string(),
  tileUrl: z.string(),
  tileAttribution: z.string(),
  outlineUrl: z.string().nullable(),
  mapCenter: z.tuple([z.number(), z.number()]),
  mapZoom: z.number(),
}) satisfies z.ZodType<ConsoleConfig>;

export const createOperatorRequestSchema = z.object({
  username: z.string().min(1).max(64),
  role: z.enum(OPERATOR_ROLES),
  password: z.string().min(1).max(256).optional(),
});
export type CreateOperatorRequest = z.infer<typeof createOperatorRequestSchema>;

export const createOperatorAnswerSchema = z.object({ operator: operatorRecordSchema, generatedPassword: z.string().nullable() });
export const operatorListSchema = z.object({ operators: z.array(operatorRecordSchema) });

export const deviceRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(DEVICE_KINDS),
  modelId: z.string(),
  serialNumber: z.string(),
  plate: z.string().nullable(),
  firmwareVersion: z.string().nullable(),
  stationId: z.string().nullable(),
  createdAt: z.string(),
});
export const deviceListQuerySchema = z.object({ kind: z.enum(DEVICE_KINDS).optional() });
export const deviceListSchema = z.object({ devices: z.array(deviceRecordSchema) });

/** What the devices table accepts as an id; it is also the OCPP identity and the MQTT user name. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/**
 * Secrets are stored as a fast hash (backend/inventory/secrets.ts), which is only safe for secrets
 * nobody can guess: one given by hand must at least be long. Generated ones are 43 characters.
 */
export const MINIMUM_DEVICE_SECRET_LENGTH = 16;
const deviceSecretSchema = z
  .string()
  .min(MINIMUM_DEVICE_SECRET_LENGTH, `a device secret needs at least ${MINIMUM_DEVICE_SECRET_LENGTH} characters (leave it out to have one generated)`)
  .max(256, 'a device secret has at most 256 characters');
const label = z.string().trim().min(1).max(128);

export const createDeviceRequestSchema = z
  .object({
    id: z.string().regex(DEVICE_ID_PATTERN, 'a device id is 1 to 64 letters, digits, dots, dashes and underscores'),
    kind: z.enum(DEVICE_KINDS),
    modelId: label,
    serialNumber: label,
    plate: label.nullable().optional(),
    firmwareVersion: label.nullable().optional(),
    stationId: label.nullable().optional(),
    secret: deviceSecretSchema.optional(),
  })
  .refine((device) => device.kind === 'car' || !device.plate, { message: 'only a car has a number plate', path: ['plate'] });
export type CreateDeviceRequest = z.infer<typeof createDeviceRequestSchema>;

export const rotateSecretRequestSchema = z.object({ secret: deviceSecretSchema.optional() });

/** A device with its secret when the backend generated it: shown in this answer only, never stored. */
/** Something done that needs a person's attention (a car's broker account that could not be updated). */
const warningsSchema = z.array(z.string()).optional();
export const provisionedDeviceSchema = z.object({ device: deviceRecordSchema, generatedSecret: z.string().nullable(), warnings: warningsSchema });
export const removedDeviceSchema = z.object({ removed: deviceRecordSchema, warnings: warningsSchema });

export const deviceStateSummarySchema = z.object({
  status: z.enum(DEVICE_STATUSES),
  isOnline: z.boolean(),
  lastSeenAt: z.string().nullable(),
  deviceTime: z.string().nullable(),
  clockOffsetMs: z.number().nullable(),
});
export type DeviceStateSummary = z.infer<typeof deviceStateSummarySchema>;

const namedSchema = z.looseObject({ id: z.string() });
export const deviceShowSchema = z.object({
  device: deviceRecordSchema,
  model: namedSchema.nullable(),
  station: namedSchema.nullable(),
  /** Null when the backend has never heard from the device. */
  state: deviceStateSummarySchema.nullable().optional(),
});

const stationListEntrySchema = z.object({
  id: z.string().regex(/^[^\s]{1,128}$/, 'a station id is 1 to 128 characters without spaces'),
  name: z.string().max(256),
  address: z.string().max(256),
  city: z.string().max(128),
  postalCode: z.string().max(32),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  carsParked: z.number().int().min(0).max(100),
  freeSpaces: z.number().int().min(0).max(100),
}) satisfies z.ZodType<StationListEntry>;

/** A station list (parsed from a file by the CLI) for the backend to turn into a network and provision. */
export const importStationsRequestSchema = z.object({ stations: z.array(stationListEntrySchema).min(1).max(20_000) });
export type ImportStationsRequest = z.infer<typeof importStationsRequestSchema>;

export const importStationsAnswerSchema = z.object({
  stations: z.number(),
  devices: z.object({ added: z.number(), updated: z.number() }),
  /** Secrets of the devices this import added; devices that already existed keep theirs. */
  secrets: z.array(z.object({ id: z.string(), kind: z.enum(DEVICE_KINDS), secret: z.string() })),
  warnings: warningsSchema,
});
export type ImportStationsAnswer = z.infer<typeof importStationsAnswerSchema>;

export const healthSchema = z.object({
  status: z.literal('ok'),
  devices: z.object({ known: z.number(), online: z.number() }),
  version: z.string(),
  uptimeSeconds: z.number(),
  /** Ingest's counters since start (messages accepted, history rows written…), where ingest runs. */
  ingest: z
    .object({ accepted: z.number(), written: z.number(), duplicates: z.number(), transitions: z.number(), dropped: z.number(), queued: z.number() })
    .optional(),
});
export type Health = z.infer<typeof healthSchema>;
export type IngestCounters = NonNullable<Health['ingest']>;

/** zod's issues as one sentence a person can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
