import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bridgeChannels, bridgeEvents } from '../shared/bridge.js';
import type { DesktopNotification } from '../shared/bridge.js';
import type { BridgeCallEvent, BridgeHandlers } from './ipc.js';
import { createBridgeHandlers, isTrustedSender, registerBridgeHandlers, UntrustedSenderError } from './ipc.js';
import { deliverNotificationClick, NotificationCenter, notificationOptions } from './notifications.js';
import type { NotificationTarget } from '../shared/bridge.js';
import { loadSettingsStore } from './settings.js';

vi.mock('electron', () => ({}));

const fromConsole: BridgeCallEvent = { senderFrame: { url: 'app://console/index.html#/map' } };
const untrustedSenders: readonly [string, BridgeCallEvent][] = [
  ['a web page', { senderFrame: { url: 'https://evil.example/index.html' } }],
  ['another app:// host', { senderFrame: { url: 'app://other/index.html' } }],
  ['a file:// page', { senderFrame: { url: 'file:///tmp/index.html' } }],
  ['a blank frame', { senderFrame: { url: 'about:blank' } }],
  ['a frame that is gone', { senderFrame: null }],
];

let directory: string;
let shown: DesktopNotification[];
let badges: number[];
let handlers: BridgeHandlers;

const DEFAULT_ALARM_SETTINGS = { alarmSound: true, alarmsMuted: false, alarmSnooze: null } as const;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'cyberponies-ipc-'));
  shown = [];
  badges = [];
  handlers = createBridgeHandlers({
    settings: await loadSettingsStore({ directory, environment: {} }),
    notify: (notification) => shown.push(notification),
    setAlarmBadge: (count) => badges.push(count),
    appVersion: () => '1.2.3',
  });
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the bridge handlers', () => {
  it('answer the console', async () => {
    expect(await handlers.getSettings(fromConsole, undefined)).toEqual({ backendUrl: 'http://127.0.0.1:8080', theme: 'dark', tileUrl: null, ...DEFAULT_ALARM_SETTINGS });
    expect(await handlers.updateSettings(fromConsole, { theme: 'light' })).toMatchObject({ theme: 'light' });
    expect(await handlers.getSettings(fromConsole, undefined)).toMatchObject({ theme: 'light' });
    expect(await handlers.appVersion(fromConsole, undefined)).toBe('1.2.3');
    await handlers.notify(fromConsole, { title: 'Charge point cp-00012 faulted', body: 'GroundFailure', isCritical: true });
    expect(shown).toEqual([{ title: 'Charge point cp-00012 faulted', body: 'GroundFailure', isCritical: true }]);
    await handlers.setAlarmBadge(fromConsole, 3);
    await handlers.setAlarmBadge(fromConsole, 0);
    expect(badges).toEqual([3, 0]);
  });

  it('pass a notification’s target and the alarm settings through', async () => {
    const notification = { title: 'Critical: Device fault, cp-00012', body: 'GroundFailure', isCritical: true, isSilent: true, target: { kind: 'alarm', alarmId: 42 } };
    await handlers.notify(fromConsole, notification);
    expect(shown).toEqual([notification]);
    const snooze = { kind: 'until', untilMs: 1_900_000_000_000 };
    expect(await handlers.updateSettings(fromConsole, { alarmsMuted: true, alarmSnooze: snooze })).toMatchObject({ alarmsMuted: true, alarmSnooze: snooze, alarmSound: true });
    // A patch naming other settings leaves the alarm settings as they were.
    expect(await handlers.updateSettings(fromConsole, { theme: 'light' })).toMatchObject({ theme: 'light', alarmsMuted: true, alarmSnooze: snooze });
  });

  it.each(untrustedSenders)('refuse every call from %s and change nothing', async (_name, event) => {
    await expect(handlers.getSettings(event, undefined)).rejects.toThrow(UntrustedSenderError);
    await expect(handlers.updateSettings(event, { theme: 'light' })).rejects.toThrow(UntrustedSenderError);
    await expect(handlers.notify(event, { title: 't', body: 'b', isCritical: false })).rejects.toThrow(UntrustedSenderError);
    await expect(handlers.setAlarmBadge(event, 5)).rejects.toThrow(UntrustedSenderError);
    expect(badges).toEqual([]);
    await expect(handlers.appVersion(event, undefined)).rejects.toThrow(UntrustedSenderError);
    expect(shown).toEqual([]);
    expect((await handlers.getSettings(fromConsole, undefined)).theme).toBe('dark');
    expect(isTrustedSender(event)).toBe(false);
  });

  it.each([
    [undefined],
    [{ title: '', body: 'b', isCritical: false }],
    [{ title: 't', body: 'b' }],
    [{ title: 't'.repeat(201), body: 'b', isCritical: false }],
    [{ title: 't', body: 'b', isCritical: 'yes' }],
    [{ title: 't', body: 'b', isCritical: true, target: { kind: 'alarm', alarmId: -1 } }],
    [{ title: 't', body: 'b', isCritical: true, target: { kind: 'alarms', severity: 'apocalyptic' } }],
    [{ title: 't', body: 'b', isCritical: true, target: { kind: 'device', deviceId: 'car-1' } }],
  ])('refuse the invalid notification %j', async (payload) => {
    await expect(handlers.notify(fromConsole, payload)).rejects.toThrow();
    expect(shown).toEqual([]);
  });

  it.each([[-1], [2.5], ['3'], [null], [Number.NaN]])('refuse the invalid badge count %j', async (count) => {
    await expect(handlers.setAlarmBadge(fromConsole, count)).rejects.toThrow();
    expect(badges).toEqual([]);
  });

  it('refuse an invalid settings patch', async () => {
    await expect(handlers.updateSettings(fromConsole, { alarmsMuted: 'yes' })).rejects.toThrow();
    await expect(handlers.updateSettings(fromConsole, { alarmSnooze: { kind: 'forever' } })).rejects.toThrow();
    await expect(handlers.updateSettings(fromConsole, { backendUrl: 'javascript:alert(1)x' })).rejects.toThrow();
    await expect(handlers.updateSettings(fromConsole, { theme: 'neon' })).rejects.toThrow();
    expect((await handlers.getSettings(fromConsole, undefined)).theme).toBe('dark');
  });
});

describe('registerBridgeHandlers', () => {
  it('registers one handler per bridge channel, each passing event and payload through', async () => {
    const registered = new Map<string, (event: BridgeCallEvent, payload: unknown) => Promise<unknown>>();
    registerBridgeHandlers({ handle: (channel, listener) => registered.set(channel, listener) }, handlers);
    expect([...registered.keys()].sort()).toEqual(Object.values(bridgeChannels).sort());
    expect(await registered.get(bridgeChannels.appVersion)?.(fromConsole, undefined)).toBe('1.2.3');
    await expect(registered.get(bridgeChannels.getSettings)?.({ senderFrame: { url: 'https://evil.example/' } }, undefined)).rejects.toThrow(
      UntrustedSenderError,
    );
  });
});

/** An Electron Notification as far as the center uses it: options kept, events fired by the test. */
function fakeNotifications(isSupported = true) {
  const created: FakeNotification[] = [];
  class FakeNotification {
    static isSupported = () => isSupported;
    readonly listeners = new Map<string, () => void>();
    isShown = false;
    constructor(readonly options: unknown) {
      created.push(this);
    }
    on(event: string, listener: () => void): this {
      this.listeners.set(event, listener);
      return this;
    }
    show(): void {
      this.isShown = true;
    }
    fire(event: string): void {
      this.listeners.get(event)?.();
    }
  }
  return { FakeNotification, created };
}

describe('NotificationCenter', () => {
  it('shows a native notification; only a critical one makes a sound and stays, unless the console plays its own', () => {
    const { FakeNotification, created } = fakeNotifications();
    const center = new NotificationCenter(FakeNotification, () => undefined);
    expect(center.show({ title: 'Alarm', body: 'Car silent', isCritical: true })).toBe(true);
    expect(center.show({ title: 'Info', body: 'Back online', isCritical: false })).toBe(true);
    expect(center.show({ title: 'Alarm', body: 'Toned by the console', isCritical: true, isSilent: true })).toBe(true);
    expect(created.map((notification) => notification.isShown)).toEqual([true, true, true]);
    expect(created.map((notification) => notification.options)).toEqual([
      notificationOptions({ title: 'Alarm', body: 'Car silent', isCritical: true }),
      notificationOptions({ title: 'Info', body: 'Back online', isCritical: false }),
      notificationOptions({ title: 'Alarm', body: 'Toned by the console', isCritical: true, isSilent: true }),
    ]);
    expect(created[0]?.options).toMatchObject({ silent: false, urgency: 'critical', timeoutType: 'never' });
    expect(created[1]?.options).toMatchObject({ silent: true, urgency: 'normal' });
    expect(created[2]?.options).toMatchObject({ silent: true, urgency: 'critical', timeoutType: 'never' });
  });

  it('reports a click with the notification’s target, and holds each notification until clicked or closed', () => {
    const { FakeNotification, created } = fakeNotifications();
    const clicks: NotificationTarget[] = [];
    const center = new NotificationCenter(FakeNotification, (target) => clicks.push(target), '/icon.png');
    center.show({ title: 'Critical: Device fault, cp-1', body: '', isCritical: true, target: { kind: 'alarm', alarmId: 7 } });
    center.show({ title: '5 new critical alarms', body: '', isCritical: true, target: { kind: 'alarms', severity: 'critical' } });
    center.show({ title: 'No target', body: '', isCritical: false });
    expect(created[0]?.options).toMatchObject({ icon: '/icon.png' });
    expect(center.heldCount).toBe(3);
    created[1]?.fire('click');
    created[0]?.fire('click');
    created[2]?.fire('click');
    expect(clicks).toEqual([
      { kind: 'alarms', severity: 'critical' },
      { kind: 'alarm', alarmId: 7 },
    ]);
    expect(center.heldCount).toBe(0);
    center.show({ title: 'Dismissed', body: '', isCritical: true, target: { kind: 'alarm', alarmId: 8 } });
    created[3]?.fire('close');
    expect(center.heldCount).toBe(0);
    expect(clicks).toHaveLength(2);
  });

  it('does nothing where the desktop has no notification service', () => {
    const { FakeNotification, created } = fakeNotifications(false);
    expect(new NotificationCenter(FakeNotification, () => undefined).show({ title: 'Alarm', body: '', isCritical: true })).toBe(false);
    expect(created).toEqual([]);
  });
});

describe('deliverNotificationClick', () => {
  it('sends the target to the page on the click channel, after the page has loaded if it is loading', () => {
    const sent: unknown[][] = [];
    let isLoading = true;
    let onLoaded: (() => void) | undefined;
    const window = {
      webContents: {
        send: (channel: string, ...args: unknown[]) => sent.push([channel, ...args]),
        isLoading: () => isLoading,
        once: (_event: 'did-finish-load', listener: () => void) => (onLoaded = listener),
      },
    };
    deliverNotificationClick(window, { kind: 'alarm', alarmId: 3 });
    expect(sent).toEqual([]);
    isLoading = false;
    onLoaded?.();
    deliverNotificationClick(window, { kind: 'alarms', severity: 'critical' });
    expect(sent).toEqual([
      [bridgeEvents.notificationClick, { kind: 'alarm', alarmId: 3 }],
      [bridgeEvents.notificationClick, { kind: 'alarms', severity: 'critical' }],
    ]);
  });
});
