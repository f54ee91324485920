/**
 * Tells the operator about new critical alarms when the console is not in front of them: a notification
 * for each one (a burst becomes a single notification), a short tone, and the badge counting the critical
 * alarms nobody has acknowledged yet. Pure logic over the alarm book, the bridge, the settings and a
 * clock, so every rule is tested without a browser.
 *
 * What is news: an alarm that is critical, unacknowledged and not suppressed by a maintenance window,
 * arriving in a change (never in a snapshot: that is the state on connect, and a reconnect must not
 * replay every open alarm); also an alarm that becomes so later (raised as major then made critical,
 * or a maintenance window ending) and one that is escalated (left unacknowledged too long), provided this
 * console has not notified it before. One alarm is notified at most once, whatever happens to it.
 */
import { ALARM_TYPE_INFO } from '../../../shared/alarms.js';
import type { Alarm } from '../../../shared/alarms.js';
import type { AlarmSnooze, DesktopBridge, DesktopNotification, NotificationTarget, Settings } from '../../../shared/bridge.js';
import type { AlarmBook, AlarmBookChange } from './alarm-book.js';

/** More new critical alarms than this within BURST_WINDOW_MS become one notification. */
export const BURST_LIMIT = 3;
export const BURST_WINDOW_MS = 5_000;
/** How long a burst is gathered before its one notification is shown. */
export const BURST_GATHER_MS = 1_500;
/** Ids remembered as notified; far more than a console ever has open, so "once" holds in practice. */
const NOTIFIED_MEMORY = 10_000;
const TITLE_MAX = 200;
const BODY_MAX = 1000;
const SUMMARY_LINES = 4;

export type NotifierSettings = Pick<Settings, 'alarmSound' | 'alarmsMuted' | 'alarmSnooze'>;

/** Time, and timers that can be cancelled; the real clock in the console, a fake one in tests. */
export interface Clock {
  now(): number;
  schedule(callback: () => void, delayMs: number): () => void;
}

export interface AlarmNames {
  /** The plate or serial number people recognise the device by. */
  deviceLabel(deviceId: string): string;
  stationName(stationId: string): string | null;
}

export interface AlarmNotifierDependencies {
  readonly book: Pick<AlarmBook, 'subscribe' | 'unacknowledgedCounts' | 'isLoaded' | 'get' | 'all'>;
  readonly bridge: Pick<DesktopBridge, 'notify' | 'setAlarmBadge' | 'onNotificationClick'>;
  /** The settings now (null before they are read: then nothing is silenced). */
  readonly settings: () => NotifierSettings | null;
  readonly clock: Clock;
  readonly sound: { play(): void };
  /** Opens what a clicked notification is about. */
  readonly open: (target: NotificationTarget) => void;
  /** Ends an 'incident' snooze: called once no critical alarm is left unacknowledged. */
  readonly endSnooze: () => void;
  readonly names?: AlarmNames;
  /** Told when the bridge refuses a notification or the badge; the notifier carries on. */
  readonly onError?: (error: unknown) => void;
}

export interface AlarmNotifier {
  stop(): void;
}

/** Whether notifications and sound are held back now; the badge counts regardless. */
export function isSilenced(settings: NotifierSettings | null, nowMs: number): boolean {
  if (!settings) return false;
  return settings.alarmsMuted || isSnoozing(settings.alarmSnooze, nowMs);
}

export function isSnoozing(snooze: AlarmSnooze | null, nowMs: number): boolean {
  if (!snooze) return false;
  return snooze.kind === 'incident' || nowMs < snooze.untilMs;
}

/** Alarm facts that decide whether a change is news. */
interface Seen {
  readonly isCritical: boolean;
  readonly isSuppressed: boolean;
  readonly isEscalated: boolean;
}

function seenOf(alarm: Alarm): Seen {
  return { isCritical: alarm.severity === 'critical', isSuppressed: alarm.isSuppressed, isEscalated: alarm.escalatedAtMs !== null };
}

function needsLook(alarm: Alarm): boolean {
  return alarm.severity === 'critical' && !alarm.isSuppressed && !alarm.isAcknowledged && alarm.closedAtMs === null;
}

/** A seen alarm is news again only by turning critical, leaving a maintenance window, or escalating. */
function becameNews(before: Seen | undefined, alarm: Alarm): boolean {
  if (!before) return true;
  return !before.isCritical || before.isSuppressed || (!before.isEscalated && alarm.escalatedAtMs !== null);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function alarmNotification(alarm: Alarm, names?: AlarmNames): DesktopNotification {
  const device = names?.deviceLabel(alarm.deviceId) ?? alarm.deviceId;
  const station = alarm.stationId === null ? null : (names?.stationName(alarm.stationId) ?? alarm.stationId);
  const lead = alarm.escalatedAtMs === null ? 'Critical' : 'Escalated';
  return {
    title: clip(`${lead}: ${ALARM_TYPE_INFO[alarm.type].label}, ${device}`, TITLE_MAX),
    body: clip(station === null ? alarm.message : `${alarm.message}\n${station}`, BODY_MAX),
    isCritical: true,
    // The console plays its own tone, which the operator can turn off; the system's would double it.
    isSilent: true,
    target: { kind: 'alarm', alarmId: alarm.id },
  };
}

export function burstNotification(alarms: readonly Alarm[], names?: AlarmNames): DesktopNotification {
  const lines = alarms.slice(0, SUMMARY_LINES).map((alarm) => `${ALARM_TYPE_INFO[alarm.type].label}, ${names?.deviceLabel(alarm.deviceId) ?? alarm.deviceId}`);
  if (alarms.length > SUMMARY_LINES) lines.push(`and ${alarms.length - SUMMARY_LINES} more`);
  return {
    title: `${alarms.length} new critical alarms`,
    body: clip(lines.join('\n'), BODY_MAX),
    isCritical: true,
    isSilent: true,
    target: { kind: 'alarms', severity: 'critical' },
  };
}

export function startAlarmNotifier(dependencies: AlarmNotifierDependencies): AlarmNotifier {
  const { book, bridge, clock } = dependencies;
  const seen = new Map<number, Seen>();
  const notified = new Set<number>();
  /** When each notification of the current window was shown (a burst's counts as the whole limit). */
  let shownAt: number[] = [];
  let pending: number[] = [];
  let cancelFlush: (() => void) | null = null;
  let lastBurstAtMs = -Infinity;
  let badge: number | null = null;
  /** Whether the badge was counted from a loaded book (after a snapshot, not from an emptied one). */
  let isBadgeLoaded = false;
  /** The incident snooze this notifier ended, while the settings still hold it. */
  let endedSnooze: AlarmSnooze | null = null;

  const report = (error: unknown) => dependencies.onError?.(error);

  const silenced = () => {
    const settings = dependencies.settings();
    if (settings && endedSnooze !== null && settings.alarmSnooze === endedSnooze) return settings.alarmsMuted;
    return isSilenced(settings, clock.now());
  };

  const endIncidentSnooze = () => {
    const snooze = dependencies.settings()?.alarmSnooze ?? null;
    if (snooze?.kind !== 'incident' || snooze === endedSnooze) return;
    endedSnooze = snooze;
    dependencies.endSnooze();
  };

  const markNotified = (alarmId: number) => {
    notified.add(alarmId);
    if (notified.size > NOTIFIED_MEMORY) {
      const oldest = notified.values().next();
      if (!oldest.done) notified.delete(oldest.value);
    }
  };

  const show = (notification: DesktopNotification) => {
    bridge.notify(notification).catch(report);
  };

  const playSound = () => {
    if (dependencies.settings()?.alarmSound ?? true) dependencies.sound.play();
  };

  const flush = () => {
    cancelFlush = null;
    const ids = pending;
    pending = [];
    // Some may have been acknowledged or closed while the burst gathered.
    const alarms = ids.flatMap((id) => book.get(id) ?? []).filter((alarm) => needsLook(alarm) && !notified.has(alarm.id));
    if (alarms.length === 0 || silenced()) return;
    const [only] = alarms;
    if (alarms.length === 1 && only) show(alarmNotification(only, dependencies.names));
    else show(burstNotification(alarms, dependencies.names));
    for (const alarm of alarms) markNotified(alarm.id);
    const nowMs = clock.now();
    lastBurstAtMs = nowMs;
    shownAt = Array.from({ length: BURST_LIMIT }, () => nowMs);
    playSound();
  };

  const announce = (alarms: readonly Alarm[]) => {
    if (silenced()) return;
    if (cancelFlush) {
      pending.push(...alarms.map((alarm) => alarm.id));
      return;
    }
    const nowMs = clock.now();
    shownAt = shownAt.filter((atMs) => nowMs - atMs < BURST_WINDOW_MS);
    if (shownAt.length + alarms.length <= BURST_LIMIT) {
      for (const alarm of alarms) {
        show(alarmNotification(alarm, dependencies.names));
        markNotified(alarm.id);
        shownAt.push(nowMs);
      }
      playSound();
      return;
    }
    pending = alarms.map((alarm) => alarm.id);
    // During a lasting storm, at most one notification per window.
    const delayMs = Math.max(BURST_GATHER_MS, lastBurstAtMs + BURST_WINDOW_MS - nowMs);
    cancelFlush = clock.schedule(flush, delayMs);
  };

  const updateBadge = () => {
    const count = book.unacknowledgedCounts().critical;
    if (count === 0 && book.isLoaded) endIncidentSnooze();
    isBadgeLoaded = book.isLoaded;
    if (count === badge) return;
    badge = count;
    bridge.setAlarmBadge(count).catch(report);
  };

  const onChange = (change: AlarmBookChange) => {
    // The snooze covered an incident that was over before this change brought a new one.
    if (badge === 0 && isBadgeLoaded) endIncidentSnooze();
    const news: Alarm[] = [];
    for (const alarm of [...change.added, ...change.updated]) {
      if (!change.isSnapshot && needsLook(alarm) && !notified.has(alarm.id) && becameNews(seen.get(alarm.id), alarm)) news.push(alarm);
      seen.set(alarm.id, seenOf(alarm));
    }
    for (const alarm of change.removed) seen.delete(alarm.id);
    if (news.length > 0) announce(news);
    updateBadge();
  };

  // Started with alarms already in the book (a remount): they are known, not news.
  for (const alarm of book.all()) seen.set(alarm.id, seenOf(alarm));
  const stopBook = book.subscribe(onChange);
  const stopClicks = bridge.onNotificationClick((target) => dependencies.open(target));
  updateBadge();

  return {
    stop() {
      stopBook();
      stopClicks();
      cancelFlush?.();
      cancelFlush = null;
      pending = [];
      // Nobody is signed in to look at them any more.
      bridge.setAlarmBadge(0).catch(report);
    },
  };
}
