/**
 * Alarms: what every part of the system agrees an alarm is (DESIGN.md "Detect problems", issue 5).
 *
 * One open alarm per device and type. An alarm stays open until it is both cleared (the condition is
 * gone) and acknowledged (someone looked): an alarm that cleared before anyone acknowledged it still
 * needs a look. While it is open, the condition coming back counts as another occurrence of the same
 * alarm (occurrences + 1, lastOccurredAtMs, and it is no longer cleared), never as a second alarm.
 */
import { z } from 'zod';
import type { DeviceKind, OperatorRole } from './fleet.js';

/** Most severe first: the order is the rank used for sorting and for the header's counts. */
export const ALARM_SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

export const SEVERITY_LABELS: Readonly<Record<AlarmSeverity, string>> = {
  critical: 'Critical',
  major: 'Major',
  minor: 'Minor',
  warning: 'Warning',
};

export function severityRank(severity: AlarmSeverity): number {
  return ALARM_SEVERITIES.indexOf(severity);
}

export const ALARM_TYPES = [
  'offline',
  'flapping',
  'impossibleCombination',
  'deviceFault',
  'lowBattery',
  'clockOffset',
  'staleSensor',
  'authFailures',
  'firmwareFailed',
] as const;
export type AlarmType = (typeof ALARM_TYPES)[number];

export interface AlarmTypeInfo {
  readonly label: string;
  /** The severity an alarm of this type is raised with unless its detector says otherwise. */
  readonly severity: AlarmSeverity;
  readonly kinds: readonly DeviceKind[];
  /** One line for tooltips and the help: what the detector saw. */
  readonly description: string;
}

export const ALARM_TYPE_INFO: Readonly<Record<AlarmType, AlarmTypeInfo>> = {
  offline: { label: 'Offline', severity: 'major', kinds: ['car', 'chargePoint'], description: 'Silent for longer than a multiple of its expected interval' },
  flapping: { label: 'Flapping sensor', severity: 'minor', kinds: ['car', 'chargePoint'], description: 'A sensor or connector changes state faster than is physically possible' },
  impossibleCombination: { label: 'Impossible state', severity: 'major', kinds: ['car'], description: 'Sensor readings that cannot all be true at once' },
  deviceFault: { label: 'Device fault', severity: 'critical', kinds: ['car', 'chargePoint'], description: 'The device reports a fault (OCPP errorCode or Faulted; a car fault code)' },
  lowBattery: { label: 'Low battery', severity: 'minor', kinds: ['car'], description: 'Battery low while not charging' },
  clockOffset: { label: 'Clock offset', severity: 'warning', kinds: ['car', 'chargePoint'], description: "The device's clock is off beyond the tolerated offset" },
  staleSensor: { label: 'Stale sensor', severity: 'minor', kinds: ['car', 'chargePoint'], description: 'A value that stays the same while everything else changes' },
  authFailures: { label: 'Authentication failures', severity: 'major', kinds: ['car', 'chargePoint'], description: 'Repeated failed logins in the name of the device' },
  firmwareFailed: { label: 'Firmware update failed', severity: 'major', kinds: ['chargePoint'], description: 'A firmware download or installation failed' },
};

/** Where an alarm is in its life; derived from the two flags (and `closedAtMs`). */
export const ALARM_STATES = ['active', 'acknowledged', 'cleared', 'closed'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export const ALARM_STATE_LABELS: Readonly<Record<AlarmState, string>> = {
  active: 'Active, unacknowledged',
  acknowledged: 'Active, acknowledged',
  cleared: 'Cleared, unacknowledged',
  closed: 'Closed',
};

/** Small facts a detector attaches to an occurrence: the sensor, the count, the code the device sent. */
export type AlarmDetails = Readonly<Record<string, string | number | boolean | null>>;

export interface Alarm {
  readonly id: number;
  readonly deviceId: string;
  readonly deviceKind: DeviceKind;
  /** The device's station when the alarm was raised, for filters and the noisiest-stations review. */
  readonly stationId: string | null;
  readonly type: AlarmType;
  readonly severity: AlarmSeverity;
  /** What the latest occurrence was, in words, e.g. "plugged changed 40 times in 10 min". */
  readonly message: string;
  readonly details: AlarmDetails;
  readonly raisedAtMs: number;
  readonly lastOccurredAtMs: number;
  readonly occurrences: number;
  readonly isCleared: boolean;
  readonly clearedAtMs: number | null;
  readonly isAcknowledged: boolean;
  readonly acknowledgedAtMs: number | null;
  readonly acknowledgedBy: string | null;
  readonly assignee: string | null;
  /** Set when a critical alarm stayed unacknowledged past the escalation delay. */
  readonly escalatedAtMs: number | null;
  /** Raised while a maintenance window covered the device: kept, but not notified or counted. */
  readonly isSuppressed: boolean;
  /** Set once cleared and acknowledged: the alarm leaves the live set. */
  readonly closedAtMs: number | null;
  readonly commentCount: number;
  /** Bumped by every change, so a console keeps the newest copy whatever order pushes arrive in. */
  readonly revision: number;
}

export function alarmState(alarm: Pick<Alarm, 'isCleared' | 'isAcknowledged' | 'closedAtMs'>): AlarmState {
  if (alarm.closedAtMs !== null || (alarm.isCleared && alarm.isAcknowledged)) return 'closed';
  if (alarm.isCleared) return 'cleared';
  return alarm.isAcknowledged ? 'acknowledged' : 'active';
}

export const ALARM_EVENT_KINDS = [
  'raised',
  'occurred',
  'cleared',
  'acknowledged',
  'assigned',
  'commented',
  'escalated',
  'suppressed',
  'unsuppressed',
  'closed',
] as const;
export type AlarmEventKind = (typeof ALARM_EVENT_KINDS)[number];

/** One change in an alarm's history. */
export interface AlarmEvent {
  readonly id: number;
  readonly alarmId: number;
  readonly kind: AlarmEventKind;
  readonly atMs: number;
  /** The operator's username; null for the system (a detector, escalation, a maintenance window). */
  readonly by: string | null;
  /** The comment, the occurrence's message, or the new assignee. */
  readonly text: string | null;
  readonly details: AlarmDetails;
}

export interface AlarmDetail {
  readonly alarm: Alarm;
  /** Oldest first. */
  readonly events: readonly AlarmEvent[];
}

/** A time during which a device's (or a whole station's) alarms are raised suppressed. */
export interface MaintenanceWindow {
  readonly id: number;
  readonly deviceId: string | null;
  readonly stationId: string | null;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly reason: string;
  readonly createdBy: string;
  /** Set when someone ended it early. */
  readonly endedAtMs: number | null;
}

/** The supervisor's review over a period (issue 5, "Supervisor review"). */
export interface AlarmReview {
  readonly fromMs: number;
  readonly toMs: number;
  readonly bucketMs: number;
  /** Alarms raised per bucket, oldest first, every bucket present (zeros included). */
  readonly buckets: readonly {
    readonly startMs: number;
    readonly byType: Readonly<Record<AlarmType, number>>;
    readonly bySeverity: Readonly<Record<AlarmSeverity, number>>;
  }[];
  /** Over the alarms raised in the period that were acknowledged / cleared; null when none were. */
  readonly meanTimeToAcknowledgeMs: number | null;
  readonly meanTimeToClearMs: number | null;
  readonly raised: number;
  readonly noisiestDevices: readonly { readonly deviceId: string; readonly alarms: number; readonly occurrences: number }[];
  readonly noisiestStations: readonly { readonly stationId: string; readonly alarms: number; readonly occurrences: number }[];
}

/** What each role may do with alarms; the backend enforces it, the console hides what is not allowed. */
export const ALARM_PERMISSIONS = {
  comment: ['admin', 'dispatcher', 'support', 'supervisor'],
  acknowledge: ['admin', 'dispatcher', 'supervisor'],
  assign: ['admin', 'dispatcher', 'supervisor'],
  maintenance: ['admin', 'supervisor'],
} as const satisfies Record<string, readonly OperatorRole[]>;
export type AlarmAction = keyof typeof ALARM_PERMISSIONS;

export function mayDo(role: OperatorRole, action: AlarmAction): boolean {
  return (ALARM_PERMISSIONS[action] as readonly OperatorRole[]).includes(role);
}

/** Longest comment an operator may write. */
export const MAX_COMMENT_LENGTH = 2000;
/** Most alarms one bulk call may touch. */
export const MAX_BULK_ALARMS = 500;

const alarmIds = z.array(z.number().int().positive()).min(1).max(MAX_BULK_ALARMS);
const comment = z.string().trim().min(1).max(MAX_COMMENT_LENGTH);

/** Request schemas of the alarm calls (console-api.ts lists them with the others). */
export const alarmRequests = {
  'alarm:get': z.object({ alarmId: z.number().int().positive() }),
  /** A critical alarm needs a comment; without one it is refused, the others in the call still go. */
  'alarm:acknowledge': z.object({ alarmIds, comment: comment.optional() }),
  'alarm:assign': z.object({ alarmIds, assignee: z.string().min(1).max(64).nullable() }),
  'alarm:comment': z.object({ alarmId: z.number().int().positive(), text: comment }),
  /** Closed (and any other) alarms from the store, newest raised first, for review and the closed filter. */
  'alarm:list': z.object({
    fromMs: z.number().int().nonnegative(),
    toMs: z.number().int().nonnegative(),
    states: z.array(z.enum(ALARM_STATES)).min(1).optional(),
    deviceId: z.string().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
    /** Paging: only alarms with a smaller id. */
    beforeId: z.number().int().positive().optional(),
  }),
  'alarm:review': z
    .object({
      fromMs: z.number().int().nonnegative(),
      toMs: z.number().int().nonnegative(),
      /** Bucket width; at most 500 buckets over the period. */
      bucketMs: z.number().int().min(60_000),
    })
    .refine((request) => request.toMs > request.fromMs && (request.toMs - request.fromMs) / request.bucketMs <= 500, {
      message: 'toMs must follow fromMs, with at most 500 buckets between them',
    }),
  /** Operators alarms can be assigned to. */
  'alarm:assignees': z.object({}),
  'maintenance:list': z.object({}),
  'maintenance:create': z
    .object({
      deviceId: z.string().min(1).max(64).optional(),
      stationId: z.string().min(1).max(64).optional(),
      startsAtMs: z.number().int().nonnegative(),
      endsAtMs: z.number().int().nonnegative(),
      reason: comment,
    })
    .refine((request) => (request.deviceId === undefined) !== (request.stationId === undefined), { message: 'give either deviceId or stationId' })
    .refine((request) => request.endsAtMs > request.startsAtMs, { message: 'endsAtMs must follow startsAtMs' }),
  'maintenance:end': z.object({ windowId: z.number().int().positive() }),
} as const;

export interface AlarmAnswers {
  'alarm:get': AlarmDetail;
  /** The alarms now acknowledged, and those refused with why (e.g. a critical one without a comment). */
  'alarm:acknowledge': { readonly alarms: readonly Alarm[]; readonly refused: readonly { readonly alarmId: number; readonly reason: string }[] };
  'alarm:assign': { readonly alarms: readonly Alarm[] };
  'alarm:comment': AlarmDetail;
  'alarm:list': { readonly alarms: readonly Alarm[]; readonly hasMore: boolean };
  'alarm:review': AlarmReview;
  'alarm:assignees': { readonly operators: readonly { readonly username: string; readonly role: OperatorRole }[] };
  'maintenance:list': { readonly windows: readonly MaintenanceWindow[] };
  'maintenance:create': MaintenanceWindow;
  'maintenance:end': MaintenanceWindow;
}

/**
 * Pushed to consoles. On connect (and reconnect) a console gets every alarm that is not closed; then
 * each change in windows of at most DELTA_WINDOW_MS, each alarm once in its newest form. An alarm that
 * closed comes once more with `closedAtMs` set, and leaves the console's live set.
 */
export interface AlarmSnapshot {
  readonly alarms: readonly Alarm[];
  readonly maintenance: readonly MaintenanceWindow[];
  readonly serverTimeMs: number;
}
export interface AlarmChanges {
  readonly alarms: readonly Alarm[];
  /** The maintenance windows, whole, when any changed. */
  readonly maintenance?: readonly MaintenanceWindow[];
  readonly serverTimeMs: number;
}
