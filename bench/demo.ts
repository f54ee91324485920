/**
 * `npm run bench:demo`: what a newcomer gets from `npm start`. Runs bin/start.js on a fresh data
 * directory, then measures how long until every device is online and until the web console (headless
 * Chromium) has drawn the whole fleet, how many messages per second the demo carries, and how much CPU
 * the backend and the simulator use at that rate. Prints JSON and writes it to bench/results/.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { z } from 'zod';
import { healthSchema } from '../shared/api-schemas.js';
import { ConsolePage } from '../e2e/support/console-page.js';
import { PROJECT_ROOT } from '../e2e/support/electron.js';

const PORT = Number(process.env.BENCH_PORT ?? 18080);
const MQTT_PORT = Number(process.env.BENCH_MQTT_PORT ?? 11883);
const SAMPLE_SECONDS = Number(process.env.BENCH_SAMPLE_SECONDS ?? 60);
const CLOCK_TICKS_PER_SECOND = 100;
const url = `http://127.0.0.1:${PORT}`;

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of /proc/PID/stat; after "pid (comm) " they are 11 and 12.
  return Number(fields[11]) + Number(fields[12]);
}

function childrenOf(pid: number): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const task of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
    const child = Number(task);
    found.push({ pid: child, command: readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' ') });
  }
  return found;
}

async function health(): Promise<z.infer<typeof healthSchema> | null> {
  try {
    return healthSchema.parse(await (await fetch(`${url}/health`)).json());
  } catch {
    return null;
  }
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-bench-'));
const started = Date.now();
const output: string[] = [];
const demo = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'start.js')], {
  cwd: PROJECT_ROOT,
  env: { ...process.env, CYBERPONIES_DATA_DIR: dataDir, CYBERPONIES_PORT: String(PORT), CYBERPONIES_MQTT_PORT: String(MQTT_PORT), CYBERPONIES_LOG_FORMAT: 'json' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
demo.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
demo.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));

try {
  const ready = await until('the backend', 120_000, health);
  const backendReadyMs = Date.now() - started;
  await until('every device online', 120_000, async () => {
    const current = await health();
    return current && current.devices.online === current.devices.known;
  });
  const allOnlineMs = Date.now() - started;

  const login = z.object({ password: z.string() }).parse(JSON.parse(await readFile(join(dataDir, 'demo-login.json'), 'utf8')));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const console = new ConsolePage(page);
  await page.goto(url);
  const loginStarted = Date.now();
  await console.logIn('admin', login.password);
  await console.waitForFleet(ready.devices.known);
  const loginToFullMapMs = Date.now() - loginStarted;
  const screenshots = join(PROJECT_ROOT, 'bench', 'results');
  await mkdir(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, 'demo-map.png') });

  const processes = childrenOf(demo.pid ?? 0);
  const backend = processes.find((child) => child.command.includes(' serve'));
  const simulator = processes.find((child) => child.command.includes(' simulate'));
  if (!backend || !simulator) throw new Error(`backend or simulator not found among ${JSON.stringify(processes)}`);
  const before = { backend: cpuTicks(backend.pid), simulator: cpuTicks(simulator.pid), at: Date.now() };
  const linesBefore = output.join('').split('\n').length;
  await new Promise((done) => setTimeout(done, SAMPLE_SECONDS * 1000));
  const elapsedSeconds = (Date.now() - before.at) / 1000;
  const share = (ticks: number) => Math.round((ticks / CLOCK_TICKS_PER_SECOND / elapsedSeconds) * 1000) / 10;
  const rates = output
    .join('')
    .split('\n')
    .slice(linesBefore)
    .map((line) => /· (\d+) msg\/s/.exec(line)?.[1])
    .filter((rate): rate is string => rate !== undefined)
    .map(Number)
    .sort((left, right) => left - right);
  const result = {
    when: new Date().toISOString(),
    devices: ready.devices.known,
    backendReadySeconds: backendReadyMs / 1000,
    allDevicesOnlineSeconds: allOnlineMs / 1000,
    loginToFullMapSeconds: loginToFullMapMs / 1000,
    messagesPerSecondMedian: rates[Math.floor(rates.length / 2)] ?? null,
    cpuPercentOfOneCore: { backend: share(cpuTicks(backend.pid) - before.backend), simulator: share(cpuTicks(simulator.pid) - before.simulator) },
    sampleSeconds: Math.round(elapsedSeconds),
  };
  await browser.close();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await writeFile(join(screenshots, `demo-${Date.now()}.json`), JSON.stringify(result, null, 2));
} catch (error) {
  process.stderr.write(`${output.join('').slice(-4000)}\n`);
  throw error;
} finally {
  demo.kill('SIGTERM');
  await new Promise((done) => demo.once('exit', done));
  await rm(dataDir, { recursive: true, force: true });
}
