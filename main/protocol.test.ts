import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, APP_SCHEME, APP_START_URL, createAppRequestHandler, isAppUrl, registerAppScheme, resolveAppPath, serveAppProtocol } from './protocol.js';

// The handler takes Electron's protocol as an argument; the mock only guarantees nothing loads the real package.
vi.mock('electron', () => ({}));

let folder: string;
let root: string;
const policy = "default-src 'self'";

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cyberponies-protocol-'));
  root = join(folder, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(folder, 'secret.txt'), 'do not serve');
  await writeFile(join(folder, 'renderer-sibling.txt'), 'do not serve either');
  await symlink(join(folder, 'secret.txt'), join(root, 'assets', 'link.txt'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function fetchApp(url: string, method = 'GET'): Promise<Response> {
  return createAppRequestHandler({ root, contentSecurityPolicy: () => policy })(new Request(url, { method }));
}

describe('registerAppScheme', () => {
  it('registers app:// as a standard, secure scheme that fetch can use', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: APP_SCHEME, privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) },
    ]);
  });

  it('serves the scheme through protocol.handle', () => {
    const handle = vi.fn();
    const handler = createAppRequestHandler({ root, contentSecurityPolicy: () => policy });
    serveAppProtocol({ handle }, handler);
    expect(handle).toHaveBeenCalledWith('app', handler);
  });
});

describe('isAppUrl', () => {
  it('accepts only the console host on the app scheme', () => {
    expect(APP_ORIGIN).toBe('app://console');
    expect(isAppUrl(APP_START_URL)).toBe(true);
    expect(isAppUrl('app://console/deep/view?x=1#y')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://console/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('app://console.evil.example/')).toBe(false);
    expect(isAppUrl('nonsense')).toBe(false);
  });
});

describe('the app:// handler', () => {
  it('serves the console with its type and the Content-Security-Policy', async () => {
    const response = await fetchApp(APP_START_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(policy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>console</title>');
  });

  it('serves files below the root and index.html for the bare origin', async () => {
    const script = await fetchApp('app://console/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect(await (await fetchApp('app://console/')).text()).toContain('console');
  });

  it('answers a view path with no extension with index.html, and a missing file with 404', async () => {
    expect(await (await fetchApp('app://console/alarms')).text()).toContain('<title>console</title>');
    expect((await fetchApp('app://console/assets/missing.js')).status).toBe(404);
  });

  it.each([
    'app://console/../secret.txt',
    'app://console/%2e%2e/secret.txt',
    'app://console/assets/..%2f..%2fsecret.txt',
    'app://console/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    'app://console/%2e%2e%5csecret.txt',
    'app://console/..%5c..%5csecret.txt',
    'app://console/..%2frenderer-sibling.txt',
    'app://console/%00index.html',
    'app://console/%E0%A4%A',
    'app://console/assets/link.txt',
    'app://other-host/index.html',
  ])('refuses %s', async (url) => {
    const response = await fetchApp(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/do not serve/);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await fetchApp(APP_START_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetchApp(APP_START_URL, 'POST')).status).toBe(405);
  });

  it('reads the policy on every request, so changed settings apply on reload', async () => {
    let current = 'first';
    const handler = createAppRequestHandler({ root, contentSecurityPolicy: () => current });
    expect((await handler(new Request(APP_START_URL))).headers.get('content-security-policy')).toBe('first');
    current = 'second';
    expect((await handler(new Request(APP_START_URL))).headers.get('content-security-policy')).toBe('second');
  });
});

describe('resolveAppPath', () => {
  it('stays inside the root or gives nothing', () => {
    expect(resolveAppPath('/srv/renderer', 'app://console/a/b.js')).toBe('/srv/renderer/a/b.js');
    expect(resolveAppPath('/srv/renderer', 'app://console/a/../../b.js')).toBe('/srv/renderer/b.js');
    expect(resolveAppPath('/srv/renderer', 'app://console/..%2f..%2fetc/passwd')).toBeUndefined();
    expect(resolveAppPath('/srv/renderer', 'https://console/index.html')).toBeUndefined();
  });
});
