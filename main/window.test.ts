import { BrowserWindow, shell } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_START_URL } from './protocol.js';
import { createMainWindow, isPermissionGranted, mainWindowOptions, WINDOW_BACKGROUND } from './window.js';

const fakes = vi.hoisted(() => {
  type Listener = (...args: never[]) => unknown;
  class FakeEmitter {
    readonly listeners = new Map<string, Listener[]>();
    on(name: string, listener: Listener): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: Listener): this {
      return this.on(name, listener);
    }
    /** Runs the listeners as Electron would and says whether one of them called preventDefault. */
    dispatch(name: string, url?: string): boolean {
      let isPrevented = false;
      const event = { preventDefault: () => void (isPrevented = true) };
      for (const listener of this.listeners.get(name) ?? []) Reflect.apply(listener, this, [event, url]);
      return isPrevented;
    }
  }
  type PermissionCallback = (isGranted: boolean) => void;
  class FakeSession {
    requestHandler: ((contents: unknown, permission: string, callback: PermissionCallback, details: { requestingUrl?: string }) => void) | undefined;
    checkHandler: ((contents: unknown, permission: string, origin: string) => boolean) | undefined;
    setPermissionRequestHandler(handler: FakeSession['requestHandler']): void {
      this.requestHandler = handler;
    }
    setPermissionCheckHandler(handler: FakeSession['checkHandler']): void {
      this.checkHandler = handler;
    }
    request(permission: string, requestingUrl: string): boolean {
      let answer: boolean | undefined;
      this.requestHandler?.(undefined, permission, (isGranted) => (answer = isGranted), { requestingUrl });
      if (answer === undefined) throw new Error('the permission request was never answered');
      return answer;
    }
  }
  class FakeWebContents extends FakeEmitter {
    readonly session = new FakeSession();
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
      this.windowOpenHandler = handler;
    }
  }
  class FakeBrowserWindow extends FakeEmitter {
    static readonly created: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    isShown = false;
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      FakeBrowserWindow.created.push(this);
    }
    async loadURL(url: string): Promise<void> {
      this.loaded.push(url);
    }
    show(): void {
      this.isShown = true;
    }
  }
  return { FakeBrowserWindow, FakeWebContents, openExternal: vi.fn(async (_url: string) => undefined) };
});

vi.mock('electron', () => ({ BrowserWindow: fakes.FakeBrowserWindow, shell: { openExternal: fakes.openExternal } }));

function openWindow(): InstanceType<typeof fakes.FakeBrowserWindow> {
  createMainWindow({ BrowserWindow, shell }, '/opt/console/out/preload/index.cjs');
  const window = fakes.FakeBrowserWindow.created.at(-1);
  if (!window) throw new Error('no window was created');
  return window;
}

beforeEach(() => {
  fakes.FakeBrowserWindow.created.length = 0;
  fakes.openExternal.mockClear();
});

describe('createMainWindow', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, web security, the CommonJS preload', () => {
    const preferences = openWindow().options.webPreferences;
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/opt/console/out/preload/index.cjs',
    });
  });

  it('loads the console from app://console on a dark background and shows it once painted', () => {
    const window = openWindow();
    expect(window.options.backgroundColor).toBe(WINDOW_BACKGROUND);
    expect(window.options.show).toBe(false);
    expect(window.loaded).toEqual([APP_START_URL]);
    expect(window.isShown).toBe(false);
    window.dispatch('ready-to-show');
    expect(window.isShown).toBe(true);
  });

  it('denies every new window, and hands http(s) links to the system browser', () => {
    const handler = openWindow().webContents.windowOpenHandler;
    expect(handler?.({ url: 'https://www.openstreetmap.org/copyright' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'app://console/index.html' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(fakes.openExternal.mock.calls).toEqual([['https://www.openstreetmap.org/copyright']]);
  });

  it.each(['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://other/index.html', 'about:blank'])(
    'prevents navigation and redirects to %s',
    (url) => {
      const contents = openWindow().webContents;
      expect(contents.dispatch('will-navigate', url)).toBe(true);
      expect(contents.dispatch('will-redirect', url)).toBe(true);
    },
  );

  it('lets the console navigate within itself, and never attaches a webview', () => {
    const contents = openWindow().webContents;
    expect(contents.dispatch('will-navigate', 'app://console/index.html#/alarms')).toBe(false);
    expect(contents.dispatch('will-attach-webview')).toBe(true);
  });

  it('grants the console notifications and denies every other permission and every other origin', () => {
    const session = openWindow().webContents.session;
    expect(session.request('notifications', 'app://console/index.html')).toBe(true);
    for (const permission of ['geolocation', 'media', 'clipboard-read', 'openExternal', 'hid', 'usb', 'fullscreen']) {
      expect(session.request(permission, 'app://console/index.html')).toBe(false);
    }
    expect(session.request('notifications', 'https://evil.example/')).toBe(false);
    expect(session.checkHandler?.(undefined, 'notifications', 'app://console')).toBe(true);
    expect(session.checkHandler?.(undefined, 'geolocation', 'app://console')).toBe(false);
    expect(session.checkHandler?.(undefined, 'notifications', 'https://evil.example')).toBe(false);
  });
});

describe('mainWindowOptions and isPermissionGranted', () => {
  it('never turns Node on or the sandbox off', () => {
    expect(mainWindowOptions('/p').webPreferences).toMatchObject({ sandbox: true, nodeIntegration: false, contextIsolation: true });
    expect(isPermissionGranted('notifications', undefined)).toBe(false);
  });
});
