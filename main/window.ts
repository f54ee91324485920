/**
 * The console's window, locked down along Electron's security checklist: the renderer gets no Node,
 * runs sandboxed in an isolated world, cannot open windows or navigate away from the console, and is
 * granted no permission beyond notifications.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, Session, Shell, WebContents, WebPreferences } from 'electron';
import { APP_START_URL, isAppUrl } from './protocol.js';

/** The console's dark background, shown before the first paint so the window never flashes white. */
export const WINDOW_BACKGROUND = '#0b0f14';

/** Permissions the console may have, and only for its own pages. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set([
  'notifications',
  // Chromium's Local Network Access gates requests to 127.0.0.1 and the LAN, where the backend usually is.
  'local-network-access',
  'local-network',
  'loopback-network',
]);

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Cyberponies Fleet Console',
    backgroundColor: WINDOW_BACKGROUND,
    darkTheme: true,
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export function isPermissionGranted(permission: string, requestingUrl: string | undefined): boolean {
  return GRANTED_PERMISSIONS.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl);
}

/** Links meant for a new window (target=_blank, window.open) go to the system browser, never to Electron. */
export function guardWebContents(contents: WebContents, shell: Pick<Shell, 'openExternal'>): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function guardPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
}

export interface MainWindowDependencies {
  readonly BrowserWindow: typeof BrowserWindow;
  readonly shell: Pick<Shell, 'openExternal'>;
}

export function createMainWindow(electron: MainWindowDependencies, preloadPath: string, startUrl = APP_START_URL): BrowserWindow {
  const window = new electron.BrowserWindow(mainWindowOptions(preloadPath));
  guardWebContents(window.webContents, electron.shell);
  guardPermissions(window.webContents.session);
  window.once('ready-to-show', () => window.show());
  window.loadURL(startUrl).catch((error: unknown) => {
    console.error(`Could not load ${startUrl}:`, error);
  });
  return window;
}

/** Brings the window in front of the operator: un-minimised, shown (it may be hidden behind the tray), focused. */
export function revealWindow(window: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
