/**
 * The Content-Security-Policy the console's pages are served with. It is built from the settings
 * because the backend and the tile server are wherever the operator points the console.
 */
import type { Settings } from '../shared/bridge.js';
import { tileSource } from '../shared/tile-source.js';

/** Where the backend's default tile template (OpenStreetMap's) is served from when the settings name none. */
export const DEFAULT_TILE_SOURCES = ['https://tile.openstreetmap.org', 'https://*.tile.openstreetmap.org'] as const;

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** http → ws, https → wss: the console hub's socket lives on the backend's own host and port. */
export function webSocketOrigin(httpOrigin: string): string {
  return httpOrigin.replace(/^http(s?):/, 'ws$1:');
}

export function buildContentSecurityPolicy(settings: Pick<Settings, 'backendUrl' | 'tileUrl'>): string {
  const backend = parseUrl(settings.backendUrl);
  const backendOrigin = backend && (backend.protocol === 'http:' || backend.protocol === 'https:') ? backend.origin : undefined;
  const customTiles = settings.tileUrl === null ? undefined : tileSource(settings.tileUrl);
  const tiles = customTiles === undefined ? DEFAULT_TILE_SOURCES : [customTiles];
  // The backend may serve tiles and the outline layer itself, so it is an image source too.
  const imageSources = ["'self'", 'data:', ...tiles, ...(backendOrigin ? [backendOrigin] : [])];
  // The tile worker fetches tiles: a connection, not an image load.
  const connectSources = ["'self'", ...(backendOrigin ? [backendOrigin, webSocketOrigin(backendOrigin)] : []), ...tiles];
  const directives: readonly (readonly string[])[] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', ...new Set(imageSources)],
    ['connect-src', ...new Set(connectSources)],
    ['font-src', "'self'", 'data:'],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((directive) => directive.join(' ')).join('; ');
}
