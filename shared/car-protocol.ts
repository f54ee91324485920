/**
 * The MQTT contract between cars and the backend (documented in docs/device-protocols.md).
 * Cars send their full state in every message so that a lost one is repaired by the next.
 */
import { z } from 'zod';

export const carTopics = {
  state: (carId: string) => `fleet/cars/${carId}/state`,
  events: (carId: string) => `fleet/cars/${carId}/events`,
  history: (carId: string) => `fleet/cars/${carId}/history`,
  command: (carId: string) => `fleet/cars/${carId}/cmd`,
  commandAck: (carId: string) => `fleet/cars/${carId}/cmd/ack`,
  /** Retained `{online}` messages; the broker publishes the car's last will here when it drops. */
  presence: (carId: string) => `fleet/cars/${carId}/presence`,
  /** Every topic a car may use: its own subtree, nothing else. */
  own: (carId: string) => `fleet/cars/${carId}/`,
} as const;

const CAR_TOPIC = /^fleet\/cars\/([^/+#]+)\/(state|events|history|presence|cmd|cmd\/ack)$/;

export function parseCarTopic(topic: string): { carId: string; channel: string } | undefined {
  const match = CAR_TOPIC.exec(topic);
  if (!match?.[1] || !match[2]) return undefined;
  return { carId: match[1], channel: match[2] };
}

/** A binary sensor's value and how long it has held it, so the true time of a change can be rebuilt. */
export const binarySensorSchema = z.object({
  value: z.boolean(),
  sinceSeconds: z.number().nonnegative(),
});
export type BinarySensor = z.infer<typeof binarySensorSchema>;

export const carStateSchema = z.object({
  deviceId: z.string().min(1).max(64),
  bootId: z.string().min(1).max(64),
  sequence: z.number().int().nonnegative(),
  /** The car's own clock, ISO 8601; it may drift. */
  deviceTime: z.iso.datetime({ offset: true }),
  position: z.object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    speedKmh: z.number().min(0).max(400),
    headingDegrees: z.number().min(0).max(360),
  }),
  batteryPercent: z.number().min(0).max(100),
  rangeKm: z.number().min(0).max(2000),
  odometerKm: z.number().min(0),
  sensors: z.object({
    doorsOpen: binarySensorSchema,
    locked: binarySensorSchema,
    plugged: binarySensorSchema,
    charging: binarySensorSchema,
    ignition: binarySensorSchema,
    /** The flap over the charging socket; optional so that cars without the sensor stay valid. */
    chargeHatchOpen: binarySensorSchema.optional(),
  }),
  faults: z.array(z.string().max(64)).max(32),
});
export type CarState = z.infer<typeof carStateSchema>;

/** Most states in one `history` message (about 300 KB); a car with more sends several, oldest first. */
export const MAX_BACKLOG_STATES = 500;

/**
 * What a car queued while it could not publish (an underground car park), sent at once when it can:
 * full states, oldest first, each with its own boot, sequence and device time.
 */
export const carBacklogSchema = z.object({
  deviceId: z.string().min(1).max(64),
  states: z.array(carStateSchema).min(1).max(MAX_BACKLOG_STATES),
});
export type CarBacklog = z.infer<typeof carBacklogSchema>;

/** Published by the car on connect (online) and by the broker as its last will (offline). */
export const carPresenceSchema = z.object({
  deviceId: z.string().min(1).max(64),
  online: z.boolean(),
});
export type CarPresence = z.infer<typeof carPresenceSchema>;
