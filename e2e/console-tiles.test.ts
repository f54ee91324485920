/**
 * The base map in the dark theme: each tile is a canvas its image is drawn into once, through the dark
 * filter, and nothing the console's Content-Security-Policy refuses is used on the way. Tiles are
 * answered locally (no internet here), as a tile server would, with CORS allowed; a light land pixel
 * must come out dark. A zoom back to where the map was shows the tiles filtered then, not new ones.
 * Tiles wait for the fleet's first drawing, so that opening the console shows the devices first.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ARTIFACTS, launchChromium, prepareConsoleRun } from './support/console-browser.js';
import { ConsolePage } from './support/console-page.js';
import { MapPage } from './support/map-page.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';
import { serveLandTiles } from './support/tiles.js';

const tileListSchema = z.array(z.object({ width: z.number(), red: z.number(), green: z.number(), blue: z.number(), isFromWorker: z.boolean() }));

/** Every loaded tile's size and the colour of its centre (a string: the page's DOM types are not this file's). */
const READ_TILES = `[...document.querySelectorAll('.base-tiles canvas.leaflet-tile-loaded')].map((tile) => {
  // A tile's canvas shows a bitmap (the tile worker's) or was drawn in: copy either to read it.
  const copy = document.createElement('canvas');
  copy.width = tile.width;
  copy.height = tile.height;
  const context = copy.getContext('2d');
  context.drawImage(tile, 0, 0);
  const [red, green, blue] = context.getImageData(tile.width / 2, tile.height / 2, 1, 1).data;
  // A canvas has one kind of context: the worker's tiles have a bitmap renderer, not a 2D one.
  return { width: tile.width, red, green, blue, isFromWorker: tile.getContext('2d') === null };
})`;

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

  it('shows every tile, drawn dark from the light land colour, with nothing refused by the policy', async () => {
    const tiles = page.locator('.base-tiles canvas.leaflet-tile-loaded');
    await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBeGreaterThan(4);
    const shown = tileListSchema.parse(await page.evaluate(READ_TILES));
    expect(tilesAsked).toBeGreaterThan(4);
    // OpenStreetMap's land (#f2efe9) through the dark filter: every channel well below the middle.
    expect(shown.every((tile) => tile.width >= 256 && Math.max(tile.red, tile.green, tile.blue) < 90)).toBe(true);
    // Fetched, decoded and filtered off the main thread.
    expect(shown.every((tile) => tile.isFromWorker)).toBe(true);
    expect(await page.getByTestId('tiles-unavailable').count()).toBe(0);
    expect(refusals).toEqual([]);
    // The outline stands in for missing tiles only.
    expect(await page.locator('.leaflet-outline-pane canvas').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'map-dark-tiles.png') });
  });

  it('shows the tiles it filtered before when the map zooms back, instead of loading and filtering them again', async () => {
    const map = new MapPage(page);
    const before = await page.evaluate(`[...document.querySelectorAll('.base-tiles canvas.leaflet-tile-loaded')].map((tile, index) => {
      tile.dataset.filteredAs = String(index);
      return tile.dataset.filteredAs;
    })`);
    const marked = z.array(z.string()).parse(before);
    await map.zoomBy(1);
    await expect.poll(() => page.locator('.base-tiles canvas.leaflet-tile-loaded:not([data-filtered-as])').count(), { timeout: 30_000 }).toBeGreaterThan(4);
    await map.zoomBy(-1);
    const shownAgain = page.locator('.base-tiles canvas.leaflet-tile-loaded[data-filtered-as]');
    await expect.poll(() => shownAgain.count(), { timeout: 30_000 }).toBe(marked.length);
  });

  it("asks for no tile before the fleet is drawn: a console opening on a busy core shows the devices first", async () => {
    // The backend's messages from the fleet snapshot on are held back a while, as a slow link would.
    const holdMs = 600;
    const second = await browser.newPage({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
    let tilesBeforeSnapshot: number | null = null;
    let asked = 0;
    try {
      await serveLandTiles(second, () => {
        asked += 1;
      });
      await second.routeWebSocket(/\/socket\.io\//, (socket) => {
        const server = socket.connectToServer();
        socket.onMessage((message) => server.send(message));
        let held: (string | Buffer)[] | null = null;
        server.onMessage((message) => {
          if (held === null && typeof message === 'string' && message.includes('"fleet:snapshot"')) {
            held = [];
            setTimeout(() => {
              tilesBeforeSnapshot = asked;
              for (const each of held ?? []) socket.send(each);
              held = null;
            }, holdMs);
          }
          if (held) held.push(message);
          else socket.send(message);
        });
      });
      await second.goto(system.url);
      const console = new ConsolePage(second);
      await console.logIn(system.username, system.password);
      await console.waitForFleet(system.network.devices.length);
      await expect.poll(() => second.locator('.base-tiles canvas.leaflet-tile-loaded').count(), { timeout: 30_000 }).toBeGreaterThan(4);
      expect(tilesBeforeSnapshot).toBe(0);
    } finally {
      await second.close();
    }
  });
});
