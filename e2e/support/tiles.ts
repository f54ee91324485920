/**
 * Base-map tiles without the internet: every tile request answered with one pixel of OpenStreetMap's
 * land colour (the dark theme inverts it as it does real tiles), with CORS allowed as tile servers do.
 */
import type { Page, Route } from 'playwright-core';

export const LAND_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP49P4lAAWhAstl7N0JAAAAAElFTkSuQmCC', 'base64');
/** z/x/y.png: the zoom is the first number. */
export const TILE_PATH = /\/(\d+)\/\d+\/\d+\.png$/;

function isTileUrl(url: URL): boolean {
  return url.hostname.startsWith('tile.') || TILE_PATH.test(url.pathname);
}

function fulfilTile(route: Route): Promise<void> {
  return route.fulfill({ status: 200, contentType: 'image/png', headers: { 'access-control-allow-origin': '*' }, body: LAND_PIXEL_PNG });
}

/** Answers the page's tile requests locally; `onTile` hears each tile's URL. */
export async function serveLandTiles(page: Page, onTile: (url: URL) => void = () => {}): Promise<void> {
  await page.route(isTileUrl, (route) => {
    onTile(new URL(route.request().url()));
    return fulfilTile(route);
  });
}
