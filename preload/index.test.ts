import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_GLOBAL, bridgeChannels, bridgeEvents } from '../shared/bridge.js';

const fakes = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const answers = new Map<string, unknown>();
  const invoke = vi.fn(async (channel: string, ..._args: unknown[]) => answers.get(channel));
  /** Listeners by channel, as ipcRenderer keeps them; `push` plays main sending on a channel. */
  const subscribed = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipcRenderer = {
    invoke,
    send: vi.fn(),
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      subscribed.set(channel, (subscribed.get(channel) ?? new Set()).add(listener));
      return ipcRenderer;
    },
    removeListener: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      subscribed.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  const push = (channel: string, ...args: unknown[]) => {
    for (const listener of subscribed.get(channel) ?? []) listener({ sender: ipcRenderer }, ...args);
  };
  return {
    exposed,
    answers,
    invoke,
    ipcRenderer,
    subscribed,
    push,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  };
});

vi.mock('electron', () => ({ contextBridge: fakes.contextBridge, ipcRenderer: fakes.ipcRenderer }));

const settings = { backendUrl: 'http://127.0.0.1:8080', tileUrl: null, theme: 'dark', alarmSound: true, alarmsMuted: false, alarmSnooze: null };

beforeEach(() => {
  fakes.invoke.mockClear();
  fakes.answers.clear();
});

describe('the preload', () => {
  it('exposes the bridge under its global name, as plain named functions and the desktop platform', async () => {
    const { bridge } = await import('./index.js');
    expect([...fakes.exposed.keys()]).toEqual([BRIDGE_GLOBAL]);
    const exposed = fakes.exposed.get(BRIDGE_GLOBAL);
    expect(exposed).toBe(bridge);
    expect(bridge.platform).toBe('desktop');
    expect(Object.keys(bridge).sort()).toEqual(['platform', 'onNotificationClick', ...Object.keys(bridgeChannels)].sort());
    for (const [key, value] of Object.entries(bridge)) {
      if (key !== 'platform') expect(typeof value).toBe('function');
    }
  });

  it('never hands out ipcRenderer or anything reaching it', async () => {
    const { bridge } = await import('./index.js');
    const reachable = new Set<unknown>();
    const visit = (value: unknown): void => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || reachable.has(value)) return;
      reachable.add(value);
      for (const key of Reflect.ownKeys(value)) visit(Reflect.get(value, key));
    };
    visit(bridge);
    expect(reachable.has(fakes.ipcRenderer)).toBe(false);
    expect(reachable.has(fakes.invoke)).toBe(false);
  });

  it('calls each bridge channel with its payload', async () => {
    const { bridge } = await import('./index.js');
    fakes.answers.set(bridgeChannels.getSettings, settings);
    fakes.answers.set(bridgeChannels.updateSettings, { ...settings, theme: 'light' });
    fakes.answers.set(bridgeChannels.appVersion, '0.1.0');
    expect(await bridge.getSettings()).toEqual(settings);
    expect(await bridge.updateSettings({ theme: 'light' })).toEqual({ ...settings, theme: 'light' });
    expect(await bridge.appVersion()).toBe('0.1.0');
    expect(await bridge.notify({ title: 'Alarm', body: 'Car silent', isCritical: true, target: { kind: 'alarm', alarmId: 4 } })).toBeUndefined();
    expect(await bridge.setAlarmBadge(3)).toBeUndefined();
    expect(fakes.invoke.mock.calls).toEqual([
      [bridgeChannels.getSettings],
      [bridgeChannels.updateSettings, { theme: 'light' }],
      [bridgeChannels.appVersion],
      [bridgeChannels.notify, { title: 'Alarm', body: 'Car silent', isCritical: true, target: { kind: 'alarm', alarmId: 4 } }],
      [bridgeChannels.setAlarmBadge, 3],
    ]);
  });

  it('hands notification clicks to the renderer’s listeners, parsed and without the IPC event, until they unsubscribe', async () => {
    const { bridge } = await import('./index.js');
    const first: unknown[][] = [];
    const second: unknown[][] = [];
    const stopFirst = bridge.onNotificationClick((...args) => first.push(args));
    const stopSecond = bridge.onNotificationClick((...args) => second.push(args));
    fakes.push(bridgeEvents.notificationClick, { kind: 'alarm', alarmId: 12 });
    // Anything else on the channel is dropped rather than passed on.
    fakes.push(bridgeEvents.notificationClick, { kind: 'alarm', alarmId: 'twelve' });
    fakes.push(bridgeEvents.notificationClick, { kind: 'shell', command: 'rm -rf /' });
    fakes.push(bridgeEvents.notificationClick, { kind: 'alarms', severity: 'critical', extra: true });
    stopFirst();
    fakes.push(bridgeEvents.notificationClick, { kind: 'alarm', alarmId: 13 });
    expect(first).toEqual([[{ kind: 'alarm', alarmId: 12 }], [{ kind: 'alarms', severity: 'critical' }]]);
    expect(second).toEqual([[{ kind: 'alarm', alarmId: 12 }], [{ kind: 'alarms', severity: 'critical' }], [{ kind: 'alarm', alarmId: 13 }]]);
    stopSecond();
    expect(fakes.subscribed.get(bridgeEvents.notificationClick)?.size).toBe(0);
  });

  it('refuses an answer from main that does not match the bridge’s types', async () => {
    const { bridge } = await import('./index.js');
    fakes.answers.set(bridgeChannels.getSettings, { theme: 'neon' });
    fakes.answers.set(bridgeChannels.appVersion, 42);
    await expect(bridge.getSettings()).rejects.toThrow();
    await expect(bridge.appVersion()).rejects.toThrow();
  });
});
