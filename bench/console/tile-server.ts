/**
 * The benchmark's base-map tiles, served over HTTP from the backend's process (on the backend's core) as
 * a tile server does: one street tile for every z/x/y, with CORS allowed and a day's cache lifetime, so
 * the browser caches them as it caches OpenStreetMap's. Answering them from the test driver through
 * DevTools instead put the driver and a base64 copy of every tile on Chromium's core, with the HTTP cache
 * off (routing disables it), at every zoom: work no deployment does.
 */
import { createServer } from 'node:http';
import { TILE_PATH } from '../../e2e/support/tiles.js';

export interface TileServer {
  /** A tile URL template for the backend's configuration. */
  readonly urlTemplate: string;
  close(): Promise<void>;
}

export async function serveTiles(tile: Buffer, host = '127.0.0.1'): Promise<TileServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://tiles').pathname;
    if (request.method !== 'GET' || !TILE_PATH.test(path)) {
      response.writeHead(404, { 'access-control-allow-origin': '*' }).end();
      return;
    }
    response
      .writeHead(200, {
        'content-type': 'image/png',
        'content-length': tile.length,
        'access-control-allow-origin': '*',
        'cache-control': 'public, max-age=86400',
      })
      .end(tile);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    urlTemplate: `http://${host}:${port}/{z}/{x}/{y}.png`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
