/**
 * The desktop shell end to end: the built main and preload, and the whole journey in a real Electron
 * window (started under xvfb-run by the project's scripts). The journey needs an Electron binary,
 * which cannot be downloaded on every machine; where there is none it is reported skipped, by name.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { _electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BRIDGE_GLOBAL, bridgeChannels } from '../shared/bridge.js';
import { ConsolePage } from './support/console-page.js';
import { findElectronBinary, PROJECT_ROOT } from './support/electron.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';
import type { Display } from './support/xvfb.js';
import { ensureDisplay } from './support/xvfb.js';

const MAIN_BUNDLE = join(PROJECT_ROOT, 'out', 'main', 'index.js');
const PRELOAD_BUNDLE = join(PROJECT_ROOT, 'out', 'preload', 'index.cjs');
const ARTIFACTS = join(PROJECT_ROOT, 'test-results', 'electron');

const binary = findElectronBinary();
const JOURNEY = binary ? 'Electron desktop journey' : 'Electron desktop journey (skipped: no Electron binary on this machine)';
if (!binary) {
  console.warn(
    'Electron desktop journey skipped: no Electron binary on this machine (node_modules/electron/path.txt and dist/ are missing; ' +
      'set ELECTRON_OVERRIDE_DIST_PATH to use one installed elsewhere).',
  );
}

describe('findElectronBinary', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'cyberponies-electron-lookup-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('finds nothing in a package that was never downloaded, without requiring it', async () => {
    const packageDirectory = join(folder, 'never-downloaded');
    await mkdir(packageDirectory, { recursive: true });
    await writeFile(join(packageDirectory, 'index.js'), 'throw new Error("this would download Electron")');
    expect(findElectronBinary({ packageDirectory, environment: {} })).toBeUndefined();
  });

  it('finds nothing when path.txt names a binary that is not in dist/', async () => {
    const packageDirectory = join(folder, 'half-downloaded');
    await mkdir(packageDirectory, { recursive: true });
    await writeFile(join(packageDirectory, 'path.txt'), 'electron');
    expect(findElectronBinary({ packageDirectory, environment: {} })).toBeUndefined();
  });

  it('finds the binary path.txt names inside dist/', async () => {
    const packageDirectory = join(folder, 'downloaded');
    await mkdir(join(packageDirectory, 'dist'), { recursive: true });
    await writeFile(join(packageDirectory, 'path.txt'), 'electron');
    await writeFile(join(packageDirectory, 'dist', 'electron'), '');
    await chmod(join(packageDirectory, 'dist', 'electron'), 0o755);
    expect(findElectronBinary({ packageDirectory, environment: {} })).toBe(join(packageDirectory, 'dist', 'electron'));
  });

  it('prefers ELECTRON_OVERRIDE_DIST_PATH, as the electron package does', async () => {
    const override = join(folder, 'elsewhere');
    await mkdir(override, { recursive: true });
    await writeFile(join(override, 'electron'), '');
    const packageDirectory = join(folder, 'downloaded');
    expect(findElectronBinary({ packageDirectory, environment: { ELECTRON_OVERRIDE_DIST_PATH: override } })).toBe(join(override, 'electron'));
    expect(findElectronBinary({ packageDirectory: join(folder, 'never-downloaded'), environment: { ELECTRON_OVERRIDE_DIST_PATH: override } })).toBe(
      join(override, 'electron'),
    );
  });
});

describe('a display for the desktop journey', () => {
  it('starts its own Xvfb where there is no DISPLAY, and stops it afterwards', async () => {
    const display = await ensureDisplay({});
    const socket = `/tmp/.X11-unix/X${display.name.slice(1)}`;
    expect(existsSync(socket)).toBe(true);
    await display.close();
    await expect.poll(() => existsSync(socket), { timeout: 5_000 }).toBe(false);
  });

  it('uses the display it is given', async () => {
    expect((await ensureDisplay({ DISPLAY: ':42' })).name).toBe(':42');
  });
});

describe('the built desktop shell', () => {
  beforeAll(async () => {
    if (existsSync(MAIN_BUNDLE) && existsSync(PRELOAD_BUNDLE)) return;
    // main and preload are built before the renderer, so they exist even if the renderer's build fails.
    await promisify(execFile)('npx', ['electron-vite', 'build'], { cwd: PROJECT_ROOT }).catch(() => undefined);
  }, 300_000);

  it('has a main process that is an ES module importing only Electron, Node and packaged dependencies', async () => {
    const code = await readFile(MAIN_BUNDLE, 'utf8');
    const packageJson = z.object({ dependencies: z.record(z.string(), z.string()) }).parse(JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')));
    const imports = [...code.matchAll(/^import\s(?:[^'"]*?\sfrom\s)?["']([^"']+)["']/gm)].map((match) => match[1] ?? '');
    expect(imports).toContain('electron');
    const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
    const unexpected = imports.filter(
      (specifier) => specifier !== 'electron' && !specifier.startsWith('node:') && !builtinModules.includes(specifier) && !(packageName(specifier) in packageJson.dependencies),
    );
    expect(unexpected).toEqual([]);
    expect(code).not.toMatch(/\brequire\(/);
  });

  it('has a preload that is one CommonJS file needing nothing but electron, and exposes the bridge', async () => {
    const code = await readFile(PRELOAD_BUNDLE, 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    const required: string[] = [];
    const exposed = new Map<string, unknown>();
    const invoked: unknown[][] = [];
    const settings = { backendUrl: 'http://127.0.0.1:8080', tileUrl: null, theme: 'dark', alarmSound: true, alarmsMuted: false, alarmSnooze: null };
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args);
          return settings;
        },
      },
    };
    // A sandboxed preload gets a require() that knows only a handful of modules; this one knows only electron.
    const fakeRequire = (name: string) => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    };
    const load: unknown = runInNewContext(`(function (exports, require, module) {\n${code}\n})`, { URL, console }, { filename: PRELOAD_BUNDLE });
    if (typeof load !== 'function') throw new Error('the preload did not evaluate to a function');
    const module = { exports: {} };
    Reflect.apply(load, undefined, [module.exports, fakeRequire, module]);
    expect(required).toEqual(['electron']);
    const bridge = exposed.get(BRIDGE_GLOBAL);
    expect(Reflect.get(Object(bridge), 'platform')).toBe('desktop');
    const getSettings: unknown = Reflect.get(Object(bridge), 'getSettings');
    if (typeof getSettings !== 'function') throw new Error('the bridge has no getSettings');
    const answer: unknown = await Reflect.apply(getSettings, bridge, []);
    expect(JSON.parse(JSON.stringify(answer))).toEqual(settings);
    expect(invoked).toEqual([[bridgeChannels.getSettings]]);
  });
});

describe.skipIf(!binary)(JOURNEY, () => {
  let system: RunningSystem;
  let display: Display;
  let userData: string;
  let application: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    system = await startSystem();
    await system.waitUntilAllOnline();
    display = await ensureDisplay();
    userData = await mkdtemp(join(tmpdir(), 'cyberponies-electron-'));
    await mkdir(ARTIFACTS, { recursive: true });
    const { ELECTRON_RUN_AS_NODE: _runAsNode, ...environment } = process.env;
    application = await _electron.launch({
      executablePath: binary ?? '',
      args: [MAIN_BUNDLE],
      cwd: PROJECT_ROOT,
      env: { ...environment, CYBERPONIES_URL: system.url, CYBERPONIES_USER_DATA_DIR: userData, DISPLAY: display.name },
      timeout: 60_000,
    });
    page = await application.firstWindow();
  }, 120_000);

  afterAll(async () => {
    await application?.close();
    await system?.close();
    await display?.close();
    if (userData) await rm(userData, { recursive: true, force: true });
  });

  it('opens one locked-down window on app://console with the login screen', async () => {
    await page.getByTestId('login-username').waitFor({ timeout: 30_000 });
    expect(page.url()).toMatch(/^app:\/\/console\//);
    // No Node in the page, the bridge present, and no second window however the page asks for one.
    expect(await page.evaluate(() => [typeof Reflect.get(globalThis, 'require'), typeof Reflect.get(globalThis, 'process')])).toEqual(['undefined', 'undefined']);
    expect(await page.evaluate((key) => Reflect.get(Object(Reflect.get(globalThis, key)), 'platform'), BRIDGE_GLOBAL)).toBe('desktop');
    const isDenied = await page.evaluate(() => Reflect.apply(Reflect.get(globalThis, 'open'), globalThis, ['about:blank']) === null);
    expect(isDenied).toBe(true);
    expect(await application.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, '1-login.png') });
  });

  it('logs in, shows the fleet on the map, and opens a device’s panel on click', async () => {
    const console = new ConsolePage(page);
    await console.logIn(system.username, system.password);
    await console.waitForFleet(system.network.devices.length);
    await page.screenshot({ path: join(ARTIFACTS, '2-map.png') });
    await console.openFirstDeviceOnScreen(system.network.devices.map((device) => device.id));
    await page.screenshot({ path: join(ARTIFACTS, '3-device-panel.png') });
  });
});
