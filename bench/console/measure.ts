/**
 * One measured window of one scenario: readings of every counter at its start and end (the page's
 * probe, Chromium's metrics, CPU of each process from /proc, the backend's feeder and hub), and what
 * they say per frame and per second.
 */
import { cpuSeconds, machineCpuSeconds } from '../ingest/stats.js';
import type { BenchPage, PageMetrics } from './bench-page.js';
import type { FeedProcess } from './feed-process.js';
import type { LongFrame } from './page-probe.js';
import type { FeedReport } from './protocol.js';
import { chromiumProcesses, cpuByProcess, residentBytes } from './processes.js';
import type { ChromiumProcess, ChromiumProcessType } from './processes.js';

export interface FrameSpread {
  readonly frames: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly over50: number;
}

export interface ScenarioFigures {
  readonly seconds: number;
  /** Time between consecutive animation frames, as the page saw them. */
  readonly frameMs: FrameSpread;
  readonly framesPerSecond: number;
  readonly longTasks: { readonly count: number; readonly totalMs: number; readonly maxMs: number };
  /** Frames of 50 ms or more with the scripts that ran in them (Long Animation Frames API). */
  readonly longFrames: readonly LongFrame[];
  /** Main-thread JavaScript per frame (Chromium's ScriptDuration), and all main-thread work per frame (TaskDuration). */
  readonly scriptMsPerFrame: number;
  readonly taskMsPerFrame: number;
  readonly layoutAndStyleMsPerFrame: number;
  readonly memory: { readonly heapUsedMb: number; readonly heapTotalMb: number; readonly rendererRssMb: number | null };
  readonly updates: {
    /** Device messages the backend applied to its state, per second. */
    readonly appliedPerSecond: number;
    /** Deltas the hub sent, and deltas and device rows the page received. */
    readonly hubDeltasPerSecond: number;
    readonly pageDeltasPerSecond: number;
    readonly pageRowsPerSecond: number;
    readonly pageKilobytesPerSecond: number;
  };
  readonly cpuPercentOfOneCore: {
    readonly renderer: number;
    readonly gpu: number;
    readonly browser: number;
    readonly backend: number | null;
    readonly wholeMachine: number;
    /** Programs outside this benchmark: high means the figures say more about the machine than the console. */
    readonly others: number;
  };
  /** Other programs took enough CPU that the figures say more about the machine than about the console. */
  readonly isNoisy: boolean;
  readonly backendLoopDelayP99Ms: number;
  /** The map's zoom at the end of the window. */
  readonly zoom: number | null;
}

interface Reading {
  readonly atMs: number;
  readonly processes: readonly ChromiumProcess[];
  readonly chromiumCpu: ReadonlyMap<number, number>;
  readonly backendCpu: number | null;
  readonly benchCpu: number | null;
  readonly machine: { readonly busy: number; readonly total: number };
  readonly feed: FeedReport;
  readonly metrics: PageMetrics;
}

/** Beyond this share of a core used by programs outside the benchmark, a window counts as noisy. */
const NOISY_OTHERS_PERCENT = 30;

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export function frameSpread(frameTimesMs: readonly number[]): FrameSpread {
  const intervals = Float64Array.from(frameTimesMs.slice(1), (time, index) => time - (frameTimesMs[index] ?? time)).sort();
  const at = (share: number) => round(intervals[Math.min(intervals.length - 1, Math.floor(share * intervals.length))] ?? 0);
  return {
    frames: intervals.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: round(intervals[intervals.length - 1] ?? 0),
    over50: intervals.filter((interval) => interval > 50).length,
  };
}

async function read(page: BenchPage, feed: FeedProcess, processes: readonly ChromiumProcess[]): Promise<Reading> {
  const [report, metrics] = await Promise.all([feed.report(), page.metrics()]);
  return {
    atMs: performance.now(),
    processes,
    chromiumCpu: cpuByProcess(processes),
    backendCpu: cpuSeconds(feed.pid),
    benchCpu: cpuSeconds(process.pid),
    machine: machineCpuSeconds(),
    feed: report,
    metrics,
  };
}

/** Runs `drive` (or waits) for `seconds` while the page records; returns the window's figures. */
export async function measureWindow(page: BenchPage, feed: FeedProcess, seconds: number, drive: ((deadlineMs: number) => Promise<void>) | null): Promise<ScenarioFigures> {
  const processes = chromiumProcesses();
  const start = await read(page, feed, processes);
  await page.openWindow();
  const deadlineMs = performance.now() + seconds * 1000;
  if (drive) await drive(deadlineMs);
  const left = deadlineMs - performance.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  const window = await page.takeWindow();
  const end = await read(page, feed, processes);
  return figures(start, end, window, await page.mapZoom());
}

function figures(start: Reading, end: Reading, window: Awaited<ReturnType<BenchPage['takeWindow']>>, zoom: number | null): ScenarioFigures {
  const elapsed = (end.atMs - start.atMs) / 1000;
  const feedSeconds = (end.feed.atMs - start.feed.atMs) / 1000;
  const frameMs = frameSpread(window.frameTimesMs);
  const perFrame = (pick: (metrics: PageMetrics) => number) => (frameMs.frames === 0 ? 0 : round(((pick(end.metrics) - pick(start.metrics)) * 1000) / frameMs.frames, 2));
  const used = (pid: number) => (end.chromiumCpu.get(pid) ?? 0) - (start.chromiumCpu.get(pid) ?? 0);
  const cpuOf = (type: ChromiumProcessType) => round((end.processes.filter((candidate) => candidate.type === type).reduce((sum, { pid }) => sum + used(pid), 0) / elapsed) * 100);
  // The page's renderer is the busy one (Chromium may keep a spare).
  const renderer = end.processes.filter((candidate) => candidate.type === 'renderer').sort((left, right) => used(right.pid) - used(left.pid))[0];
  const rendererRss = renderer ? residentBytes(renderer.pid) : null;
  const backend = start.backendCpu !== null && end.backendCpu !== null ? round(((end.backendCpu - start.backendCpu) / elapsed) * 100) : null;
  const bench = start.benchCpu !== null && end.benchCpu !== null ? ((end.benchCpu - start.benchCpu) / elapsed) * 100 : 0;
  const wholeMachine = round(((end.machine.busy - start.machine.busy) / elapsed) * 100);
  const chromiumTotal = cpuOf('renderer') + cpuOf('gpu') + cpuOf('browser') + cpuOf('other');
  const megabytes = (bytes: number) => round(bytes / 1024 / 1024);
  const others = Math.max(0, round(wholeMachine - chromiumTotal - (backend ?? 0) - bench));
  return {
    seconds: round(window.seconds),
    frameMs,
    framesPerSecond: round(frameMs.frames / window.seconds),
    longTasks: {
      count: window.longTasks.length,
      totalMs: round(window.longTasks.reduce((sum, task) => sum + task.durationMs, 0)),
      maxMs: round(Math.max(0, ...window.longTasks.map((task) => task.durationMs))),
    },
    longFrames: window.longFrames.map((frame) => ({
      startMs: round(frame.startMs),
      durationMs: round(frame.durationMs),
      renderStartMs: round(frame.renderStartMs),
      scripts: frame.scripts.map((script) => ({ name: script.name, durationMs: round(script.durationMs) })),
    })),
    scriptMsPerFrame: perFrame((metrics) => metrics.scriptSeconds),
    taskMsPerFrame: perFrame((metrics) => metrics.taskSeconds),
    layoutAndStyleMsPerFrame: perFrame((metrics) => metrics.layoutSeconds + metrics.styleSeconds),
    memory: { heapUsedMb: megabytes(end.metrics.heapUsedBytes), heapTotalMb: megabytes(end.metrics.heapTotalBytes), rendererRssMb: rendererRss === null ? null : megabytes(rendererRss) },
    updates: {
      appliedPerSecond: Math.round((end.feed.applied - start.feed.applied) / feedSeconds),
      hubDeltasPerSecond: round((end.feed.hubVersion - start.feed.hubVersion) / feedSeconds),
      pageDeltasPerSecond: round(window.deltas / window.seconds),
      pageRowsPerSecond: Math.round(window.deltaRows / window.seconds),
      pageKilobytesPerSecond: Math.round(window.deltaBytes / 1024 / window.seconds),
    },
    cpuPercentOfOneCore: {
      renderer: cpuOf('renderer'),
      gpu: cpuOf('gpu'),
      browser: cpuOf('browser'),
      backend,
      wholeMachine,
      others,
    },
    isNoisy: others > NOISY_OTHERS_PERCENT,
    backendLoopDelayP99Ms: round(end.feed.loopDelayP99Ms),
    zoom,
  };
}
