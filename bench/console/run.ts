/**
 * The console benchmark end to end: its backend process with the fleet and the feeder, then each run in
 * a fresh Chromium (log in, wait for the whole fleet drawn, each scenario's window, a screenshot), then
 * a CPU profile of the worst scenario in one more browser, apart from the measured runs.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { OUTLINE_GEOJSON } from '../../e2e/support/system.js';
import { PROJECT_ROOT } from '../ingest/backend-process.js';
import { createBenchSchema } from '../ingest/history.js';
import type { BenchSchema } from '../ingest/history.js';
import { BenchPage } from './bench-page.js';
import type { ProbeMarks } from './page-probe.js';
import { FeedProcess } from './feed-process.js';
import { measureWindow } from './measure.js';
import type { ScenarioFigures } from './measure.js';
import { fleetFor } from './options.js';
import type { ConsoleBenchOptions, ScenarioName } from './options.js';
import { summariseProfile } from './profile.js';
import { connectProgress, scenarioProgress } from './report.js';
import type { ProfileSummary } from './profile.js';
import { CITY_ZOOM, SCENARIO_PLANS } from './scenarios.js';
import { summariseTrace, TRACE_CATEGORIES } from './trace.js';
import type { TraceSummary } from './trace.js';
import { summariseConnect, summariseScenario, verdicts } from './summary.js';
import type { ConnectFigures, ConnectSummary, RunResult, ScenarioSummary, Verdict } from './summary.js';

export interface ConsoleBenchResult {
  readonly when: string;
  readonly engine: 'pglite' | 'postgres';
  readonly settings: {
    readonly devices: number;
    readonly fleet: ReturnType<typeof fleetFor>;
    readonly ratePerSecond: number;
    readonly openAlarms: number;
    readonly secondsPerScenario: number;
    readonly warmupSeconds: number;
    readonly runs: number;
    readonly scenarios: readonly ScenarioName[];
    readonly cores: ConsoleBenchOptions['cores'];
    readonly viewport: string;
  };
  /** Which build of the console was measured: its script bundle and when it was built. */
  readonly consoleBuild: { readonly bundle: string; readonly builtAt: string };
  readonly setup: { readonly backendReadySeconds: number; readonly provisionSeconds: number };
  readonly connect: ConnectSummary;
  readonly scenarios: Partial<Record<ScenarioName, ScenarioSummary>>;
  readonly verdicts: readonly Verdict[];
  readonly profile: { readonly scenario: ScenarioName; readonly file: string; readonly summary: ProfileSummary; readonly trace: TraceSummary | null } | null;
  readonly runs: readonly RunResult[];
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FEED_TICK_MS = 100;
const READY_TIMEOUT_MS = 300_000;
const DRAWN_TIMEOUT_MS = 120_000;
const ADMIN = 'admin';
const TRACE_SECONDS = 10;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function megabytes(bytes: number | null): number | null {
  return bytes === null ? null : Math.round((bytes / 1024 / 1024) * 100) / 100;
}

function connectFigures(marks: ProbeMarks): ConnectFigures {
  const between = (from: number | null, to: number | null) => (from === null || to === null ? null : Math.round(to - from));
  return {
    loginToDrawnMs: between(marks.submitAtMs, marks.drawnAtMs) ?? Number.NaN,
    connectToDrawnMs: between(marks.socketOpenAtMs, marks.drawnAtMs) ?? Number.NaN,
    connectToSnapshotTextMs: between(marks.socketOpenAtMs, marks.snapshotTextAtMs),
    connectToSnapshotMs: between(marks.socketOpenAtMs, marks.snapshotAtMs),
    snapshotToAllDevicesMs: between(marks.snapshotAtMs, marks.allDevicesAtMs),
    allDevicesToDrawnMs: between(marks.allDevicesAtMs, marks.drawnAtMs),
    drawnBy: marks.drawnBy,
    snapshotTextMb: megabytes(marks.snapshotTextLength),
    snapshotBinaryMb: megabytes(marks.snapshotBinaryBytes),
  };
}

interface RunContext {
  readonly options: ConsoleBenchOptions;
  readonly feed: FeedProcess;
  readonly url: string;
  readonly password: string;
  readonly devices: number;
  readonly resultsDir: string;
  readonly say: (line: string) => void;
}

/** One browser: log in, wait for the fleet drawn, then each scenario in turn; or, given `profiled`, only that one under the profiler. */
async function runOnce(context: RunContext, run: number, profiled: ScenarioName | null): Promise<{ result: RunResult; profile: unknown; trace: Buffer | null }> {
  const { options, feed } = context;
  const maxFrames = Math.ceil(options.seconds * 250) + 600;
  const page = await BenchPage.open(CHROMIUM, context.devices, maxFrames, context.options.cores);
  try {
    // Tracing slows the page down: the figures of a traced run are for finding where the time goes.
    if (options.traceConnect) await page.startTrace([...TRACE_CATEGORIES, 'disabled-by-default-v8.cpu_profiler']);
    await page.logIn(context.url, ADMIN, context.password);
    const connect = connectFigures(await page.waitUntilDrawn(DRAWN_TIMEOUT_MS));
    if (options.traceConnect) await writeFile(join(context.resultsDir, `console-connect-${run}.trace.json`), await page.stopTrace());
    context.say(connectProgress(connect));
    const view = { zoom: CITY_ZOOM };
    const scenarios: Partial<Record<ScenarioName, ScenarioFigures>> = {};
    let profile: unknown = null;
    let trace: Buffer | null = null;
    for (const name of options.scenarios) {
      // Each scenario brings the map where it needs it, so the profiled one can run alone.
      if (profiled !== null && name !== profiled) continue;
      const scenario = SCENARIO_PLANS[name];
      await scenario.prepare(page, view);
      await sleep(options.warmup * 1000);
      const drive = scenario.drive;
      const isProfiled = profiled === name;
      let tracing: Promise<Buffer | null> | null = null;
      if (isProfiled) {
        await page.startProfile();
        await page.startTrace(TRACE_CATEGORIES);
        // A trace grows fast: its first seconds say enough.
        tracing = sleep(Math.min(options.seconds, TRACE_SECONDS) * 1000)
          .then(() => page.stopTrace())
          .catch(() => null);
      }
      const figures = await measureWindow(page, feed, options.seconds, drive ? (deadlineMs) => drive(page, view, deadlineMs) : null);
      if (isProfiled) {
        profile = await page.stopProfile();
        trace = (await tracing) ?? null;
      }
      scenarios[name] = figures;
      if (profiled === null) {
        await page.screenshot(join(context.resultsDir, `console-${name}.png`));
        context.say(scenarioProgress(name, figures));
      }
    }
    return { result: { run, connect, scenarios }, profile, trace };
  } finally {
    await page.close();
  }
}

/** Assets index.html loads that are missing from `dir`: a copy taken while someone rebuilds is incomplete. */
async function missingAssets(dir: string): Promise<string[]> {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((match) => match[1] ?? '');
  return assets.filter((asset) => !existsSync(join(dir, asset)));
}

async function describeBuild(dir: string): Promise<{ bundle: string; builtAt: string }> {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const bundle = /src="\.\/assets\/([^"]+\.js)"/.exec(html)?.[1] ?? '?';
  return { bundle, builtAt: (await stat(join(PROJECT_ROOT, 'out', 'renderer', 'index.html'))).mtime.toISOString() };
}

/** A private copy of the built console, so that a rebuild during the runs (other work on this tree) does not change what is measured. */
async function copyConsole(dir: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    await rm(dir, { recursive: true, force: true });
    await cp(join(PROJECT_ROOT, 'out', 'renderer'), dir, { recursive: true });
    const missing = await missingAssets(dir);
    if (missing.length === 0) return dir;
    if (attempt === 5) throw new Error(`out/renderer is incomplete (missing ${missing.join(', ')}): is a build running?`);
    await sleep(5_000);
  }
}

function build(say: (line: string) => void): void {
  say('Building the console (electron-vite build)…');
  execFileSync('npx', ['electron-vite', 'build'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function runConsoleBench(options: ConsoleBenchOptions, say: (line: string) => void = () => undefined): Promise<ConsoleBenchResult> {
  if (options.build) build(say);
  if (!existsSync(join(PROJECT_ROOT, 'out', 'renderer', 'index.html'))) throw new Error('the console is not built: run npx electron-vite build (or pass --build)');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed at ${CHROMIUM} (or set CHROMIUM_PATH)`);
  const resultsDir = isAbsolute(options.results) ? options.results : join(PROJECT_ROOT, options.results);
  await mkdir(resultsDir, { recursive: true });
  const fleet = fleetFor(options.devices);
  const dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-bench-console-'));
  const password = randomBytes(18).toString('base64url');
  let schema: BenchSchema | null = null;
  let feed: FeedProcess | null = null;
  try {
    schema = options.databaseUrl ? await createBenchSchema(options.databaseUrl, dataDir) : null;
    const consoleDir = await copyConsole(join(dataDir, 'console'));
    const consoleBuild = await describeBuild(consoleDir);
    say(`Console build: ${consoleBuild.bundle}, built ${consoleBuild.builtAt}`);
    const started = performance.now();
    say(`Starting the backend with ${options.devices.toLocaleString('en')} devices (${fleet.stations} stations, ${fleet.cars} cars, ${fleet.chargePoints} charge points) on ${schema ? 'PostgreSQL' : 'PGlite'}…`);
    const setup = {
      dataDir,
      databaseUrl: schema?.databaseUrl ?? null,
      adminPassword: password,
      fleet,
      rate: options.rate,
      tickMs: FEED_TICK_MS,
      alarms: options.alarms,
      outlineGeojson: existsSync(OUTLINE_GEOJSON) ? OUTLINE_GEOJSON : null,
      consoleDir,
      tilePng: (await BenchPage.drawTile(CHROMIUM)).toString('base64'),
    };
    const backend = await FeedProcess.start(setup, options.cores?.backend ?? null, READY_TIMEOUT_MS);
    feed = backend.process;
    const backendReadySeconds = Math.round((performance.now() - started) / 100) / 10;
    say(`Backend ready in ${backendReadySeconds} s at ${backend.ready.httpUrl}; feeding ${options.rate.toLocaleString('en')} messages/s into its state cache`);
    const context: RunContext = { options, feed, url: backend.ready.httpUrl, password, devices: backend.ready.devices, resultsDir, say };

    const runs: RunResult[] = [];
    for (let run = 1; run <= options.runs; run++) {
      say(`Run ${run} of ${options.runs}`);
      runs.push((await runOnce(context, run, null)).result);
    }
    const scenarios: Partial<Record<ScenarioName, ScenarioSummary>> = {};
    for (const name of options.scenarios) {
      const figures = runs.map((run) => run.scenarios[name]).filter((figure): figure is ScenarioFigures => figure !== undefined);
      scenarios[name] = summariseScenario(figures);
    }
    const connect = summariseConnect(runs);

    let profile: ConsoleBenchResult['profile'] = null;
    const worst = options.scenarios.reduce<ScenarioName | null>((found, name) => (found === null || (scenarios[name]?.frameP95Ms ?? 0) > (scenarios[found]?.frameP95Ms ?? 0) ? name : found), null);
    if (options.isProfiled && worst) {
      say(`Profiling the page's main thread in the worst scenario (${worst}), in one more browser…`);
      const { profile: raw, trace } = await runOnce(context, 0, worst);
      const file = join(resultsDir, `console-${worst}.cpuprofile`);
      await writeFile(file, JSON.stringify(raw));
      // Opens in DevTools' Performance panel, to see what a long frame was made of.
      if (trace) await writeFile(join(resultsDir, `console-${worst}.trace.json`), trace);
      profile = { scenario: worst, file, summary: summariseProfile(raw, join(consoleDir, 'assets')), trace: trace ? summariseTrace(trace) : null };
    }
    return {
      when: new Date().toISOString(),
      engine: schema ? 'postgres' : 'pglite',
      settings: {
        devices: options.devices,
        fleet,
        ratePerSecond: options.rate,
        openAlarms: options.alarms,
        secondsPerScenario: options.seconds,
        warmupSeconds: options.warmup,
        runs: options.runs,
        scenarios: options.scenarios,
        cores: options.cores,
        viewport: '1920x1080',
      },
      consoleBuild,
      setup: { backendReadySeconds, provisionSeconds: Math.round(backend.ready.provisionSeconds * 10) / 10 },
      connect,
      scenarios,
      verdicts: verdicts(scenarios, connect),
      profile,
      runs,
    };
  } finally {
    await feed?.stop();
    await schema?.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}
