/**
 * How far back the support view looks for a customer's reservations, and the [fromMs, toMs) range asked
 * of `customer:timeline` for it.
 */
import { RESERVATION_MAX_LEAD_MS } from '../../../shared/reservations.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The longest range `customer:timeline` answers (shared/reservations.ts refuses more). */
export const MOST_TIMELINE_MS = 90 * DAY;

export const SUPPORT_SPANS = [
  { id: '24h', label: '24 h', spanMs: DAY },
  { id: '7d', label: '7 days', spanMs: 7 * DAY },
  { id: '30d', label: '30 days', spanMs: 30 * DAY },
  { id: '90d', label: '90 days', spanMs: 90 * DAY },
] as const;
export type SupportSpan = (typeof SUPPORT_SPANS)[number];
export type SupportSpanId = SupportSpan['id'];

/**
 * A month back by default: customers call about the last days, but a complaint about last month's
 * booking should not need a second search.
 */
export const DEFAULT_SPAN_ID: SupportSpanId = '30d';

export function supportSpan(id: SupportSpanId): SupportSpan {
  return SUPPORT_SPANS.find((span) => span.id === id) ?? SUPPORT_SPANS[2];
}

export interface TimelineRange {
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * The span back from now, and as far ahead as a reservation may be booked: a customer asking about
 * tomorrow's booking (a car reservation already flagged, say) finds it with the past ones. The range may
 * not exceed 90 days, so the longest span gives up its oldest days rather than the bookings to come.
 */
export function spanRange(id: SupportSpanId, nowMs: number): TimelineRange {
  const toMs = nowMs + RESERVATION_MAX_LEAD_MS;
  const fromMs = Math.max(nowMs - supportSpan(id).spanMs, toMs - MOST_TIMELINE_MS);
  return { fromMs, toMs };
}
