/** Native notifications for the console. Only critical alarms may make a sound (CONSOLE.md). */
import type { NotificationConstructorOptions } from 'electron';
import { bridgeEvents } from '../shared/bridge.js';
import type { DesktopNotification, NotificationTarget } from '../shared/bridge.js';

/** The part of an Electron Notification used here. */
export interface ShownNotification {
  show(): void;
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
}

export interface NotificationFactory {
  isSupported(): boolean;
  new (options: NotificationConstructorOptions): ShownNotification;
}

export function notificationOptions(notification: DesktopNotification, icon?: string): NotificationConstructorOptions {
  return {
    title: notification.title,
    body: notification.body,
    silent: notification.isSilent ?? !notification.isCritical,
    urgency: notification.isCritical ? 'critical' : 'normal',
    timeoutType: notification.isCritical ? 'never' : 'default',
    ...(icon === undefined ? {} : { icon }),
  };
}

/**
 * Shows notifications and reports clicks on those that have a target. Each notification is held until
 * it is clicked or closed: Electron drops the click of a notification that was garbage-collected.
 */
export class NotificationCenter {
  readonly #shown = new Set<ShownNotification>();

  constructor(
    private readonly factory: NotificationFactory,
    private readonly onClick: (target: NotificationTarget) => void,
    private readonly icon?: string,
  ) {}

  /** How many notifications are still held; for tests. */
  get heldCount(): number {
    return this.#shown.size;
  }

  /** Returns whether the notification was shown: some Linux desktops have no notification service. */
  show(notification: DesktopNotification): boolean {
    if (!this.factory.isSupported()) return false;
    const shown = new this.factory(notificationOptions(notification, this.icon));
    const release = () => this.#shown.delete(shown);
    this.#shown.add(shown);
    shown.on('click', () => {
      release();
      if (notification.target) this.onClick(notification.target);
    });
    shown.on('close', release);
    shown.on('failed', release);
    shown.show();
    return true;
  }
}

/** The window a click is delivered to; Electron's BrowserWindow satisfies it. */
export interface ClickDestination {
  readonly webContents: {
    send(channel: string, ...args: unknown[]): void;
    isLoading(): boolean;
    once(event: 'did-finish-load', listener: () => void): unknown;
  };
}

/** Hands a click to the console, after the page has loaded if it is (re)loading. */
export function deliverNotificationClick(window: ClickDestination, target: NotificationTarget): void {
  const send = () => window.webContents.send(bridgeEvents.notificationClick, target);
  if (window.webContents.isLoading()) window.webContents.once('did-finish-load', send);
  else send();
}
