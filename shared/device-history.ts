/** A device's past as the console shows it: series for charts, and a timeline of events. */

/** One bucket of a series: values at (or averaged over) a time; null where the device said nothing. */
export interface SeriesPoint {
  /** Start of the bucket on the backend's timeline (occurred_at), epoch milliseconds. */
  readonly atMs: number;
  /** Cars. */
  readonly batteryPercent: number | null;
  readonly speedKmh: number | null;
  readonly rangeKm: number | null;
  /** Charge points: the energy register (Wh) and the active power (W). */
  readonly energyWh: number | null;
  readonly powerW: number | null;
}

export interface DeviceSeries {
  readonly deviceId: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** Width of each bucket in milliseconds. */
  readonly bucketMs: number;
  /** Buckets that hold at least one message, oldest first. */
  readonly points: readonly SeriesPoint[];
}

export const TIMELINE_EVENT_KINDS = ['status', 'sensor', 'connection', 'boot', 'transaction', 'fault', 'firmware', 'message'] as const;
export type TimelineEventKind = (typeof TIMELINE_EVENT_KINDS)[number];

export interface TimelineEvent {
  /** Stable within a device's history, for React keys and paging. */
  readonly key: string;
  readonly kind: TimelineEventKind;
  /** When it happened on the backend's timeline (device time corrected by the clock offset). */
  readonly occurredAtMs: number;
  /** When the backend received the message that told of it. */
  readonly receivedAtMs: number;
  /** One line for the operator: "Connector 2: Available → Charging", "Doors opened". */
  readonly title: string;
  /** More, when there is more: error codes, the transaction id, the meter value. */
  readonly detail: string | null;
  /** True when the event was marked important for the operator: faults, reboots, failed updates. */
  readonly isNotable: boolean;
}
