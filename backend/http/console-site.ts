/**
 * The web console (the built renderer) at `/`, with its Content-Security-Policy, and the map's offline
 * outline layer. Without a build, `/` says how to make one instead of a bare 404.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { tileSource } from '../../shared/tile-source.js';
import { HttpError } from './errors.js';

export const OUTLINE_PATH = '/map/outline.geojson';

export function contentSecurityPolicy(tileUrl: string): string {
  const tiles = tileSource(tileUrl);
  return [
    "default-src 'self'",
    // The tile worker fetches tiles: a connection, not an image load.
    `connect-src 'self' ws: wss:${tiles ? ` ${tiles}` : ''}`,
    `img-src 'self' data:${tiles ? ` ${tiles}` : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export async function registerConsoleSite(app: FastifyInstance, options: {
  readonly consoleDir: string;
  readonly tileUrl: string;
  readonly outlineGeojson: string | null;
}): Promise<void> {
  const policy = contentSecurityPolicy(options.tileUrl);
  const root = resolve(options.consoleDir);
  if (existsSync(join(root, 'index.html'))) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: true,
      setHeaders: (reply) => {
        reply.header('Content-Security-Policy', policy);
        reply.header('X-Content-Type-Options', 'nosniff');
      },
    });
  } else {
    app.log.warn({ consoleDir: root }, 'no built web console: run `npm run build` to serve it at /');
    app.get('/', (_request, reply) =>
      reply
        .code(503)
        .header('Content-Security-Policy', policy)
        .type('text/plain; charset=utf-8')
        .send(`The web console is not built yet: there is no ${join(root, 'index.html')}.\nRun \`npm run build\` in the repository, then restart the backend.\n`),
    );
  }

  const outline = options.outlineGeojson ? resolve(options.outlineGeojson) : null;
  if (outline && !existsSync(outline)) app.log.warn({ outlineGeojson: outline }, 'the outline GeoJSON file does not exist');
  app.get(OUTLINE_PATH, (_request, reply) => {
    if (!outline) throw new HttpError('notFound', 'No outline layer is configured (set CYBERPONIES_OUTLINE_GEOJSON).');
    if (!existsSync(outline)) throw new HttpError('notFound', `The outline layer file ${outline} does not exist.`);
    return reply.type('application/geo+json').header('Cache-Control', 'public, max-age=3600').send(createReadStream(outline));
  });
}
