/**
 * The central system's OCPP 1.6J calls to a charge point, and the two answers to its own calls that it
 * reads, as the simulated charge point (charge-point-commands.ts) takes them.
 */
import type { IHandlersOption } from 'ocpp-rpc';
import { z } from 'zod';

export type Answer = Readonly<Record<string, unknown>>;

const REQUESTED_MESSAGES = ['BootNotification', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues', 'StatusNotification'] as const;

/** What TriggerMessage may ask for. */
export type RequestedMessage = (typeof REQUESTED_MESSAGES)[number];

// ocpp-rpc's strict mode has checked the shapes already; these give them types (and drop what is not used).
export const resetSchema = z.object({ type: z.enum(['Soft', 'Hard']) });
export const unlockSchema = z.object({ connectorId: z.number().int() });
export const availabilitySchema = z.object({ connectorId: z.number().int(), type: z.enum(['Inoperative', 'Operative']) });
export const remoteStartSchema = z.object({ connectorId: z.number().int().optional(), idTag: z.string() });
export const remoteStopSchema = z.object({ transactionId: z.number().int() });
export const triggerSchema = z.object({ requestedMessage: z.enum(REQUESTED_MESSAGES), connectorId: z.number().int().optional() });
export const updateFirmwareSchema = z.object({ location: z.string(), retrieveDate: z.string(), retries: z.number().int().optional(), retryInterval: z.number().int().optional() });
export const reserveSchema = z.object({ connectorId: z.number().int(), expiryDate: z.string(), idTag: z.string(), reservationId: z.number().int() });
export const cancelReservationSchema = z.object({ reservationId: z.number().int() });

const idTagInfoSchema = z.object({ status: z.string() });
export const authorizeAnswerSchema = z.object({ idTagInfo: idTagInfoSchema });
export const startAnswerSchema = z.object({ transactionId: z.number().int(), idTagInfo: idTagInfoSchema });

/** A handler for ocpp-rpc that gives `answer` the call's parameters, typed. */
export function answering<Request>(schema: z.ZodType<Request>, answer: (request: Request) => Answer | Promise<Answer>): (call: IHandlersOption) => Promise<Answer> {
  return async ({ params }) => answer(schema.parse(params));
}
