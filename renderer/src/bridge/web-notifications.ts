/**
 * Notifications and the alarm badge in a browser: the Notification API (a click brings the tab forward
 * and opens what the notification was about), the app badge where the browser has one (an installed
 * web app), and the count in the tab's title, which every browser shows.
 */
import { alarmBadgeSchema, notificationSchema } from '../../../shared/bridge.js';
import type { DesktopBridge, NotificationTarget } from '../../../shared/bridge.js';

/** A shown notification, as far as it is used here. */
interface WebNotification {
  onclick: ((event: Event) => void) | null;
  onclose: ((event: Event) => void) | null;
  close(): void;
}

export interface WebNotificationConstructor {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): WebNotification;
}

/** What the browser offers; `browserNotificationPort()` in the console, fakes in tests. */
export interface NotificationPort {
  readonly Notification: WebNotificationConstructor | undefined;
  readonly document: { title: string };
  readonly navigator: { setAppBadge?: (count?: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
  focusWindow(): void;
}

export function browserNotificationPort(): NotificationPort {
  return {
    Notification: typeof Notification === 'undefined' ? undefined : Notification,
    document,
    navigator,
    focusWindow: () => window.focus(),
  };
}

const TITLE_COUNT = /^\(\d+\) /;

/** "(3) Cyberponies Fleet Console": the count first, so it survives a narrow tab. */
export function titleWithCount(title: string, count: number): string {
  const bare = title.replace(TITLE_COUNT, '');
  return count > 0 ? `(${count}) ${bare}` : bare;
}

function notificationTag(target: NotificationTarget | undefined): string | undefined {
  if (!target) return undefined;
  return target.kind === 'alarm' ? `alarm-${target.alarmId}` : `alarms-${target.severity}`;
}

export type WebNotifications = Pick<DesktopBridge, 'notify' | 'onNotificationClick' | 'setAlarmBadge'>;

export function createWebNotifications(port: NotificationPort): WebNotifications {
  const listeners = new Set<(target: NotificationTarget) => void>();
  // Held until clicked or closed, so a click is never lost to garbage collection.
  const shown = new Set<WebNotification>();

  return {
    notify: async (notification) => {
      const { title, body, isCritical, isSilent, target } = notificationSchema.parse(notification);
      const WebNotification = port.Notification;
      if (!WebNotification) return;
      const permission = WebNotification.permission === 'default' ? await WebNotification.requestPermission() : WebNotification.permission;
      if (permission !== 'granted') return;
      const tag = notificationTag(target);
      const shownNotification = new WebNotification(title, {
        body,
        requireInteraction: isCritical,
        silent: isSilent ?? !isCritical,
        ...(tag === undefined ? {} : { tag }),
      });
      shown.add(shownNotification);
      shownNotification.onclose = () => shown.delete(shownNotification);
      shownNotification.onclick = () => {
        shown.delete(shownNotification);
        port.focusWindow();
        shownNotification.close();
        if (target) for (const listener of listeners) listener(target);
      };
    },
    onNotificationClick: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    setAlarmBadge: async (count) => {
      const checked = alarmBadgeSchema.parse(count);
      port.document.title = titleWithCount(port.document.title, checked);
      // Only an installed web app has a badge; elsewhere the calls are missing or refused.
      try {
        if (checked > 0) await port.navigator.setAppBadge?.(checked);
        else await port.navigator.clearAppBadge?.();
      } catch {
        // The title already carries the count.
      }
    },
  };
}

/** Whether the browser will show notifications: 'unsupported' where it has no Notification API. */
export function notificationPermission(port: NotificationPort): NotificationPermission | 'unsupported' {
  return port.Notification?.permission ?? 'unsupported';
}

/** Asks for permission; browsers allow the question only in answer to a click. */
export async function requestNotificationPermission(port: NotificationPort): Promise<NotificationPermission | 'unsupported'> {
  return port.Notification ? port.Notification.requestPermission() : 'unsupported';
}
