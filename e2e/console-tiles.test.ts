/**
 * The base map in the dark theme: each tile is filtered once in a canvas and shown as an image from a
 * blob: URL, which the console's Content-Security-Policy must allow, or the map is left without tiles.
 * Tiles are answered locally (no internet here), as a tile server would, with CORS allowed.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ARTIFACTS, launchChromium, prepareConsoleRun } from './support/console-browser.js';
import { ConsolePage } from './support/console-page.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';
import { serveLandTiles } from './support/tiles.js';

const tileListSchema = z.array(z.object({ src: z.string(), width: z.number(), filter: z.string() }));

describe('base tiles in the dark theme', () => {
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  const refusals: string[] = [];
  let tilesAsked = 0;

  beforeAll(async () => {
    await prepareConsoleRun();
    system = await startSystem({ fleet: { stations: 20, cars: 30, chargePoints: 40 } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refusals.push(message.text());
    });
    await serveLandTiles(page, () => {
      tilesAsked += 1;
    });
    await page.goto(system.url);
    const console = new ConsolePage(page);
    await console.logIn(system.username, system.password);
    await console.waitForFleet(system.network.devices.length);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('shows every tile, filtered, from a blob: image the policy allows', async () => {
    const tiles = page.locator('.base-tiles img.leaflet-tile-loaded');
    await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBeGreaterThan(4);
    // A string, as the page's DOM types are not this file's: every loaded tile's source, size and filter.
    const shown = tileListSchema.parse(
      await page.evaluate(`[...document.querySelectorAll('.base-tiles img.leaflet-tile-loaded')].map((image) => ({ src: image.src, width: image.naturalWidth, filter: image.style.filter }))`),
    );
    expect(tilesAsked).toBeGreaterThan(4);
    expect(shown.every((tile) => tile.src.startsWith('blob:') && tile.width > 0 && tile.filter === '')).toBe(true);
    expect(await page.getByTestId('tiles-unavailable').count()).toBe(0);
    expect(refusals).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'map-dark-tiles.png') });
  });
});
