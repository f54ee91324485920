import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config.js';
import { startBackend } from '../server.js';
import type { RunningBackend } from '../server.js';
import { silentLogger } from '../store/testing.js';
import { readCredentials } from './credentials.js';
import { EXIT, runCli } from './index.js';
import type { CliIo } from './index.js';
import { credentialsPath } from './io.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('the cyberponies CLI against a running backend', () => {
  let dataDir = '';
  let configHome = '';
  let backend: RunningBackend;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-cli-'));
    configHome = join(dataDir, 'config');
    const config = defaultConfig({ host: '127.0.0.1', port: 0, mqttPort: 0, dataDir, consoleDir: join(dataDir, 'none'), demoStations: 4, demoCars: 3, demoChargePoints: 6 });
    backend = await startBackend(config, silentLogger, { announce: () => undefined, environment: { CYBERPONIES_ADMIN_PASSWORD: 'admin password', CYBERPONIES_DISPATCHER_PASSWORD: 'dispatcher password' } });
  });
  afterAll(async () => {
    await backend.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function cli(argv: readonly string[], environment: Record<string, string> = {}, answers: readonly string[] = []): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const pending = [...answers];
    const io: CliIo = {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      environment: { XDG_CONFIG_HOME: configHome, CYBERPONIES_URL: backend.httpUrl, ...environment },
      prompt: async () => pending.shift(),
      stopRequested: () => new Promise(() => undefined),
    };
    const code = await runCli(argv, io);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  it('says what to do before anyone logged in', async () => {
    const run = await cli(['device', 'list']);
    expect(run.code).toBe(EXIT.authentication);
    expect(run.stderr).toContain('cyberponies login');
  });

  it('logs in with a typed password and stores the token privately', async () => {
    const run = await cli(['login', '--user', 'admin'], {}, ['admin password']);
    expect(run).toMatchObject({ code: EXIT.ok, stdout: expect.stringContaining('Logged in to') });
    const path = credentialsPath({ XDG_CONFIG_HOME: configHome });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readCredentials(path)).toMatchObject({ url: backend.httpUrl, username: 'admin', token: expect.any(String) });
  });

  it('refuses a wrong password with the authentication exit code', async () => {
    const run = await cli(['login', '--user', 'admin'], { CYBERPONIES_PASSWORD: 'wrong password' });
    expect(run.code).toBe(EXIT.authentication);
    expect(run.stderr).toContain('Wrong username or password.');
  });

  it('lists operators as a table and as JSON', async () => {
    const table = await cli(['operator', 'list']);
    expect(table.code).toBe(EXIT.ok);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+USERNAME\s+ROLE\s+CREATED$/);
    expect(table.stdout).toContain('dispatcher');
    const json = await cli(['operator', 'list', '--json']);
    const parsed: unknown = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ operators: expect.arrayContaining([expect.objectContaining({ username: 'admin', role: 'admin' })]) });
  });

  it('adds an operator, showing the generated password once, and that password works', async () => {
    const run = await cli(['operator', 'add', 'eve', '--role', 'support', '--json']);
    expect(run.code).toBe(EXIT.ok);
    const added: { generatedPassword: string } = JSON.parse(run.stdout);
    const asEve = await cli(['device', 'list', '--json'], { CYBERPONIES_USER: 'eve', CYBERPONIES_PASSWORD: added.generatedPassword });
    expect(asEve.code).toBe(EXIT.ok);
    const again = await cli(['operator', 'add', 'eve', '--role', 'support']);
    expect(again.code).toBe(EXIT.failure);
    expect(again.stderr).toContain('already exists');
  });

  it('lets only an admin add operators', async () => {
    const run = await cli(['operator', 'add', 'mallory', '--role', 'admin'], { CYBERPONIES_USER: 'dispatcher', CYBERPONIES_PASSWORD: 'dispatcher password' });
    expect(run.code).toBe(EXIT.failure);
    expect(run.stderr).toContain('Only an admin');
  });

  it('lists devices, filtered by kind', async () => {
    const all = await cli(['device', 'list']);
    expect(all.code).toBe(EXIT.ok);
    expect(all.stdout.split('\n')).toHaveLength(1 + 9);
    const cars = await cli(['device', 'list', '--kind', 'car', '--json']);
    const parsed: { devices: { kind: string }[] } = JSON.parse(cars.stdout);
    expect(parsed.devices.map((device) => device.kind)).toEqual(['car', 'car', 'car']);
  });

  it('separates usage errors, an unreachable backend and a bad URL', async () => {
    expect((await cli(['fly'])).code).toBe(EXIT.usage);
    expect((await cli(['operator', 'add', 'x'])).code).toBe(EXIT.usage);
    expect((await cli(['device', 'list', '--kind', 'boat'])).code).toBe(EXIT.usage);
    expect((await cli([])).code).toBe(EXIT.usage);
    expect((await cli(['--help'])).code).toBe(EXIT.ok);
    const unreachable = await cli(['device', 'list', '--url', 'http://127.0.0.1:1'], { CYBERPONIES_USER: 'admin', CYBERPONIES_PASSWORD: 'admin password' });
    expect(unreachable.code).toBe(EXIT.unreachable);
    expect(unreachable.stderr).toContain('Cannot reach the backend at http://127.0.0.1:1');
    expect((await cli(['device', 'list', '--url', 'nowhere'])).code).toBe(EXIT.usage);
    const otherBackend = await cli(['device', 'list', '--url', 'http://127.0.0.1:1']);
    expect(otherBackend.code).toBe(EXIT.authentication);
    expect(otherBackend.stderr).toContain('The stored login is for');
  });

  it('logs out: the backend forgets the session and the file is gone', async () => {
    const path = credentialsPath({ XDG_CONFIG_HOME: configHome });
    const token = (await readCredentials(path))?.token ?? '';
    const run = await cli(['logout']);
    expect(run.code).toBe(EXIT.ok);
    expect(await readCredentials(path)).toBeUndefined();
    const me = await fetch(`${backend.httpUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
    expect((await cli(['device', 'list'])).code).toBe(EXIT.authentication);
  });
});
