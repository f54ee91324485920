import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/cyberponies.js', import.meta.url));

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], env: Record<string, string>): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bin/cyberponies.js', () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('serves until SIGTERM, answers the CLI meanwhile, and stops cleanly', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-bin-'));
    folders.push(dataDir);
    const env = {
      CYBERPONIES_HOST: '127.0.0.1',
      CYBERPONIES_PORT: '0',
      CYBERPONIES_MQTT_PORT: '0',
      CYBERPONIES_DATA_DIR: dataDir,
      CYBERPONIES_CONSOLE_DIR: join(dataDir, 'none'),
      CYBERPONIES_DEMO_STATIONS: '3',
      CYBERPONIES_DEMO_CARS: '2',
      CYBERPONIES_DEMO_CHARGE_POINTS: '4',
      CYBERPONIES_LOG_LEVEL: 'warn',
      CYBERPONIES_LOG_FORMAT: 'json',
      CYBERPONIES_ADMIN_PASSWORD: 'admin password',
      DATABASE_URL: '',
    };
    const server = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      server.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /Web console: (http:\/\/[^/\s]+)\//.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    // The three demo operators' generated passwords are printed once; the admin's came from the environment.
    expect(stdout).toMatch(/dispatcher\s+dispatcher\s+\S{20,}/);
    expect(stdout).not.toContain('admin password');

    const list = await run(['device', 'list', '--json'], { CYBERPONIES_URL: url, CYBERPONIES_USER: 'admin', CYBERPONIES_PASSWORD: 'admin password', XDG_CONFIG_HOME: join(dataDir, 'config') });
    expect(list.code).toBe(0);
    const devices: { devices: unknown[] } = JSON.parse(list.stdout);
    expect(devices.devices).toHaveLength(6);

    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: stopping');

    const down = await run(['device', 'list'], { CYBERPONIES_URL: url, CYBERPONIES_USER: 'admin', CYBERPONIES_PASSWORD: 'admin password', XDG_CONFIG_HOME: join(dataDir, 'config') });
    expect(down.code).toBe(4);
  });

  it('reports bad settings as a usage error', async () => {
    const finished = await run(['serve', '--port', 'eighty'], { CYBERPONIES_LOG_LEVEL: 'silent' });
    expect(finished.code).toBe(2);
    expect(finished.stderr).toContain('--port (CYBERPONIES_PORT)');
  });
});
