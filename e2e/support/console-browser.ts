/** What every console test in Chromium needs first: Chromium itself, the built console, a screenshot folder. */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
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
