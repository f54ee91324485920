#!/usr/bin/env node
// `npm start`: the whole demo on one machine — backend on the embedded defaults, the simulated fleet, and
// the console (Electron when its binary is here, otherwise the web console in a browser).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'cyberponies.js');
const dataDir = resolve(process.env.CYBERPONIES_DATA_DIR ?? join(root, '.data'));
const port = process.env.CYBERPONIES_PORT ?? '8080';
const mqttPort = process.env.CYBERPONIES_MQTT_PORT ?? '1883';
const consoleUrl = `http://127.0.0.1:${port}`;
const started = Date.now();
const children = [];

function log(message) {
  console.log(`[start ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

function newestChange(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const built = join(root, 'out', 'renderer', 'index.html');
  const sources = ['renderer', 'main', 'preload', 'shared'].map((folder) => newestChange(join(root, folder)));
  if (existsSync(built) && statSync(built).mtimeMs > Math.max(...sources)) return;
  log('building the console…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The console build failed; see above.');
    process.exit(1);
  }
}

/** The demo's admin password: made once per data directory and kept there (mode 0600), never in the code. */
function demoLogin() {
  const file = join(dataDir, 'demo-login.json');
  if (process.env.CYBERPONIES_ADMIN_PASSWORD) return { username: 'admin', password: process.env.CYBERPONIES_ADMIN_PASSWORD };
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const login = { username: 'admin', password: randomBytes(12).toString('base64url') };
  writeFileSync(file, JSON.stringify(login, null, 2), { mode: 0o600 });
  return login;
}

function run(name, args, env) {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} stopped (${signal ?? `exit ${code}`}); stopping the demo.`);
      stop(code || 1);
    }
  });
  children.push(child);
  return child;
}

async function waitForHealth(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${consoleUrl}/health`);
      if (response.ok) return await response.json();
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`the backend did not answer ${consoleUrl}/health within ${timeoutMs / 1000} s`);
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  const timer = setTimeout(() => process.exit(code), 10_000);
  Promise.all(children.map((child) => (child.exitCode === null ? new Promise((done) => child.on('exit', done)) : null))).then(() => {
    clearTimeout(timer);
    process.exit(code);
  });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

buildIfStale();
const login = demoLogin();
const outline = resolve(root, '..', 'shared', 'data', 'paris-petite-couronne.geojson');
const env = {
  CYBERPONIES_DATA_DIR: dataDir,
  CYBERPONIES_ADMIN_PASSWORD: login.password,
  ...(existsSync(outline) && !process.env.CYBERPONIES_OUTLINE_GEOJSON ? { CYBERPONIES_OUTLINE_GEOJSON: outline } : {}),
};
log('starting the backend…');
run('backend', ['serve'], env);
const health = await waitForHealth(120_000).catch((error) => {
  console.error(String(error.message ?? error));
  stop(1);
});
if (!health) process.exit(1);
log(`backend ready: ${health.devices.known} devices known`);
// A few devices misbehave from the start, so the alarms view, the header counts and the map's rings
// have something true to show; CYBERPONIES_DEMO_FAULTS=none runs a fleet without them.
const demoFaults =
  process.env.CYBERPONIES_DEMO_FAULTS === 'none'
    ? []
    : ['reportedFault@cp-00012', 'flapping:sensor=doorsOpen,every=5s@car-00007', 'lowBattery@car-00021', 'clockSkew:seconds=900@car-00033', 'firmwareFailure@cp-00045', 'silent@car-00058'];
run('simulator', ['simulate', ...demoFaults.flatMap((fault) => ['--fault', fault])], { ...env, CYBERPONIES_URL: consoleUrl, CYBERPONIES_MQTT_URL: `mqtt://127.0.0.1:${mqttPort}` });

const electron = findElectronBinary();
const banner = [`Console: ${consoleUrl}`, `Login:   ${login.username} / ${login.password}`];
if (electron) {
  log('opening the desktop console (Electron)…');
  // Chromium refuses to run as root with its OS sandbox (containers, CI); the renderer's own sandbox stays on.
  const rootOnly = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = spawn(electron, [...rootOnly, join(root, 'out', 'main', 'index.js')], { cwd: root, env: { ...process.env, CYBERPONIES_URL: consoleUrl }, stdio: 'inherit' });
  app.on('exit', () => stop(0));
} else {
  banner.unshift('No Electron binary on this machine: the desktop console is skipped. Open the web console instead:');
}
console.log(`\n${banner.map((line) => `  ${line}`).join('\n')}\n  Stop with Ctrl+C.\n`);
