/**
 * Electron's entry point. Thin on purpose: it wires Electron's objects into the plain modules beside
 * it, which are tested without Electron.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, Notification, protocol, shell } from 'electron';
import { buildContentSecurityPolicy } from './csp.js';
import { createBridgeHandlers, registerBridgeHandlers } from './ipc.js';
import { showNotification } from './notifications.js';
import { appPaths } from './paths.js';
import { createAppRequestHandler, registerAppScheme, serveAppProtocol } from './protocol.js';
import { loadSettingsStore } from './settings.js';
import { createMainWindow, guardWebContents } from './window.js';

const paths = appPaths(dirname(fileURLToPath(import.meta.url)));

// Before ready: Chromium reads the scheme table once, at start-up.
registerAppScheme(protocol);

// Lets tests and side-by-side installs keep their settings apart.
const userDataDirectory = process.env.CYBERPONIES_USER_DATA_DIR;
if (userDataDirectory) app.setPath('userData', userDataDirectory);

let mainWindow: BrowserWindow | undefined;

function openMainWindow(): void {
  mainWindow = createMainWindow({ BrowserWindow, shell }, paths.preload);
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
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
  registerBridgeHandlers(
    ipcMain,
    createBridgeHandlers({
      settings,
      notify: (notification) => showNotification(Notification, notification, paths.icon),
      appVersion: () => app.getVersion(),
    }),
  );
  openMainWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
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
