/**
 * Base-map tiles without the internet: every tile request is answered locally, with CORS allowed as
 * tile servers do. Either one pixel of OpenStreetMap's land colour (cheap, for tests that only need
 * tiles to load), or a 256-pixel street tile drawn once in the browser itself, with blocks, streets and
 * labels, so that decoding, filtering and compositing cost what real tiles cost (for the benchmark).
 */
import type { Browser, Page, Route } from 'playwright-core';
import { z } from 'zod';

const LAND_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP49P4lAAWhAstl7N0JAAAAAElFTkSuQmCC', 'base64');
/** z/x/y.png: the zoom is the first number. */
export const TILE_PATH = /\/(\d+)\/\d+\/\d+\.png$/;

function isTileUrl(url: URL): boolean {
  return url.hostname.startsWith('tile.') || TILE_PATH.test(url.pathname);
}

function fulfilTile(route: Route, body: Buffer): Promise<void> {
  return route.fulfill({ status: 200, contentType: 'image/png', headers: { 'access-control-allow-origin': '*' }, body });
}

/** Answers the page's tile requests locally with `body` (one land pixel by default); `onTile` hears each tile's URL. */
export async function serveLandTiles(page: Page, onTile: (url: URL) => void = () => {}, body: Buffer = LAND_PIXEL_PNG): Promise<void> {
  await page.route(isTileUrl, (route) => {
    onTile(new URL(route.request().url()));
    return fulfilTile(route, body);
  });
}

/**
 * A street tile in OpenStreetMap's colours: land, a park, blocks of buildings, a grid of streets with
 * casings and a few labels, drawn in a canvas (a string, as the page's DOM types are not this file's).
 */
const DRAW_STREET_TILE = `(() => {
  const canvas = document.createElement('canvas');
  canvas.width = 256;
  canvas.height = 256;
  const context = canvas.getContext('2d');
  context.fillStyle = '#f2efe9';
  context.fillRect(0, 0, 256, 256);
  context.fillStyle = '#c8facc';
  context.fillRect(150, 20, 80, 60);
  context.fillStyle = '#d9d0c9';
  for (let row = 0; row < 6; row++) for (let column = 0; column < 6; column++) {
    context.fillRect(8 + column * 42 + (row % 2) * 3, 8 + row * 42, 30 - (column % 3) * 4, 28 - (row % 2) * 5);
  }
  for (const [width, colour] of [[9, '#c4b6ab'], [6, '#ffffff']]) {
    context.strokeStyle = colour;
    context.lineWidth = width;
    context.beginPath();
    for (let line = 0; line <= 6; line++) {
      context.moveTo(0, 2 + line * 42); context.lineTo(256, 6 + line * 42);
      context.moveTo(2 + line * 42, 0); context.lineTo(line * 42 - 4, 256);
    }
    context.moveTo(0, 250); context.lineTo(256, 10);
    context.stroke();
  }
  context.fillStyle = '#555555';
  context.font = '11px sans-serif';
  context.fillText('Rue de Charonne', 30, 87);
  context.fillText('Boulevard Voltaire', 120, 171);
  return canvas.toDataURL('image/png').slice('data:image/png;base64,'.length);
})()`;

export async function drawStreetTile(browser: Browser): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    return Buffer.from(z.string().parse(await page.evaluate(DRAW_STREET_TILE)), 'base64');
  } finally {
    await page.close();
  }
}
