import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bridgeChannels } from '../shared/bridge.js';
import type { DesktopNotification } from '../shared/bridge.js';
import type { BridgeCallEvent, BridgeHandlers } from './ipc.js';
import { createBridgeHandlers, isTrustedSender, registerBridgeHandlers, UntrustedSenderError } from './ipc.js';
import { notificationOptions, showNotification } from './notifications.js';
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
let handlers: BridgeHandlers;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'cyberponies-ipc-'));
  shown = [];
  handlers = createBridgeHandlers({
    settings: await loadSettingsStore({ directory, environment: {} }),
    notify: (notification) => shown.push(notification),
    appVersion: () => '1.2.3',
  });
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the bridge handlers', () => {
  it('answer the console', async () => {
    expect(await handlers.getSettings(fromConsole, undefined)).toEqual({ backendUrl: 'http://127.0.0.1:8080', theme: 'dark', tileUrl: null });
    expect(await handlers.updateSettings(fromConsole, { theme: 'light' })).toMatchObject({ theme: 'light' });
    expect(await handlers.getSettings(fromConsole, undefined)).toMatchObject({ theme: 'light' });
    expect(await handlers.appVersion(fromConsole, undefined)).toBe('1.2.3');
    await handlers.notify(fromConsole, { title: 'Charge point cp-00012 faulted', body: 'GroundFailure', isCritical: true });
    expect(shown).toEqual([{ title: 'Charge point cp-00012 faulted', body: 'GroundFailure', isCritical: true }]);
  });

  it.each(untrustedSenders)('refuse every call from %s and change nothing', async (_name, event) => {
    await expect(handlers.getSettings(event, undefined)).rejects.toThrow(UntrustedSenderError);
    await expect(handlers.updateSettings(event, { theme: 'light' })).rejects.toThrow(UntrustedSenderError);
    await expect(handlers.notify(event, { title: 't', body: 'b', isCritical: false })).rejects.toThrow(UntrustedSenderError);
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
  ])('refuse the invalid notification %j', async (payload) => {
    await expect(handlers.notify(fromConsole, payload)).rejects.toThrow();
    expect(shown).toEqual([]);
  });

  it('refuse an invalid settings patch', async () => {
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

describe('showNotification', () => {
  it('shows a native notification; only a critical one makes a sound and stays', () => {
    const created: unknown[] = [];
    const show = vi.fn();
    class FakeNotification {
      static isSupported = () => true;
      constructor(options: unknown) {
        created.push(options);
      }
      show = show;
    }
    expect(showNotification(FakeNotification, { title: 'Alarm', body: 'Car silent', isCritical: true })).toBe(true);
    expect(showNotification(FakeNotification, { title: 'Info', body: 'Back online', isCritical: false })).toBe(true);
    expect(show).toHaveBeenCalledTimes(2);
    expect(created).toEqual([
      notificationOptions({ title: 'Alarm', body: 'Car silent', isCritical: true }),
      notificationOptions({ title: 'Info', body: 'Back online', isCritical: false }),
    ]);
    expect(created[0]).toMatchObject({ silent: false, urgency: 'critical', timeoutType: 'never' });
    expect(created[1]).toMatchObject({ silent: true, urgency: 'normal' });
  });

  it('does nothing where the desktop has no notification service', () => {
    const show = vi.fn();
    class Unsupported {
      static isSupported = () => false;
      show = show;
    }
    expect(showNotification(Unsupported, { title: 'Alarm', body: '', isCritical: true })).toBe(false);
    expect(show).not.toHaveBeenCalled();
  });
});
