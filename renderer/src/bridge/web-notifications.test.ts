import { beforeEach, describe, expect, it } from 'vitest';
import type { NotificationTarget } from '../../../shared/bridge.js';
import { createWebNotifications, notificationPermission, titleWithCount } from './web-notifications.js';
import type { NotificationPort, WebNotificationConstructor } from './web-notifications.js';

/** window.Notification as a test sees it: what was shown, with a click or close to play. */
function fakeNotificationApi(initial: NotificationPermission, answer: NotificationPermission) {
  const shown: FakeNotification[] = [];
  let permission = initial;
  let requests = 0;
  class FakeNotification {
    static get permission(): NotificationPermission {
      return permission;
    }
    static async requestPermission(): Promise<NotificationPermission> {
      requests += 1;
      permission = answer;
      return answer;
    }
    onclick: ((event: Event) => void) | null = null;
    onclose: ((event: Event) => void) | null = null;
    isClosed = false;
    constructor(
      readonly title: string,
      readonly options?: NotificationOptions,
    ) {
      shown.push(this);
    }
    close(): void {
      this.isClosed = true;
    }
  }
  const api: WebNotificationConstructor = FakeNotification;
  return { api, shown, requests: () => requests };
}

let focused: number;
let badgeCalls: (number | 'clear')[];

function port(api: WebNotificationConstructor | undefined, hasAppBadge = true): NotificationPort {
  return {
    Notification: api,
    document: { title: 'Cyberponies Fleet Console' },
    navigator: hasAppBadge
      ? { setAppBadge: async (count) => void badgeCalls.push(count ?? 0), clearAppBadge: async () => void badgeCalls.push('clear') }
      : {},
    focusWindow: () => void (focused += 1),
  };
}

beforeEach(() => {
  focused = 0;
  badgeCalls = [];
});

describe('web notifications', () => {
  it('show a notification with its body, tagged by what it opens, and quiet when the console plays its own tone', async () => {
    const { api, shown } = fakeNotificationApi('granted', 'granted');
    const notifications = createWebNotifications(port(api));
    await notifications.notify({ title: 'Critical: Device fault, cp-1', body: 'GroundFailure', isCritical: true, isSilent: true, target: { kind: 'alarm', alarmId: 5 } });
    await notifications.notify({ title: 'Back online', body: '', isCritical: false });
    expect(shown.map((notification) => [notification.title, notification.options])).toEqual([
      ['Critical: Device fault, cp-1', { body: 'GroundFailure', requireInteraction: true, silent: true, tag: 'alarm-5' }],
      ['Back online', { body: '', requireInteraction: false, silent: true }],
    ]);
  });

  it('a click brings the window forward, closes the notification and tells every listener what to open', async () => {
    const { api, shown } = fakeNotificationApi('granted', 'granted');
    const notifications = createWebNotifications(port(api));
    const first: NotificationTarget[] = [];
    const second: NotificationTarget[] = [];
    const stopFirst = notifications.onNotificationClick((target) => first.push(target));
    notifications.onNotificationClick((target) => second.push(target));
    await notifications.notify({ title: '5 new critical alarms', body: '', isCritical: true, target: { kind: 'alarms', severity: 'critical' } });
    shown[0]?.onclick?.(new Event('click'));
    expect(focused).toBe(1);
    expect(shown[0]?.isClosed).toBe(true);
    stopFirst();
    await notifications.notify({ title: 'Critical: Offline, car-2', body: '', isCritical: true, target: { kind: 'alarm', alarmId: 2 } });
    shown[1]?.onclick?.(new Event('click'));
    expect(first).toEqual([{ kind: 'alarms', severity: 'critical' }]);
    expect(second).toEqual([{ kind: 'alarms', severity: 'critical' }, { kind: 'alarm', alarmId: 2 }]);
  });

  it('ask for permission once when it was never given, and show nothing when it is refused', async () => {
    const refused = fakeNotificationApi('default', 'denied');
    const notifications = createWebNotifications(port(refused.api));
    await notifications.notify({ title: 'a', body: '', isCritical: true });
    await notifications.notify({ title: 'b', body: '', isCritical: true });
    expect(refused.requests()).toBe(1);
    expect(refused.shown).toEqual([]);
    expect(notificationPermission(port(refused.api))).toBe('denied');
    const granted = fakeNotificationApi('default', 'granted');
    await createWebNotifications(port(granted.api)).notify({ title: 'c', body: '', isCritical: true });
    expect(granted.shown).toHaveLength(1);
  });

  it('do nothing in a browser without the Notification API, and refuse an invalid notification', async () => {
    const notifications = createWebNotifications(port(undefined));
    await expect(notifications.notify({ title: 'a', body: '', isCritical: true })).resolves.toBeUndefined();
    expect(notificationPermission(port(undefined))).toBe('unsupported');
    await expect(notifications.notify({ title: '', body: '', isCritical: true })).rejects.toThrow();
  });
});

describe('the web badge', () => {
  it('puts the count in front of the title and on the app badge, and takes both away at zero', async () => {
    const page = port(undefined);
    const notifications = createWebNotifications(page);
    await notifications.setAlarmBadge(3);
    expect(page.document.title).toBe('(3) Cyberponies Fleet Console');
    await notifications.setAlarmBadge(12);
    expect(page.document.title).toBe('(12) Cyberponies Fleet Console');
    await notifications.setAlarmBadge(0);
    expect(page.document.title).toBe('Cyberponies Fleet Console');
    expect(badgeCalls).toEqual([3, 12, 'clear']);
    await expect(notifications.setAlarmBadge(-1)).rejects.toThrow();
  });

  it('keeps to the title where the browser has no app badge, or refuses it', async () => {
    const page = port(undefined, false);
    await createWebNotifications(page).setAlarmBadge(2);
    expect(page.document.title).toBe('(2) Cyberponies Fleet Console');
    const refusing: NotificationPort = { ...port(undefined), navigator: { setAppBadge: async () => Promise.reject(new Error('not installed')) } };
    await expect(createWebNotifications(refusing).setAlarmBadge(1)).resolves.toBeUndefined();
  });

  it('titleWithCount replaces a count already there', () => {
    expect(titleWithCount('(4) Fleet', 0)).toBe('Fleet');
    expect(titleWithCount('Fleet (beta)', 1)).toBe('(1) Fleet (beta)');
  });
});
