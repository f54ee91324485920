/**
 * History is partitioned and indexed by sent_at (the device's clock, migration 0005) but placed in time
 * by occurred_at (that clock corrected by the device's offset). A query over occurred_at narrows by
 * sent_at too, so that it reads the device's rows of a few days through the index instead of all of
 * them: these are the sent_at bounds that hold every row of an occurred_at window.
 */

/** How far the device's clock offset may have moved from today's estimate within the window. */
export const OFFSET_SLACK_MS = 3_600_000;

export interface Window {
  /** Epoch milliseconds, inclusive. */
  readonly fromMs: number;
  /** Exclusive. */
  readonly toMs: number;
}

/**
 * sent_at is occurred_at plus the device's offset for messages that carry a device time, and
 * occurred_at itself for the rest (connections): the bounds hold both.
 */
export function sentAtWindow(window: Window, clockOffsetMs: number | null): Window {
  const offset = clockOffsetMs ?? 0;
  return { fromMs: window.fromMs + Math.min(0, offset) - OFFSET_SLACK_MS, toMs: window.toMs + Math.max(0, offset) + OFFSET_SLACK_MS };
}

/** The device whose history is read, as the state knows it now. */
export interface HistoryDevice {
  readonly id: string;
  readonly kind: 'car' | 'chargePoint';
  /** The device clock minus the backend's (state/clock.ts), or null when not known. */
  readonly clockOffsetMs: number | null;
}

/** `column >= from and column < to`, for timestamps given as epoch milliseconds in parameters $a and $b. */
export function between(column: string, fromParameter: number, toParameter: number): string {
  return `${column} >= to_timestamp($${fromParameter}::float8 / 1000) and ${column} < to_timestamp($${toParameter}::float8 / 1000)`;
}
