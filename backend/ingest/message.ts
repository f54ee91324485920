/**
 * What the gateways hand to ingest: one message from (or about) one device, already validated, with the
 * backend's receive time. The payload is what goes to history; its type follows the channel.
 */
import { z } from 'zod';
import type { CarPresence, CarState } from '../../shared/car-protocol.js';
import type { DeviceKind } from '../../shared/fleet.js';

/** OCPP 1.6 payloads the state cache reads. ocpp-rpc's strict mode has checked them against the schemas already. */
export const bootNotificationSchema = z.object({
  chargePointVendor: z.string(),
  chargePointModel: z.string(),
  chargePointSerialNumber: z.string().optional(),
  chargeBoxSerialNumber: z.string().optional(),
  firmwareVersion: z.string().optional(),
  iccid: z.string().optional(),
  imsi: z.string().optional(),
  meterType: z.string().optional(),
  meterSerialNumber: z.string().optional(),
});
export type BootNotification = z.infer<typeof bootNotificationSchema>;

export const statusNotificationSchema = z.object({
  connectorId: z.number().int().nonnegative(),
  errorCode: z.string(),
  status: z.string(),
  info: z.string().optional(),
  timestamp: z.string().optional(),
  vendorId: z.string().optional(),
  vendorErrorCode: z.string().optional(),
});
export type StatusNotification = z.infer<typeof statusNotificationSchema>;

export const sampledValueSchema = z.object({
  value: z.string(),
  context: z.string().optional(),
  format: z.string().optional(),
  measurand: z.string().optional(),
  phase: z.string().optional(),
  location: z.string().optional(),
  unit: z.string().optional(),
});
export type SampledValue = z.infer<typeof sampledValueSchema>;

export const meterValuesSchema = z.object({
  connectorId: z.number().int().nonnegative(),
  transactionId: z.number().int().optional(),
  meterValue: z.array(z.object({ timestamp: z.string(), sampledValue: z.array(sampledValueSchema) })),
});
export type MeterValues = z.infer<typeof meterValuesSchema>;

export interface ConnectionChange {
  readonly online: boolean;
}

/** OCPP actions that go to history but do not change the last-known state. */
export const HISTORY_ONLY_OCPP_ACTIONS = [
  'Authorize',
  'StartTransaction',
  'StopTransaction',
  'DataTransfer',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
] as const;
export type HistoryOnlyOcppAction = (typeof HISTORY_ONLY_OCPP_ACTIONS)[number];

interface MessageEnvelope {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  /** Backend clock, epoch milliseconds. */
  readonly receivedAtMs: number;
  /** The device's own clock when it made the message, ISO 8601, when the message says. */
  readonly deviceTime: string | null;
  readonly bootId: string | null;
  /** The device's message number within its boot; null for protocols without one (OCPP). */
  readonly sequence: number | null;
  /** The transport's own id for the message (OCPP's unique message id), so a resent one is recorded once. */
  readonly messageId?: string | null;
  /** Sent late on purpose (a car's `history` backlog): it does not tell the device's clock offset. */
  readonly isBacklog?: boolean;
}

export type MessageBody =
  | { readonly channel: 'mqtt:state'; readonly payload: CarState }
  | { readonly channel: 'mqtt:presence'; readonly payload: CarPresence }
  | { readonly channel: 'mqtt:connection' | 'ocpp:connection'; readonly payload: ConnectionChange }
  | { readonly channel: 'ocpp:BootNotification'; readonly payload: BootNotification }
  | { readonly channel: 'ocpp:StatusNotification'; readonly payload: StatusNotification }
  | { readonly channel: 'ocpp:MeterValues'; readonly payload: MeterValues }
  | { readonly channel: 'ocpp:Heartbeat'; readonly payload: Readonly<Record<string, never>> }
  | { readonly channel: `ocpp:${HistoryOnlyOcppAction}`; readonly payload: unknown };

export type DeviceMessage = MessageEnvelope & MessageBody;
export type DeviceChannel = DeviceMessage['channel'];
