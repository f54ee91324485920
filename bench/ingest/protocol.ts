/**
 * What the benchmark and its load process say to each other over Node's IPC channel. The load process
 * is another program, so both directions are parsed, not trusted.
 */
import { z } from 'zod';

export const OCPP_CLIENTS = ['ws', 'ocpp-rpc'] as const;
export type OcppClientKind = (typeof OCPP_CLIENTS)[number];

export const loadSetupSchema = z.object({
  httpUrl: z.string(),
  mqttUrl: z.string(),
  fleetKey: z.string(),
  network: z.object({ seed: z.number().int(), stations: z.number().int(), cars: z.number().int(), chargePoints: z.number().int() }),
  /** Devices the benchmark drives itself (latency probes): the load process leaves them alone. */
  excludedIds: z.array(z.string()),
  ocppClient: z.enum(OCPP_CLIENTS),
  connectConcurrency: z.number().int().positive(),
});
export type LoadSetup = z.infer<typeof loadSetupSchema>;

export const toLoadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setup'), setup: loadSetupSchema }),
  /** Messages per second for the whole load fleet; 0 stops sending. */
  z.object({ type: z.literal('rate'), messagesPerSecond: z.number().nonnegative() }),
  /** Asks for the counters so far and the latency samples since the last report. */
  z.object({ type: z.literal('report') }),
  z.object({ type: z.literal('stop') }),
]);
export type ToLoad = z.infer<typeof toLoadSchema>;

export const loadCountersSchema = z.object({
  /** Messages the schedule called for. */
  offered: z.number(),
  /** Messages written to a socket. */
  sent: z.number(),
  /** Messages the backend acknowledged (MQTT PUBACK, OCPP CALLRESULT): it has taken them in. */
  acknowledged: z.number(),
  /** Refused or failed messages (OCPP CALLERROR, MQTT publish error, timeouts). */
  failed: z.number(),
  /** Not sent because the device still waited for the backend (OCPP: one call at a time; MQTT: too many unacknowledged). */
  heldBack: z.number(),
  /** Not sent because the device was not connected. */
  notConnected: z.number(),
  /** Not sent because the load process could not keep up with its own schedule. */
  missed: z.number(),
  disconnects: z.number(),
});
export type LoadCounters = z.infer<typeof loadCountersSchema>;

export const fromLoadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connected'), devices: z.number(), connected: z.number(), failed: z.number(), seconds: z.number(), firstError: z.string().nullable() }),
  z.object({
    type: z.literal('report'),
    /** When the load process took the counters (its event loop may answer late under load). */
    atMs: z.number(),
    counters: loadCountersSchema,
    /** Milliseconds from send to acknowledgement, a sample of the messages since the last report. */
    acknowledgeMs: z.array(z.number()),
    /** The load process's event-loop delay since the last report: high means it is the bottleneck. */
    loopDelayP99Ms: z.number(),
  }),
  z.object({ type: z.literal('stopped') }),
  z.object({ type: z.literal('failure'), message: z.string() }),
]);
export type FromLoad = z.infer<typeof fromLoadSchema>;
