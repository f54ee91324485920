/**
 * The `app://console/…` scheme the renderer is loaded from. A privileged standard scheme gives the
 * console a real origin (so CSP 'self', fetch and CORS behave as on the web) without file:// and its
 * access to the whole disk; files are served only from the renderer's build folder.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Protocol } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
/** What the backend allows in CORS; `new URL(...).origin` is "null" for custom schemes, so it is spelt out. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Whether a URL belongs to the console itself (same scheme and host); every other URL is foreign. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Must run before the app is ready: Chromium fixes its scheme table at start-up. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

function isInside(root: string, candidate: string): boolean {
  const path = relative(root, candidate);
  return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path));
}

/**
 * The file under `root` that an app:// URL names, or undefined when the URL is not the console's or
 * would leave `root` (`..`, encoded separators, NUL bytes). Purely lexical; symbolic links are
 * checked when the file is opened.
 */
export function resolveAppPath(root: string, requestUrl: string): string | undefined {
  if (!isAppUrl(requestUrl)) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  const relativePath = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const rootPath = resolve(root);
  const candidate = resolve(rootPath, relativePath);
  return isInside(rootPath, candidate) ? candidate : undefined;
}

async function isRegularFileInside(rootPath: string, path: string): Promise<boolean> {
  try {
    const [realRoot, realPath] = await Promise.all([realpath(rootPath), realpath(path)]);
    return isInside(realRoot, realPath) && (await stat(realPath)).isFile();
  } catch {
    return false;
  }
}

export interface AppRequestHandlerOptions {
  /** The renderer's build folder (out/renderer). */
  readonly root: string;
  /** Read on every page load so that a change of settings applies on the next reload. */
  readonly contentSecurityPolicy: () => string;
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Serves the console's files. A path without an extension that names no file gets index.html, so a
 * view the console put in the address bar survives a reload.
 */
export function createAppRequestHandler(options: AppRequestHandlerOptions): (request: Request) => Promise<Response> {
  const rootPath = resolve(options.root);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    const path = resolveAppPath(rootPath, request.url);
    if (path === undefined) return notFound();
    let file = path;
    if (!(await isRegularFileInside(rootPath, file))) {
      if (extname(file) !== '') return notFound();
      file = resolve(rootPath, 'index.html');
      if (!(await isRegularFileInside(rootPath, file))) return notFound();
    }
    const headers = {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': options.contentSecurityPolicy(),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    };
    return new Response(request.method === 'HEAD' ? null : await readFile(file), { status: 200, headers });
  };
}

export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, handler: (request: Request) => Promise<Response>): void {
  protocol.handle(APP_SCHEME, handler);
}
