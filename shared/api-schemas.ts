/**
 * The REST API's bodies as schemas: the backend validates requests with them; the CLI and the console
 * validate answers with them.
 */
import { z } from 'zod';
import type { ConsoleConfig, LoginAnswer } from './console-api.js';
import { DEVICE_KINDS, OPERATOR_ROLES } from './fleet.js';
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

export const healthSchema = z.object({
  status: z.literal('ok'),
  devices: z.object({ known: z.number(), online: z.number() }),
  version: z.string(),
  uptimeSeconds: z.number(),
});
export type Health = z.infer<typeof healthSchema>;

/** zod's issues as one sentence a person can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
