/**
 * Electron's entry point. Thin on purpose: it wires Electron's objects into the plain modules beside
 * it, which are tested without Electron.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, nativeImage, Notification, protocol, shell, Tray } from 'electron';
import type { Menu as MenuType, NativeImage } from 'electron';
import { buildContentSecurityPolicy } from './csp.js';
import { createBridgeHandlers, registerBridgeHandlers } from './ipc.js';
import { deliverNotificationClick, NotificationCenter } from './notifications.js';
import { appPaths } from './paths.js';
import { createAppRequestHandler, registerAppScheme, serveAppProtocol } from './protocol.js';
import { loadSettingsStore } from './settings.js';
import { alarmImages, createAlarmBadge, createTray } from './tray.js';
import type { AlarmBadge, ImageMaker, TrayLike } from './tray.js';
import { createMainWindow, guardWebContents, revealWindow } from './window.js';

const paths = appPaths(dirname(fileURLToPath(import.meta.url)));

// Before ready: Chromium reads the scheme table once, at start-up.
registerAppScheme(protocol);

// Lets tests and side-by-side installs keep their settings apart.
const userDataDirectory = process.env.CYBERPONIES_USER_DATA_DIR;
if (userDataDirectory) app.setPath('userData', userDataDirectory);

let mainWindow: BrowserWindow | undefined;
// Held for the app's life: a tray that is garbage-collected disappears.
let tray: TrayLike<NativeImage, MenuType> | null = null;
let badge: AlarmBadge | null = null;

const imageMaker: ImageMaker<NativeImage> = {
  createFromPath: (path) => nativeImage.createFromPath(path),
  createFromBitmap: (pixels, size) => nativeImage.createFromBitmap(pixels, size),
  isEmpty: (image) => image.isEmpty(),
  resize: (image, size) => image.resize({ width: size, height: size }),
  toBitmap: (image) => image.toBitmap(),
  getSize: (image) => image.getSize(),
};

function openMainWindow(): BrowserWindow {
  const window = createMainWindow({ BrowserWindow, shell }, paths.preload);
  mainWindow = window;
  window.on('closed', () => {
    mainWindow = undefined;
  });
  // A window opened again (macOS) gets the taskbar overlay the count already calls for.
  badge?.refresh();
  return window;
}

/** The window, brought forward; opened again if it was closed (macOS keeps the app running without one). */
function showConsole(): BrowserWindow {
  const window = mainWindow ?? openMainWindow();
  revealWindow(window);
  return window;
}

async function start(): Promise<void> {
  const settings = await loadSettingsStore({
    directory: app.getPath('userData'),
    environment: process.env,
    onCorruptFile: (movedTo, problem) => console.warn(`Settings file was invalid (${problem}); moved to ${movedTo}, using defaults.`),
  });
  serveAppProtocol(
    protocol,
    createAppRequestHandler({ root: paths.renderer, contentSecurityPolicy: () => buildContentSecurityPolicy(settings.current()) }),
  );
  const images = alarmImages(imageMaker, paths.icon);
  tray = createTray<NativeImage, MenuType>({ Tray, Menu, images, showConsole, quit: () => app.quit() });
  badge = createAlarmBadge({ platform: process.platform, app, tray: () => tray, window: () => mainWindow, images });
  const notifications = new NotificationCenter(Notification, (target) => deliverNotificationClick(showConsole(), target), paths.icon);
  registerBridgeHandlers(
    ipcMain,
    createBridgeHandlers({
      settings,
      notify: (notification) => notifications.show(notification),
      setAlarmBadge: (count) => badge?.set(count),
      appVersion: () => app.getVersion(),
    }),
  );
  openMainWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) revealWindow(mainWindow);
  });
  // Every web contents, not only the main window's, gets the same navigation and window-open guards.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, shell));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && app.isReady()) openMainWindow();
  });
  app.whenReady().then(start).catch((error: unknown) => {
    console.error('The Fleet Console could not start:', error);
    app.exit(1);
  });
}
