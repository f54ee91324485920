import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthSchema } from '../../shared/api-schemas.js';
import { generateDemoNetwork } from '../../shared/network.js';
import { defaultConfig } from '../config.js';
import { createInventory } from '../inventory/inventory.js';
import { generateDeviceSecret } from '../inventory/secrets.js';
import { createOperators } from '../operators/operators.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createHttpApp } from './app.js';
import { contentSecurityPolicy } from './console-site.js';

const OUTLINE = new URL('../../../shared/data/paris-petite-couronne.geojson', import.meta.url).pathname;
const network = generateDemoNetwork({ seed: 5, stations: 4, cars: 3, chargePoints: 6 });

describe('the HTTP app', () => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let bareApp: FastifyInstance;
  let adminToken = '';
  let dispatcherToken = '';

  beforeAll(async () => {
    const engine = testEngines()[0];
    if (!engine) throw new Error('PGlite is always an engine');
    test = await openTestDatabase(engine);
    const inventory = await createInventory(test.db);
    await inventory.provision(network, generateDeviceSecret);
    const operators = createOperators(test.db);
    await operators.add('admin', 'admin', 'admin password');
    await operators.add('dispatcher', 'dispatcher', 'dispatcher password');
    const consoleDir = join(test.dataDir, 'console');
    await mkdir(consoleDir);
    await writeFile(join(consoleDir, 'index.html'), '<!doctype html><title>Fleet Console</title>');
    const options = { version: '9.8.7', inventory, operators, deviceCounts: () => ({ known: inventory.devices().length, online: 2 }), logger: silentLogger };
    const ingestCounters = () => ({ accepted: 12, written: 10, duplicates: 1, transitions: 3, dropped: 1, queued: 0 });
    app = await createHttpApp({ ...options, ingestCounters, config: defaultConfig({ consoleDir, outlineGeojson: OUTLINE, allowedOrigins: ['app://console'] }) });
    bareApp = await createHttpApp({ ...options, config: defaultConfig({ consoleDir: join(test.dataDir, 'missing'), outlineGeojson: null }) });
    const login = async (username: string, password: string) => (await app.inject({ method: 'POST', url: '/api/login', payload: { username, password } })).json<{ token: string }>().token;
    adminToken = await login('admin', 'admin password');
    dispatcherToken = await login('dispatcher', 'dispatcher password');
  });
  afterAll(async () => {
    await app.close();
    await bareApp.close();
    await test.cleanup();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('answers /health with device counts', async () => {
    const response = await app.inject('/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', devices: { known: 9, online: 2 }, version: '9.8.7' });
  });

  it('adds ingest’s counters to /health where ingest runs, in the shared schema', async () => {
    const health = healthSchema.parse((await app.inject('/health')).json());
    expect(health.ingest).toEqual({ accepted: 12, written: 10, duplicates: 1, transitions: 3, dropped: 1, queued: 0 });
    expect(healthSchema.parse((await bareApp.inject('/health')).json()).ingest).toBeUndefined();
  });

  it('gives the public console config before login', async () => {
    const response = await app.inject('/api/config');
    expect(response.json()).toMatchObject({ version: '9.8.7', tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', outlineUrl: '/map/outline.geojson', mapZoom: 12 });
    expect((await bareApp.inject('/api/config')).json()).toMatchObject({ outlineUrl: null });
  });

  it('logs in, says who is logged in, and logs out', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'dispatcher', password: 'dispatcher password' } });
    expect(login.statusCode).toBe(200);
    const { token, operator } = login.json<{ token: string; operator: { username: string } }>();
    expect(operator.username).toBe('dispatcher');
    expect((await app.inject({ url: '/api/me', headers: bearer(token) })).json()).toMatchObject({ username: 'dispatcher', role: 'dispatcher' });
    expect((await app.inject({ method: 'POST', url: '/api/logout', headers: bearer(token) })).statusCode).toBe(204);
    const after = await app.inject({ url: '/api/me', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ error: { code: 'unauthenticated', message: 'Your session has expired or is not valid: log in again.' } });
  });

  it('refuses wrong credentials and bad bodies with clear JSON errors', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'unauthenticated', message: 'Wrong username or password.' } });
    const missing = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: { code: 'invalid', message: expect.stringContaining('password') } });
    const broken = await app.inject({ method: 'POST', url: '/api/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ error: { code: 'invalid' } });
    const xml = await app.inject({ method: 'POST', url: '/api/login', headers: { 'content-type': 'application/xml' }, payload: '<login/>' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toMatchObject({ error: { code: 'invalid', message: expect.stringContaining('JSON') } });
    const text = await app.inject({ method: 'POST', url: '/api/login', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(400);
    const nowhere = await app.inject('/api/nothing');
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json()).toMatchObject({ error: { code: 'notFound' } });
  });

  it('requires a bearer token for the API', async () => {
    const none = await app.inject('/api/devices');
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: { code: 'unauthenticated', message: expect.stringContaining('Bearer') } });
    expect((await app.inject({ url: '/api/devices', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
  });

  it('lists devices, by kind, and shows one', async () => {
    const all = (await app.inject({ url: '/api/devices', headers: bearer(dispatcherToken) })).json<{ devices: { id: string; kind: string }[] }>();
    expect(all.devices).toHaveLength(9);
    const cars = (await app.inject({ url: '/api/devices?kind=car', headers: bearer(dispatcherToken) })).json<{ devices: { kind: string }[] }>();
    expect(cars.devices.map((device) => device.kind)).toEqual(['car', 'car', 'car']);
    const bad = await app.inject({ url: '/api/devices?kind=boat', headers: bearer(dispatcherToken) });
    expect(bad.statusCode).toBe(400);
    const id = all.devices[0]?.id ?? '';
    const one = await app.inject({ url: `/api/devices/${id}`, headers: bearer(dispatcherToken) });
    expect(one.json()).toMatchObject({ device: { id }, model: { id: expect.any(String) }, station: { id: expect.any(String) } });
    expect((await app.inject({ url: '/api/devices/nobody', headers: bearer(dispatcherToken) })).statusCode).toBe(404);
  });

  it('lets only an admin list and add operators', async () => {
    const forbidden = await app.inject({ url: '/api/operators', headers: bearer(dispatcherToken) });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ error: { code: 'forbidden' } });
    const added = await app.inject({ method: 'POST', url: '/api/operators', headers: bearer(adminToken), payload: { username: 'eve', role: 'support' } });
    expect(added.statusCode).toBe(201);
    const { generatedPassword } = added.json<{ generatedPassword: string }>();
    expect(generatedPassword.length).toBeGreaterThanOrEqual(20);
    const again = await app.inject({ method: 'POST', url: '/api/operators', headers: bearer(adminToken), payload: { username: 'eve', role: 'support' } });
    expect(again.statusCode).toBe(409);
    const badRole = await app.inject({ method: 'POST', url: '/api/operators', headers: bearer(adminToken), payload: { username: 'frank', role: 'king' } });
    expect(badRole.statusCode).toBe(400);
    const list = (await app.inject({ url: '/api/operators', headers: bearer(adminToken) })).json<{ operators: { username: string }[] }>();
    expect(list.operators.map((operator) => operator.username)).toEqual(['admin', 'dispatcher', 'eve']);
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'eve', password: generatedPassword } });
    expect(login.statusCode).toBe(200);
  });

  it('serves the web console with a Content-Security-Policy, or says how to build it', async () => {
    const page = await app.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Fleet Console');
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy('https://tile.openstreetmap.org/{z}/{x}/{y}.png'));
    expect(page.headers['content-security-policy']).toContain("img-src 'self' data: https://tile.openstreetmap.org");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self' ws: wss: https://tile.openstreetmap.org");
    const missing = await bareApp.inject('/');
    expect(missing.statusCode).toBe(503);
    expect(missing.body).toContain('npm run build');
  });

  it('serves the outline layer when one is configured', async () => {
    const outline = await app.inject('/map/outline.geojson');
    expect(outline.statusCode).toBe(200);
    expect(outline.headers['content-type']).toContain('application/geo+json');
    expect(outline.json()).toMatchObject({ type: 'FeatureCollection' });
    expect((await bareApp.inject('/map/outline.geojson')).statusCode).toBe(404);
  });

  it('allows the configured origins across origins, and no others', async () => {
    const preflight = (origin: string) =>
      app.inject({ method: 'OPTIONS', url: '/api/login', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect((await preflight('app://console')).headers['access-control-allow-origin']).toBe('app://console');
    expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
  });
});
