/**
 * Reservations: a charge point or a car held for a customer over a time window. While a reservation
 * holds its device (requested or active), no other one may hold it over an overlapping window; the
 * database enforces that (backend/store/migrations/0007_reservations.sql).
 */
import { z } from 'zod';
import type { Alarm } from './alarms.js';
import type { Command } from './commands.js';

export const RESERVATION_STATUSES = ['requested', 'active', 'refused', 'cancelled', 'expired', 'used'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** The statuses in which a reservation holds its device. */
export const HOLDING_STATUSES = ['requested', 'active'] as const satisfies readonly ReservationStatus[];

export function isHolding(status: ReservationStatus): boolean {
  return (HOLDING_STATUSES as readonly ReservationStatus[]).includes(status);
}

/** Customer references are opaque to the fleet: an account number, an e-mail, a booking code. */
export const CUSTOMER_REF_PATTERN = /^[A-Za-z0-9._:@-]{1,64}$/;

export interface Reservation {
  readonly id: number;
  readonly deviceId: string;
  readonly customerRef: string;
  /** For a charge point: the idTag and connector the reservation holds. */
  readonly idTag: string | null;
  readonly connectorId: number | null;
  /** The window, [start, end). */
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly status: ReservationStatus;
  readonly statusReason: string | null;
  readonly createdBy: string;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  /** Set while the device of a holding reservation is faulted or offline: dispatch should reassign it. */
  readonly flaggedAtMs: number | null;
  readonly flagReason: string | null;
}

/** How far ahead a reservation may start, and how long it may last. */
export const RESERVATION_MAX_LEAD_MS = 7 * 24 * 3_600_000;
export const RESERVATION_MAX_LENGTH_MS = 24 * 3_600_000;

/** An operator's request for a reservation, as the console sends it. */
export const reservationRequestSchema = z.object({
  deviceId: z.string().min(1).max(64),
  customerRef: z.string().regex(CUSTOMER_REF_PATTERN, 'a customer reference is 1 to 64 of A-Z a-z 0-9 . _ : @ -'),
  startsAtMs: z.number().int().nonnegative(),
  endsAtMs: z.number().int().nonnegative(),
  /** For a charge point: the customer's idTag; the customer reference when it is short enough. */
  idTag: z.string().min(1).max(20).optional(),
  connectorId: z.number().int().min(1).max(16).default(1),
});

/** The console's reservation calls (shared/console-api.ts). */
export const reservationRequests = {
  'reservation:create': reservationRequestSchema,
  'reservation:cancel': z.object({ reservationId: z.number().int().positive(), reason: z.string().min(1).max(500).optional() }),
  /** Reservations whose window overlaps [fromMs, toMs), of one device or one customer or all, soonest first. */
  'reservation:list': z
    .object({
      fromMs: z.number().int().nonnegative(),
      toMs: z.number().int().nonnegative(),
      deviceId: z.string().min(1).max(64).optional(),
      customerRef: z.string().regex(CUSTOMER_REF_PATTERN).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    })
    .refine((request) => request.toMs > request.fromMs, { message: 'toMs must follow fromMs' }),
  /** For support: a customer's reservations in [fromMs, toMs) (at most 90 days), with what happened around them. */
  'customer:timeline': z
    .object({ customerRef: z.string().regex(CUSTOMER_REF_PATTERN), fromMs: z.number().int().nonnegative(), toMs: z.number().int().nonnegative() })
    .refine((request) => request.toMs > request.fromMs && request.toMs - request.fromMs <= 90 * 24 * 3_600_000, { message: 'toMs must follow fromMs, at most 90 days later' }),
} as const;

/** One customer's reservations, with the commands and alarms of the devices they held around each window. */
export interface CustomerTimeline {
  readonly reservations: readonly Reservation[];
  readonly commands: readonly Command[];
  readonly alarms: readonly Alarm[];
}

export interface ReservationAnswers {
  'customer:timeline': CustomerTimeline;
  'reservation:create': Reservation;
  'reservation:cancel': Reservation;
  'reservation:list': { readonly reservations: readonly Reservation[] };
}

/** Pushed to every console: reservations as they now are. */
export interface ReservationChanges {
  readonly reservations: readonly Reservation[];
}
