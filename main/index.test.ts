import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bridgeChannels, bridgeEvents } from '../shared/bridge.js';
import type { BridgeCallEvent } from './ipc.js';
import { APP_START_URL } from './protocol.js';

/** Electron as main/index.ts sees it, recording what the entry point does and in which order. */
const fakes = vi.hoisted(() => {
  type Listener = (...args: never[]) => unknown;
  const log: string[] = [];
  const listeners = new Map<string, Listener>();
  const ipcHandlers = new Map<string, (event: BridgeCallEvent, payload: unknown) => Promise<unknown>>();
  const state = { hasLock: true, userData: '', isReady: false };
  const badgeCounts: number[] = [];
  const notifications: FakeNotification[] = [];
  class FakeNotification {
    static isSupported = () => true;
    readonly listeners = new Map<string, () => void>();
    constructor(readonly options: { title: string }) {
      notifications.push(this);
    }
    on(event: string, listener: () => void): this {
      this.listeners.set(event, listener);
      return this;
    }
    show(): void {}
  }
  class FakeTray {
    static readonly created: FakeTray[] = [];
    toolTip = '';
    constructor() {
      FakeTray.created.push(this);
    }
    setImage(): void {}
    setToolTip(toolTip: string): void {
      this.toolTip = toolTip;
    }
    setTitle(): void {}
    setContextMenu(): void {}
    on(): this {
      return this;
    }
  }
  const fakeImage = { isEmpty: () => false, resize: () => fakeImage, toBitmap: () => Buffer.alloc(16 * 16 * 4), getSize: () => ({ width: 16, height: 16 }) };
  let markReady: () => void = () => undefined;
  let ready = new Promise<void>((resolve) => (markReady = resolve));

  class FakeContents {
    readonly events: string[] = [];
    readonly sent: unknown[][] = [];
    send(...args: unknown[]): void {
      this.sent.push(args);
    }
    isLoading(): boolean {
      return false;
    }
    readonly session = { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined };
    isWindowOpenGuarded = false;
    setWindowOpenHandler(): void {
      this.isWindowOpenGuarded = true;
    }
    on(name: string): this {
      this.events.push(name);
      return this;
    }
  }
  class FakeBrowserWindow {
    static readonly created: FakeBrowserWindow[] = [];
    static getAllWindows(): FakeBrowserWindow[] {
      return FakeBrowserWindow.created;
    }
    readonly webContents = new FakeContents();
    readonly loaded: string[] = [];
    isFocused = false;
    isShown = false;
    constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
      log.push('window');
      FakeBrowserWindow.created.push(this);
    }
    on(): this {
      return this;
    }
    once(): this {
      return this;
    }
    async loadURL(url: string): Promise<void> {
      this.loaded.push(url);
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    show(): void {
      this.isShown = true;
    }
    setOverlayIcon(): void {}
    focus(): void {
      this.isFocused = true;
    }
  }
  const app = {
    requestSingleInstanceLock: () => state.hasLock,
    quit: vi.fn(() => log.push('quit')),
    exit: vi.fn(),
    on(name: string, listener: Listener) {
      listeners.set(name, listener);
      return app;
    },
    whenReady: () => ready,
    isReady: () => state.isReady,
    getPath: (name: string) => (name === 'userData' ? state.userData : '/nowhere'),
    setPath: (name: string, path: string) => {
      if (name === 'userData') state.userData = path;
    },
    getVersion: () => '9.8.7',
    setBadgeCount: (count = 0) => badgeCounts.push(count) > 0,
  };
  function reset(hasLock: boolean): void {
    log.length = 0;
    listeners.clear();
    ipcHandlers.clear();
    FakeBrowserWindow.created.length = 0;
    FakeTray.created.length = 0;
    notifications.length = 0;
    badgeCounts.length = 0;
    app.quit.mockClear();
    state.hasLock = hasLock;
    state.isReady = false;
    ready = new Promise<void>((resolve) => (markReady = resolve));
  }
  function becomeReady(): void {
    state.isReady = true;
    markReady();
  }
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: { handle: (channel: string, listener: (event: BridgeCallEvent, payload: unknown) => Promise<unknown>) => ipcHandlers.set(channel, listener) },
    Notification: FakeNotification,
    Tray: FakeTray,
    Menu: { buildFromTemplate: () => ({}) },
    nativeImage: { createFromPath: () => fakeImage, createFromBitmap: () => fakeImage },
    protocol: {
      registerSchemesAsPrivileged: (schemes: readonly { scheme: string }[]) => log.push(`register ${schemes.map((scheme) => scheme.scheme).join()}`),
      handle: (scheme: string) => log.push(`handle ${scheme}`),
    },
    shell: { openExternal: async () => undefined },
  };
  return { log, listeners, ipcHandlers, state, reset, becomeReady, electron, FakeBrowserWindow, FakeContents, FakeTray, notifications, badgeCounts };
});

vi.mock('electron', () => fakes.electron);

let userData: string;

async function startEntry(hasLock: boolean): Promise<void> {
  fakes.reset(hasLock);
  vi.resetModules();
  await import('./index.js');
}

async function settle(): Promise<void> {
  await vi.waitFor(() => expect(fakes.FakeBrowserWindow.created.length).toBeGreaterThan(0));
}

function listener(name: string): (...args: unknown[]) => unknown {
  const found = fakes.listeners.get(name);
  if (!found) throw new Error(`no ${name} listener`);
  return (...args) => Reflect.apply(found, undefined, args);
}

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'cyberponies-main-'));
  vi.stubEnv('CYBERPONIES_USER_DATA_DIR', userData);
  vi.stubEnv('CYBERPONIES_URL', 'http://10.9.8.7:8080');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(userData, { recursive: true, force: true });
});

describe('the main entry point', () => {
  it('registers the app:// scheme before ready, then serves it, wires the bridge and opens the window', async () => {
    await startEntry(true);
    expect(fakes.log).toEqual(['register app']);
    expect(fakes.FakeBrowserWindow.created).toHaveLength(0);
    fakes.becomeReady();
    await settle();
    expect(fakes.log).toEqual(['register app', 'handle app', 'window']);
    expect([...fakes.ipcHandlers.keys()].sort()).toEqual(Object.values(bridgeChannels).sort());
    const [window] = fakes.FakeBrowserWindow.created;
    expect(window?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(window?.options.webPreferences?.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(window?.loaded).toEqual([APP_START_URL]);
  });

  it('keeps settings in the user data folder, defaulting to CYBERPONIES_URL, and answers the console over IPC', async () => {
    await startEntry(true);
    fakes.becomeReady();
    await settle();
    expect(fakes.state.userData).toBe(userData);
    const fromConsole: BridgeCallEvent = { senderFrame: { url: APP_START_URL } };
    expect(await fakes.ipcHandlers.get(bridgeChannels.getSettings)?.(fromConsole, undefined)).toEqual({
      backendUrl: 'http://10.9.8.7:8080',
      theme: 'dark',
      tileUrl: null,
      alarmSound: true,
      alarmsMuted: false,
      alarmSnooze: null,
    });
    expect(await fakes.ipcHandlers.get(bridgeChannels.appVersion)?.(fromConsole, undefined)).toBe('9.8.7');
    await expect(fakes.ipcHandlers.get(bridgeChannels.appVersion)?.({ senderFrame: { url: 'https://evil.example/' } }, undefined)).rejects.toThrow();
  });

  it('guards every web contents created, focuses the window for a second instance, and quits when the last window closes', async () => {
    await startEntry(true);
    fakes.becomeReady();
    await settle();
    const contents = new fakes.FakeContents();
    listener('web-contents-created')({}, contents);
    expect(contents.isWindowOpenGuarded).toBe(true);
    expect(contents.events).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']));
    listener('second-instance')();
    expect(fakes.FakeBrowserWindow.created[0]?.isFocused).toBe(true);
    listener('window-all-closed')();
    expect(fakes.electron.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1);
  });

  it('puts a tray icon up, counts critical alarms on the badge, and opens the clicked alarm in the console', async () => {
    await startEntry(true);
    fakes.becomeReady();
    await settle();
    const fromConsole: BridgeCallEvent = { senderFrame: { url: APP_START_URL } };
    expect(fakes.FakeTray.created).toHaveLength(1);
    await fakes.ipcHandlers.get(bridgeChannels.setAlarmBadge)?.(fromConsole, 2);
    // Drawn once at zero when the window opens (clearing a badge left by a crash), then the count.
    if (process.platform !== 'win32') expect(fakes.badgeCounts).toEqual([0, 2]);
    expect(fakes.FakeTray.created[0]?.toolTip).toContain('2 critical alarms');
    await fakes.ipcHandlers.get(bridgeChannels.notify)?.(fromConsole, { title: 'Critical: Device fault, cp-1', body: '', isCritical: true, target: { kind: 'alarm', alarmId: 9 } });
    const [notification] = fakes.notifications;
    expect(notification?.options.title).toBe('Critical: Device fault, cp-1');
    notification?.listeners.get('click')?.();
    const [window] = fakes.FakeBrowserWindow.created;
    expect(window?.isShown).toBe(true);
    expect(window?.isFocused).toBe(true);
    expect(window?.webContents.sent).toEqual([[bridgeEvents.notificationClick, { kind: 'alarm', alarmId: 9 }]]);
  });

  it('quits at once when another instance holds the lock', async () => {
    await startEntry(false);
    expect(fakes.electron.app.quit).toHaveBeenCalledTimes(1);
    expect(fakes.listeners.size).toBe(0);
    fakes.becomeReady();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fakes.FakeBrowserWindow.created).toHaveLength(0);
  });
});
