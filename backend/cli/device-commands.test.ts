import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importStationsAnswerSchema, provisionedDeviceSchema } from '../../shared/api-schemas.js';
import type { ImportStationsAnswer } from '../../shared/api-schemas.js';
import { defaultConfig } from '../config.js';
import { startBackend } from '../server.js';
import type { RunningBackend } from '../server.js';
import { chargePoint, connectOutcome } from '../gateways/ocpp/test-support.js';
import { createTestSchema, silentLogger, testEngines } from '../store/testing.js';
import type { TestSchema } from '../store/testing.js';
import { EXIT, runCli } from './index.js';
import type { CliIo } from './index.js';

// Reference data lives beside the checkout (../shared/data), not in the repository.
const AUTOLIB_CSV = fileURLToPath(new URL('../../../shared/data/autolib-stations.csv', import.meta.url));
const ADMIN = { CYBERPONIES_USER: 'admin', CYBERPONIES_PASSWORD: 'admin password' };

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe.each(testEngines())('provisioning through the CLI, against a running backend and its gateways, on $name', (engine) => {
  let dataDir = '';
  let schema: TestSchema | null = null;
  let backend: RunningBackend;
  let imported: ImportStationsAnswer;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-provision-'));
    schema = engine.databaseUrl ? await createTestSchema(engine.databaseUrl) : null;
    const config = defaultConfig({ host: '127.0.0.1', port: 0, mqttPort: 0, dataDir, databaseUrl: schema?.databaseUrl ?? null, consoleDir: join(dataDir, 'none'), demo: false });
    backend = await startBackend(config, silentLogger, { announce: () => undefined, environment: { CYBERPONIES_ADMIN_PASSWORD: ADMIN.CYBERPONIES_PASSWORD } });
  });
  afterAll(async () => {
    await backend.close();
    await schema?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function cli(argv: readonly string[], answers: readonly string[] = []): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const pending = [...answers];
    const io: CliIo = {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      environment: { XDG_CONFIG_HOME: join(dataDir, 'config'), CYBERPONIES_URL: backend.httpUrl, ...ADMIN },
      prompt: async () => pending.shift(),
      stopRequested: () => new Promise(() => undefined),
    };
    const code = await runCli(argv, io);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  const ocppEndpoint = () => `ws://127.0.0.1:${backend.httpPort}/ocpp`;
  const chargePointConnects = (identity: string, password: string) => connectOutcome(chargePoint(ocppEndpoint(), identity, { password }));

  /** A car as the simulator connects one (the mqtt client): 'connected' or the CONNACK refusal code. */
  async function carConnects(carId: string, secret: string): Promise<unknown> {
    try {
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${backend.mqttPort}`, { clientId: carId, username: carId, password: secret, reconnectPeriod: 0, connectTimeout: 5000 });
      await client.endAsync(true);
      return 'connected';
    } catch (error) {
      return error instanceof Error && 'code' in error ? error.code : error;
    }
  }

  function secretOf(deviceId: string): string {
    const entry = imported.secrets.find((candidate) => candidate.id === deviceId);
    if (!entry) throw new Error(`no secret was generated for ${deviceId}`);
    return entry.secret;
  }

  it("imports the real Autolib' station list, with a generated secret for every device", async () => {
    const run = await cli(['import', 'autolib', AUTOLIB_CSV, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT.ok);
    imported = importStationsAnswerSchema.parse(JSON.parse(run.stdout));
    expect(imported.stations).toBe(1119);
    expect(imported.devices.updated).toBe(0);
    expect(imported.devices.added).toBeGreaterThan(7000);
    expect(imported.secrets).toHaveLength(imported.devices.added);
    expect(new Set(imported.secrets.map((entry) => entry.secret)).size).toBe(imported.secrets.length);
    const list = await cli(['device', 'list', '--kind', 'car', '--json']);
    const cars: { devices: { stationId: string }[] } = JSON.parse(list.stdout);
    expect(cars.devices.length).toBe(imported.secrets.filter((entry) => entry.kind === 'car').length);
    expect(cars.devices.some((car) => car.stationId === 'paris-clichy-2')).toBe(true);
  });

  it('imports again without changing anything a device relies on', async () => {
    const run = await cli(['import', 'autolib', AUTOLIB_CSV]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`Imported 1119 stations: 0 devices added, ${imported.devices.added} already known (they keep their secrets).`);
    expect(await chargePointConnects('cp-00001', secretOf('cp-00001'))).toBe('connected');
    expect(await carConnects('car-00001', secretOf('car-00001'))).toBe('connected');
  });

  it('says clearly when the file is missing or is not a station list', async () => {
    const missing = await cli(['import', 'autolib', join(dataDir, 'nothing.csv')]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain('no such file');
    const other = await cli(['import', 'autolib', fileURLToPath(import.meta.url)]);
    expect(other.code).toBe(EXIT.failure);
    expect(other.stderr).toContain("is it the Autolib' export");
  });

  it('adds a charge point with a generated secret, printed once, that lets it connect', async () => {
    const run = await cli(['device', 'add', 'cp-hand-1', '--kind', 'chargePoint', '--model', 'autolib-pillar', '--serial', 'IER-HAND-0001', '--station', 'paris-clichy-2', '--firmware', '2.4.1']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain('Added charge point cp-hand-1 (autolib-pillar, serial IER-HAND-0001, station paris-clichy-2).');
    const secret = /Secret \(shown only now[^:]*: (\S+)/.exec(run.stdout)?.[1] ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(await chargePointConnects('cp-hand-1', secret)).toBe('connected');
  });

  it('adds a car with a given secret, and refuses a second device with the same serial number', async () => {
    const run = await cli(['device', 'add', 'car-hand-1', '--kind', 'car', '--model', 'bluecar', '--serial', 'VF9-HAND-0001', '--plate', 'ZZ-999-ZZ', '--secret', 'a-long-secret-chosen-by-hand', '--json']);
    expect(run.code).toBe(EXIT.ok);
    expect(provisionedDeviceSchema.parse(JSON.parse(run.stdout))).toMatchObject({ device: { id: 'car-hand-1', plate: 'ZZ-999-ZZ' }, generatedSecret: null });
    expect(await carConnects('car-hand-1', 'a-long-secret-chosen-by-hand')).toBe('connected');
    const again = await cli(['device', 'add', 'car-hand-2', '--kind', 'car', '--model', 'bluecar', '--serial', 'VF9-HAND-0001']);
    expect(again.code).toBe(EXIT.failure);
    expect(again.stderr).toContain('car-hand-1 already has the serial number VF9-HAND-0001');
    expect((await cli(['device', 'add', 'car-hand-3', '--kind', 'car', '--model', 'bluecar'])).code).toBe(EXIT.usage);
    expect((await cli(['device', 'add', 'car-hand-3', '--kind', 'boat', '--model', 'bluecar', '--serial', 'S'])).code).toBe(EXIT.usage);
  });

  it('shows a device with its last-known state', async () => {
    const run = await cli(['device', 'show', 'cp-00001']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^id:\s+cp-00001$/m);
    expect(run.stdout).toMatch(/^station:\s+paris-clichy-2 \(Paris\/Clichy\/2\)$/m);
    expect(run.stdout).toMatch(/^last heard:\s+\d{4}-/m);
    const json = await cli(['device', 'show', 'cp-hand-1', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ device: { id: 'cp-hand-1' }, model: { id: 'autolib-pillar' }, state: { isOnline: false } });
    const nobody = await cli(['device', 'show', 'nobody']);
    expect(nobody.code).toBe(EXIT.failure);
    expect(nobody.stderr).toContain('No device has the id nobody.');
  });

  it('rotates a charge point\'s secret: the old one is refused by the OCPP gateway at once, the new one accepted', async () => {
    const old = secretOf('cp-00002');
    expect(await chargePointConnects('cp-00002', old)).toBe('connected');
    const run = await cli(['device', 'rotate-secret', 'cp-00002']);
    expect(run.code).toBe(EXIT.ok);
    const secret = /Secret \(shown only now[^:]*: (\S+)/.exec(run.stdout)?.[1] ?? '';
    expect(secret).not.toBe('');
    expect(await chargePointConnects('cp-00002', old)).toBe(401);
    expect(await chargePointConnects('cp-00002', secret)).toBe('connected');
  });

  it("rotates a car's secret to a given one: the broker refuses the old one at once and accepts the new", async () => {
    const old = secretOf('car-00002');
    expect(await carConnects('car-00002', old)).toBe('connected');
    const run = await cli(['device', 'rotate-secret', 'car-00002', '--secret', 'the-new-secret-of-car-2', '--json']);
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toMatchObject({ device: { id: 'car-00002' }, generatedSecret: null });
    expect(await carConnects('car-00002', old)).toBe(4);
    expect(await carConnects('car-00002', 'the-new-secret-of-car-2')).toBe('connected');
    const short = await cli(['device', 'rotate-secret', 'car-00002', '--secret', 'short']);
    expect(short.code).toBe(EXIT.failure);
    expect(short.stderr).toContain('at least 16 characters');
  });

  it('ends the sessions opened with a secret when it is replaced, not only the next logins', async () => {
    const connected = chargePoint(ocppEndpoint(), 'cp-00005', { password: secretOf('cp-00005') });
    await connected.connect();
    const chargePointClosed = new Promise<number>((resolve) => connected.once('close', ({ code }: { code: number }) => resolve(code)));
    const car = await mqtt.connectAsync(`mqtt://127.0.0.1:${backend.mqttPort}`, { clientId: 'car-00005', username: 'car-00005', password: secretOf('car-00005'), reconnectPeriod: 0 });
    const carClosed = new Promise<void>((resolve) => car.once('close', () => resolve()));
    expect((await cli(['device', 'rotate-secret', 'cp-00005'])).code).toBe(EXIT.ok);
    expect(await chargePointClosed).toBe(1008);
    expect((await cli(['device', 'rotate-secret', 'car-00005'])).code).toBe(EXIT.ok);
    await carClosed;
    await car.endAsync(true);
  });

  it('removes a device only when confirmed; it can no longer connect', async () => {
    const unconfirmed = await cli(['device', 'remove', 'cp-00003']);
    expect(unconfirmed.code).toBe(EXIT.usage);
    expect(unconfirmed.stderr).toContain('--yes');
    const mistyped = await cli(['device', 'remove', 'cp-00003'], ['cp-00004']);
    expect(mistyped.code).toBe(EXIT.failure);
    expect(await chargePointConnects('cp-00003', secretOf('cp-00003'))).toBe('connected');

    const typed = await cli(['device', 'remove', 'cp-00003'], ['cp-00003']);
    expect(typed.code).toBe(EXIT.ok);
    expect(typed.stdout).toContain('Removed cp-00003');
    expect(await chargePointConnects('cp-00003', secretOf('cp-00003'))).toBe(404);
    const car = await cli(['device', 'remove', 'car-00003', '--yes', '--json']);
    expect(JSON.parse(car.stdout)).toMatchObject({ removed: { id: 'car-00003' } });
    expect(await carConnects('car-00003', secretOf('car-00003'))).toBe(4);
    expect((await cli(['device', 'show', 'car-00003'])).code).toBe(EXIT.failure);
    expect((await cli(['device', 'remove', 'car-00003', '--yes'])).stderr).toContain('No device has the id car-00003.');
  });
});
