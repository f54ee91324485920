/** Medians over runs, and the verdict on each of the targets. */
import type { ScenarioFigures } from './measure.js';
import type { ScenarioName } from './options.js';
import { TARGETS } from './options.js';

export interface ConnectFigures {
  /** Login submitted until the whole fleet was drawn (includes the login call). */
  readonly loginToDrawnMs: number;
  /** The console hub's socket open until the whole fleet was drawn: the connect-to-fully-drawn. */
  readonly connectToDrawnMs: number;
  /** Socket open until the snapshot's first frame arrived (the backend's work and the transfer), then until its last (the page parsing its JSON). */
  readonly connectToSnapshotTextMs: number | null;
  readonly connectToSnapshotMs: number | null;
  readonly snapshotToAllDevicesMs: number | null;
  readonly allDevicesToDrawnMs: number | null;
  readonly drawnBy: 'map' | 'nextFrame' | null;
  /** The snapshot as sent: its JSON text (device list, stations) and its binary columns, in MB. */
  readonly snapshotTextMb: number | null;
  readonly snapshotBinaryMb: number | null;
}

export interface RunResult {
  readonly run: number;
  readonly connect: ConnectFigures;
  readonly scenarios: Partial<Record<ScenarioName, ScenarioFigures>>;
}

/** The figures the report shows, each the median over runs (frames over 50 ms: also the sum). */
export interface ScenarioSummary {
  readonly runs: number;
  /** Runs in which other programs loaded the machine (see ScenarioFigures.isNoisy). */
  readonly noisyRuns: number;
  readonly frameP50Ms: number | null;
  readonly frameP95Ms: number | null;
  readonly frameP99Ms: number | null;
  readonly frameMaxMs: number | null;
  readonly framesOver50Ms: number | null;
  readonly framesOver50MsAllRuns: number;
  readonly framesPerSecond: number | null;
  readonly scriptMsPerFrame: number | null;
  readonly taskMsPerFrame: number | null;
  readonly longTasks: number | null;
  readonly longestTaskMs: number | null;
  readonly heapUsedMb: number | null;
  readonly rendererRssMb: number | null;
  readonly appliedPerSecond: number | null;
  readonly pageRowsPerSecond: number | null;
  readonly pageDeltasPerSecond: number | null;
  readonly rendererCpuPercent: number | null;
  readonly gpuCpuPercent: number | null;
  readonly backendCpuPercent: number | null;
  readonly othersCpuPercent: number | null;
  readonly zoom: number | null;
}

export interface ConnectSummary {
  readonly loginToDrawnMs: number | null;
  readonly connectToDrawnMs: number | null;
  readonly connectToDrawnMaxMs: number | null;
  readonly connectToSnapshotTextMs: number | null;
  readonly connectToSnapshotMs: number | null;
  readonly snapshotToAllDevicesMs: number | null;
  readonly allDevicesToDrawnMs: number | null;
  readonly drawnBy: 'map' | 'nextFrame' | null;
  readonly snapshotTextMb: number | null;
  readonly snapshotBinaryMb: number | null;
}

export interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly isMet: boolean;
}

export function median(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null && Number.isFinite(value)).sort((left, right) => left - right);
  if (present.length === 0) return null;
  const middle = Math.floor(present.length / 2);
  const value = present.length % 2 === 1 ? (present[middle] ?? 0) : ((present[middle - 1] ?? 0) + (present[middle] ?? 0)) / 2;
  return Math.round(value * 100) / 100;
}

export function summariseScenario(figures: readonly ScenarioFigures[]): ScenarioSummary {
  const of = (pick: (figure: ScenarioFigures) => number | null) => median(figures.map(pick));
  return {
    runs: figures.length,
    noisyRuns: figures.filter((figure) => figure.isNoisy).length,
    frameP50Ms: of((figure) => figure.frameMs.p50),
    frameP95Ms: of((figure) => figure.frameMs.p95),
    frameP99Ms: of((figure) => figure.frameMs.p99),
    frameMaxMs: of((figure) => figure.frameMs.max),
    framesOver50Ms: of((figure) => figure.frameMs.over50),
    framesOver50MsAllRuns: figures.reduce((sum, figure) => sum + figure.frameMs.over50, 0),
    framesPerSecond: of((figure) => figure.framesPerSecond),
    scriptMsPerFrame: of((figure) => figure.scriptMsPerFrame),
    taskMsPerFrame: of((figure) => figure.taskMsPerFrame),
    longTasks: of((figure) => figure.longTasks.count),
    longestTaskMs: of((figure) => figure.longTasks.maxMs),
    heapUsedMb: of((figure) => figure.memory.heapUsedMb),
    rendererRssMb: of((figure) => figure.memory.rendererRssMb),
    appliedPerSecond: of((figure) => figure.updates.appliedPerSecond),
    pageRowsPerSecond: of((figure) => figure.updates.pageRowsPerSecond),
    pageDeltasPerSecond: of((figure) => figure.updates.pageDeltasPerSecond),
    rendererCpuPercent: of((figure) => figure.cpuPercentOfOneCore.renderer),
    gpuCpuPercent: of((figure) => figure.cpuPercentOfOneCore.gpu),
    backendCpuPercent: of((figure) => figure.cpuPercentOfOneCore.backend),
    othersCpuPercent: of((figure) => figure.cpuPercentOfOneCore.others),
    zoom: of((figure) => figure.zoom),
  };
}

export function summariseConnect(runs: readonly RunResult[]): ConnectSummary {
  const of = (pick: (connect: ConnectFigures) => number | null) => median(runs.map((run) => pick(run.connect)));
  return {
    loginToDrawnMs: of((connect) => connect.loginToDrawnMs),
    connectToDrawnMs: of((connect) => connect.connectToDrawnMs),
    connectToDrawnMaxMs: runs.length === 0 ? null : Math.max(...runs.map((run) => run.connect.connectToDrawnMs)),
    connectToSnapshotTextMs: of((connect) => connect.connectToSnapshotTextMs),
    connectToSnapshotMs: of((connect) => connect.connectToSnapshotMs),
    snapshotToAllDevicesMs: of((connect) => connect.snapshotToAllDevicesMs),
    allDevicesToDrawnMs: of((connect) => connect.allDevicesToDrawnMs),
    drawnBy: runs[0]?.connect.drawnBy ?? null,
    snapshotTextMb: of((connect) => connect.snapshotTextMb),
    snapshotBinaryMb: of((connect) => connect.snapshotBinaryMb),
  };
}

export function verdicts(scenarios: Partial<Record<ScenarioName, ScenarioSummary>>, connect: ConnectSummary): Verdict[] {
  const found: Verdict[] = [];
  for (const [name, summary] of Object.entries(scenarios)) {
    const p95 = summary.frameP95Ms;
    found.push({ target: `${name}: frame p95 ≤ ${TARGETS.frameP95Ms} ms`, measured: `${p95 ?? '?'} ms (median of ${summary.runs})`, isMet: p95 !== null && p95 <= TARGETS.frameP95Ms });
    found.push({
      target: `${name}: no frame over 50 ms`,
      measured: `${summary.framesOver50MsAllRuns} in ${summary.runs} run${summary.runs === 1 ? '' : 's'} (longest ${summary.frameMaxMs ?? '?'} ms, median)`,
      isMet: summary.framesOver50MsAllRuns <= TARGETS.framesOver50Ms,
    });
  }
  const drawn = connect.connectToDrawnMs;
  found.push({
    target: `connect to fully drawn ≤ ${TARGETS.fullyDrawnMs} ms`,
    measured: `${drawn ?? '?'} ms median, ${connect.connectToDrawnMaxMs ?? '?'} ms worst (login to drawn ${connect.loginToDrawnMs ?? '?'} ms)`,
    isMet: drawn !== null && drawn <= TARGETS.fullyDrawnMs,
  });
  return found;
}
