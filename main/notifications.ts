/** Native notifications for the console. Only critical alarms may make a sound (CONSOLE.md). */
import type { Notification, NotificationConstructorOptions } from 'electron';
import type { DesktopNotification } from '../shared/bridge.js';

export interface NotificationFactory {
  isSupported(): boolean;
  new (options: NotificationConstructorOptions): Pick<Notification, 'show'>;
}

export function notificationOptions(notification: DesktopNotification, icon?: string): NotificationConstructorOptions {
  return {
    title: notification.title,
    body: notification.body,
    silent: !notification.isCritical,
    urgency: notification.isCritical ? 'critical' : 'normal',
    timeoutType: notification.isCritical ? 'never' : 'default',
    ...(icon === undefined ? {} : { icon }),
  };
}

/** Returns whether the notification was shown: some Linux desktops have no notification service. */
export function showNotification(factory: NotificationFactory, notification: DesktopNotification, icon?: string): boolean {
  if (!factory.isSupported()) return false;
  new factory(notificationOptions(notification, icon)).show();
  return true;
}
