/**
 * The supervisor review's data, shaped for the screen: which period to ask for, the chart's rows and
 * series (by type or by severity), durations in words, and the noisiest devices and stations with names
 * a person recognises. Pure functions, so the screen only draws.
 */
import type { Theme } from '../../../shared/bridge.js';
import { ALARM_SEVERITIES, ALARM_TYPES, ALARM_TYPE_INFO, SEVERITY_LABELS, type AlarmReview, type AlarmSeverity, type AlarmType } from '../../../shared/alarms.js';
import { SEVERITY_COLOURS, STATUS_COLOURS } from '../ui/status-colours.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const REVIEW_PERIODS = [
  { id: '24h', label: '24 h', spanMs: DAY, bucketMs: HOUR, bucketLabel: '1 h' },
  { id: '7d', label: '7 days', spanMs: 7 * DAY, bucketMs: 6 * HOUR, bucketLabel: '6 h' },
  { id: '30d', label: '30 days', spanMs: 30 * DAY, bucketMs: DAY, bucketLabel: '1 day' },
] as const;
export type ReviewPeriod = (typeof REVIEW_PERIODS)[number];
export type ReviewPeriodId = ReviewPeriod['id'];

export function reviewPeriod(id: ReviewPeriodId): ReviewPeriod {
  return REVIEW_PERIODS.find((period) => period.id === id) ?? REVIEW_PERIODS[0];
}

/**
 * The period ending with the bucket that holds `nowMs`, its buckets aligned to the operator's wall clock
 * (`zoneOffsetMs`: local minus UTC), so that bars start on the hour, at 00/06/12/18 h, or at midnight.
 */
export function reviewRequest(id: ReviewPeriodId, nowMs: number, zoneOffsetMs: number): { readonly fromMs: number; readonly toMs: number; readonly bucketMs: number } {
  const { spanMs, bucketMs } = reviewPeriod(id);
  const toMs = Math.floor((nowMs + zoneOffsetMs) / bucketMs) * bucketMs + bucketMs - zoneOffsetMs;
  return { fromMs: toMs - spanMs, toMs, bucketMs };
}

/** "42 s", "4 min 12 s", "2 h 5 min", "3 d 4 h": two units at most, the larger first. */
export function formatReviewDuration(milliseconds: number): string {
  const duration = Math.max(0, Math.round(milliseconds / SECOND) * SECOND);
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string) => (small > 0 ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`);
  if (duration < MINUTE) return `${duration / SECOND} s`;
  if (duration < HOUR) return pair(Math.floor(duration / MINUTE), 'min', Math.floor((duration % MINUTE) / SECOND), 's');
  if (duration < DAY) return pair(Math.floor(duration / HOUR), 'h', Math.floor((duration % HOUR) / MINUTE), 'min');
  return pair(Math.floor(duration / DAY), 'd', Math.floor((duration % DAY) / HOUR), 'h');
}

export type ReviewSplit = 'type' | 'severity';

export interface ReviewSeries {
  readonly key: AlarmType | AlarmSeverity;
  readonly label: string;
  readonly colour: string;
  readonly total: number;
}

/** One bar: the bucket's start and its count per series key. */
export type ReviewRow = { readonly startMs: number } & Readonly<Partial<Record<AlarmType | AlarmSeverity, number>>>;

/**
 * Alarm types in colours of the console's palette: a type that means a state takes that state's colour
 * (offline grey, device fault red), the others distinct hues that do not read as a severity.
 */
const TYPE_COLOURS: Readonly<Record<Theme, Readonly<Record<AlarmType, string>>>> = {
  dark: {
    offline: STATUS_COLOURS.dark.offline,
    flapping: '#d29922',
    impossibleCombination: STATUS_COLOURS.dark.reserved,
    deviceFault: STATUS_COLOURS.dark.faulted,
    lowBattery: '#9bd35a',
    clockOffset: STATUS_COLOURS.dark.inUse,
    staleSensor: STATUS_COLOURS.dark.charging,
    authFailures: '#db61a2',
    firmwareFailed: '#f0883e',
  },
  light: {
    offline: STATUS_COLOURS.light.offline,
    flapping: '#9a6700',
    impossibleCombination: STATUS_COLOURS.light.reserved,
    deviceFault: STATUS_COLOURS.light.faulted,
    lowBattery: '#4d8a10',
    clockOffset: STATUS_COLOURS.light.inUse,
    staleSensor: STATUS_COLOURS.light.charging,
    authFailures: '#bf3989',
    firmwareFailed: '#bc4c00',
  },
};

export function typeColour(type: AlarmType, theme: Theme): string {
  return TYPE_COLOURS[theme][type];
}

/**
 * The series of the chart, stacked bottom to top: by severity, critical at the bottom (worst first, as
 * everywhere); by type, in the contract's order. Series with no alarm in the period are left out, so
 * the legend names only what the bars show.
 */
export function reviewSeries(review: AlarmReview, split: ReviewSplit, theme: Theme): ReviewSeries[] {
  if (split === 'severity') {
    return ALARM_SEVERITIES.map((severity) => ({
      key: severity,
      label: SEVERITY_LABELS[severity],
      colour: SEVERITY_COLOURS[theme][severity],
      total: review.buckets.reduce((sum, bucket) => sum + (bucket.bySeverity[severity] ?? 0), 0),
    })).filter((series) => series.total > 0);
  }
  return ALARM_TYPES.map((type) => ({
    key: type,
    label: ALARM_TYPE_INFO[type].label,
    colour: TYPE_COLOURS[theme][type],
    total: review.buckets.reduce((sum, bucket) => sum + (bucket.byType[type] ?? 0), 0),
  })).filter((series) => series.total > 0);
}

/** One row per bucket, oldest first, with a count per key of `split` (every key, zeros included). */
export function reviewRows(review: AlarmReview, split: ReviewSplit): ReviewRow[] {
  return review.buckets.map((bucket) => ({ startMs: bucket.startMs, ...(split === 'severity' ? bucket.bySeverity : bucket.byType) }));
}

/** The busiest bucket's total: what the chart's scale must hold. */
export function busiestBucket(review: AlarmReview): number {
  let busiest = 0;
  for (const bucket of review.buckets) {
    let total = 0;
    for (const severity of ALARM_SEVERITIES) total += bucket.bySeverity[severity] ?? 0;
    busiest = Math.max(busiest, total);
  }
  return busiest;
}

export interface ReviewTiles {
  readonly raised: string;
  readonly meanTimeToAcknowledge: string;
  readonly meanTimeToClear: string;
}

/** The three numbers at the top, in words; a mean over no alarm says so rather than showing 0. */
export function reviewTiles(review: AlarmReview): ReviewTiles {
  return {
    raised: new Intl.NumberFormat('en-US').format(review.raised),
    meanTimeToAcknowledge: review.meanTimeToAcknowledgeMs === null ? 'none acknowledged' : formatReviewDuration(review.meanTimeToAcknowledgeMs),
    meanTimeToClear: review.meanTimeToClearMs === null ? 'none cleared' : formatReviewDuration(review.meanTimeToClearMs),
  };
}

/** What the review knows of a device or station beyond its id: its name on the map, and whether the console knows it. */
export interface ReviewNames {
  deviceName(deviceId: string): { readonly name: string; readonly detail: string; readonly isKnown: boolean };
  stationName(stationId: string): string | null;
}

export interface NoisyRow {
  readonly id: string;
  readonly name: string;
  readonly detail: string;
  readonly alarms: number;
  readonly occurrences: number;
  /** Share of the period's raised alarms, 0–1, for the bar in the table. */
  readonly share: number;
  /** The console knows the device (or station) and can open it. */
  readonly isKnown: boolean;
}

export function noisyDevices(review: AlarmReview, names: ReviewNames): NoisyRow[] {
  return review.noisiestDevices.map((entry) => {
    const known = names.deviceName(entry.deviceId);
    return { id: entry.deviceId, name: known.name, detail: known.detail, alarms: entry.alarms, occurrences: entry.occurrences, share: review.raised > 0 ? entry.alarms / review.raised : 0, isKnown: known.isKnown };
  });
}

export function noisyStations(review: AlarmReview, names: ReviewNames): NoisyRow[] {
  return review.noisiestStations.map((entry) => {
    const name = names.stationName(entry.stationId);
    return { id: entry.stationId, name: name ?? entry.stationId, detail: name === null ? '' : entry.stationId, alarms: entry.alarms, occurrences: entry.occurrences, share: review.raised > 0 ? entry.alarms / review.raised : 0, isKnown: name !== null };
  });
}

/** The label under a bar: the hour for a day, day and hour for a week, the date for a month. */
export function bucketLabel(startMs: number, periodId: ReviewPeriodId, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions =
    periodId === '24h'
      ? { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : periodId === '7d'
        ? { timeZone, weekday: 'short', day: 'numeric', hour: '2-digit', hourCycle: 'h23' }
        : { timeZone, day: 'numeric', month: 'short' };
  return new Intl.DateTimeFormat('en-GB', options).format(new Date(startMs));
}

/** "Thu 27 Nov 14:00 – 15:00": a bar's whole bucket, for its tooltip. */
export function bucketSpan(startMs: number, bucketMs: number, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' });
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const endMs = startMs + bucketMs;
  if (bucketMs >= DAY) return day.format(new Date(startMs));
  return `${day.format(new Date(startMs))} ${clock.format(new Date(startMs))} – ${clock.format(new Date(endMs))}`;
}
