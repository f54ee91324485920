import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_PUBLIC_KEY_FILE } from '../shared/car-commands.js';
import { defaultConfig } from './config.js';
import type { BackendConfig } from './config.js';
import { startBackend } from './server.js';
import { createTestSchema, silentLogger, testEngines } from './store/testing.js';
import type { TestSchema } from './store/testing.js';

describe.each(testEngines())('startBackend on $name', (engine) => {
  let dataDir = '';
  let config: BackendConfig;
  let schema: TestSchema | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-server-'));
    schema = engine.databaseUrl ? await createTestSchema(engine.databaseUrl) : null;
    config = defaultConfig({
      host: '127.0.0.1',
      port: 0,
      mqttPort: 0,
      dataDir,
      databaseUrl: schema?.databaseUrl ?? null,
      consoleDir: join(dataDir, 'no-console'),
      demoStations: 6,
      demoCars: 5,
      demoChargePoints: 10,
    });
  });
  afterAll(async () => {
    await schema?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on free ports, serves health and login, and stops', async () => {
    const announced: string[] = [];
    const backend = await startBackend(config, silentLogger, { announce: (text) => announced.push(text), environment: { CYBERPONIES_ADMIN_PASSWORD: 'admin password' } });
    try {
      expect(backend.httpPort).toBeGreaterThan(0);
      expect(backend.mqttPort).toBeGreaterThan(0);
      expect(backend.httpUrl).toBe(`http://127.0.0.1:${backend.httpPort}`);
      const health = await (await fetch(`${backend.httpUrl}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', devices: { known: 15, online: 0 } });
      expect(backend.createdOperators.map((operator) => operator.username)).toEqual(['admin', 'dispatcher', 'support', 'supervisor']);
      const dispatcherPassword = backend.createdOperators.find((operator) => operator.username === 'dispatcher')?.generatedPassword ?? '';
      expect(announced.join('\n')).toContain(dispatcherPassword);
      expect(announced.join('\n')).not.toContain('admin password');
      const login = await fetch(`${backend.httpUrl}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'dispatcher', password: dispatcherPassword }),
      });
      expect(login.status).toBe(200);
      expect(backend.demoFleet?.cars).toBe(5);
      // The simulator reads the command public key from the data directory, as it reads the fleet.
      expect(await readFile(join(dataDir, COMMAND_PUBLIC_KEY_FILE), 'utf8')).toBe(`${backend.commandKey.publicKey}\n`);
    } finally {
      await backend.close();
    }
    await expect(fetch(`${backend.httpUrl}/health`)).rejects.toThrow();
  });

  it('keeps its fleet and operators across a restart, and creates nothing twice', async () => {
    const announced: string[] = [];
    const backend = await startBackend({ ...config, demoCars: 99 }, silentLogger, { announce: (text) => announced.push(text), environment: {} });
    try {
      expect(backend.createdOperators).toEqual([]);
      expect(announced).toEqual([]);
      expect(backend.demoFleet?.cars).toBe(5);
      const health = await (await fetch(`${backend.httpUrl}/health`)).json();
      expect(health).toMatchObject({ devices: { known: 15 } });
      const login = await fetch(`${backend.httpUrl}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'admin password' }),
      });
      expect(login.status).toBe(200);
    } finally {
      await backend.close();
    }
  });

  it('reports a port in use and leaves nothing open', async () => {
    const first = await startBackend(config, silentLogger, { announce: () => undefined, environment: {} });
    try {
      await expect(startBackend({ ...config, port: first.httpPort, dataDir: join(dataDir, 'second') }, silentLogger, { announce: () => undefined, environment: {} })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
