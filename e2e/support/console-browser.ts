/**
 * What every console test in Chromium needs first: Chromium itself, the built console, a screenshot
 * folder, and a signed-in page.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ConsolePage } from './console-page.js';
import { PROJECT_ROOT } from './electron.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots kept as artifacts of the run. */
export const ARTIFACTS = join(PROJECT_ROOT, 'test-results', 'console');

/** Fails with what to do when Chromium or the built console is missing. */
export async function prepareConsoleRun(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed at ${CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM_PATH)`);
  if (!existsSync(join(PROJECT_ROOT, 'out', 'renderer', 'index.html'))) throw new Error('the console is not built: run npm run build');
  await mkdir(ARTIFACTS, { recursive: true });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Who signs in, and what of the system the console must show before a test starts. */
export interface ConsoleSystem {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly network: { readonly devices: readonly unknown[] };
}

export interface SignInOptions {
  /** A console hash to open at (a shared link): `#/alarms?severity=critical`. */
  readonly hash?: string;
  /** Another operator than the system's admin. */
  readonly as?: { readonly username: string; readonly password: string };
  readonly context?: BrowserContext;
}

/** A new 1920×1080 dark page of the console, signed in, once the whole fleet is on its map and it is LIVE. */
export async function openSignedInConsole(browser: Browser, system: ConsoleSystem, options: SignInOptions = {}): Promise<{ page: Page; console: ConsolePage }> {
  const page = options.context ? await options.context.newPage() : await browser.newPage({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
  const console = new ConsolePage(page);
  await page.goto(`${system.url}/${options.hash ?? ''}`);
  const operator = options.as ?? system;
  await console.logIn(operator.username, operator.password);
  await console.waitForFleet(system.network.devices.length);
  return { page, console };
}
