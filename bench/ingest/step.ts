/**
 * One load step: readings of every counter at the start and the end of its measured window, what they
 * say per second, and whether the backend kept up.
 */
import type { BackendLog, BackendProcess } from './backend-process.js';
import type { ConsoleWatch } from './console-watch.js';
import { serverCpuBetween } from './postgres-cpu.js';
import type { LoadProcess } from './load-client.js';
import type { Probes } from './probes.js';
import type { LoadCounters } from './protocol.js';
import { cpuSeconds, machineCpuSeconds, percentOfOneCore, runQueueWaitSeconds, spread } from './stats.js';
import type { Spread } from './stats.js';

export interface Reading {
  readonly atMs: number;
  /** When the load process read its counters. */
  readonly countersAtMs: number;
  readonly counters: LoadCounters;
  readonly cpu: {
    readonly backend: number | null;
    readonly load: number | null;
    readonly bench: number | null;
    readonly machine: { busy: number; total: number };
    readonly backendWaited: number | null;
    /** CPU seconds of each PostgreSQL server process serving the backend (PostgreSQL only). */
    readonly postgresServer: ReadonlyMap<number, number> | null;
  };
  /** History rows in the database (live, PostgreSQL only) or written by the ingest (when /health says). */
  readonly historyRows: number | null;
  readonly historyDropped: number | null;
  /** Messages waiting for history (when /health reports the ingest). */
  readonly historyQueued: number | null;
}

export interface Sources {
  readonly backend: BackendProcess;
  readonly load: LoadProcess;
  readonly watch: ConsoleWatch;
  readonly probes: Probes;
  readonly countHistory: (() => Promise<number>) | null;
  readonly postgresServerCpu: (() => Promise<ReadonlyMap<number, number>>) | null;
}

export async function takeReading(sources: Sources): Promise<{ reading: Reading; acknowledgeMs: readonly number[]; loopDelayP99Ms: number }> {
  const report = await sources.load.report();
  const health = await sources.backend.health();
  const historyRows = sources.countHistory ? await sources.countHistory().catch(() => null) : (health?.ingest?.written ?? null);
  const reading: Reading = {
    atMs: Date.now(),
    countersAtMs: report.atMs,
    counters: report.counters,
    cpu: {
      backend: cpuSeconds(sources.backend.pid),
      load: cpuSeconds(sources.load.pid),
      bench: cpuSeconds(process.pid),
      machine: machineCpuSeconds(),
      backendWaited: runQueueWaitSeconds(sources.backend.pid),
      postgresServer: sources.postgresServerCpu ? await sources.postgresServerCpu().catch(() => null) : null,
    },
    historyRows,
    historyDropped: health?.ingest?.dropped ?? null,
    historyQueued: health?.ingest?.queued ?? null,
  };
  return { reading, acknowledgeMs: report.acknowledgeMs, loopDelayP99Ms: report.loopDelayP99Ms };
}

export interface StepResult {
  readonly multiplier: number;
  readonly seconds: number;
  readonly window: { readonly fromMs: number; readonly toMs: number };
  readonly messagesPerSecond: {
    /** What the step asks of the load fleet (probes come on top). */
    readonly target: number;
    readonly offered: number;
    readonly sent: number;
    /** Acknowledged by the backend (MQTT PUBACK, OCPP CALLRESULT): taken in. */
    readonly accepted: number;
    readonly heldBack: number;
    readonly notConnected: number;
    readonly missedByGenerator: number;
    readonly probes: number;
  };
  readonly failed: number;
  readonly disconnects: number;
  /** Device to console, from the probes: send until the console shows the device seen. */
  readonly latencyMs: Spread & { readonly timeouts: number };
  /** Send until the backend's acknowledgement, across the load. */
  readonly acknowledgeMs: Spread;
  /** Backend receive until the console has the delta, across every device row of every delta. */
  readonly hubLagMs: Spread;
  readonly console: { readonly deltasPerSecond: number; readonly deviceRowsPerSecond: number; readonly gaps: number };
  readonly history: {
    /** Written while the step ran (PostgreSQL: counted live; PGlite: only if /health reports the ingest). */
    readonly writtenPerSecond: number | null;
    /** Rows whose receive time falls in the window, counted after the run: what reached history. */
    readonly receivedPerSecond: number | null;
    readonly dropped: number | null;
    /** Messages waiting for history at the end of the step (when /health reports the ingest). */
    readonly queuedAtEnd: number | null;
  };
  readonly cpuPercentOfOneCore: {
    readonly backend: number | null;
    /** The PostgreSQL server processes serving the backend's connections: part of the backend's cost. */
    readonly postgresServer: number | null;
    readonly loadGenerator: number | null;
    readonly bench: number | null;
    readonly wholeMachine: number;
    readonly others: number | null;
  };
  /** Share of the time the backend's main thread was ready to run but waited for a core that others used. */
  readonly backendWaitedForCpuPercent: number | null;
  /** Other programs took enough CPU that this step's figures say more about the machine than the backend. */
  readonly isNoisy: boolean;
  readonly loadGeneratorLoopDelayP99Ms: number;
  readonly backendLog: BackendLog;
  /** Why this step counts as broken; empty when the backend kept up. */
  readonly breaks: string[];
  /** The load generator, not the backend, fell short: the step says nothing about the backend's limit. */
  readonly isGeneratorLimited: boolean;
}

export interface StepInputs {
  readonly multiplier: number;
  readonly target: number;
  readonly start: Reading;
  readonly end: Reading;
  readonly acknowledgeMs: readonly number[];
  readonly loopDelayP99Ms: number;
  readonly watch: ConsoleWatch;
  readonly probes: Probes;
  readonly backend: BackendProcess;
  readonly maxP99Ms: number;
}

const round = (value: number) => Math.round(value);
/** Beyond these, other programs on the machine disturbed the step (see isNoisy). */
const NOISY_OTHERS_PERCENT = 30;
const NOISY_WAIT_PERCENT = 10;

export function measureStep(inputs: StepInputs): StepResult {
  const { start, end } = inputs;
  const seconds = (end.atMs - start.atMs) / 1000;
  const loadSeconds = (end.countersAtMs - start.countersAtMs) / 1000;
  const perSecond = (key: keyof LoadCounters) => round((end.counters[key] - start.counters[key]) / loadSeconds);
  const consoleWindow = inputs.watch.takeWindow();
  const probeWindow = inputs.probes.takeWindow();
  const log = inputs.backend.takeLog();
  const cpu = (pick: (reading: Reading) => number | null) => percentOfOneCore(pick(start), pick(end), seconds);
  const machine = Math.round(((end.cpu.machine.busy - start.cpu.machine.busy) / seconds) * 1000) / 10;
  const backend = cpu((reading) => reading.cpu.backend);
  const loadGenerator = cpu((reading) => reading.cpu.load);
  const bench = cpu((reading) => reading.cpu.bench);
  const serverBefore = start.cpu.postgresServer;
  const serverAfter = end.cpu.postgresServer;
  const postgresServer = serverBefore && serverAfter ? Math.round((serverCpuBetween(serverBefore, serverAfter) / seconds) * 1000) / 10 : null;
  const ours = (backend ?? 0) + (postgresServer ?? 0) + (loadGenerator ?? 0) + (bench ?? 0);
  const written = start.historyRows !== null && end.historyRows !== null ? round((end.historyRows - start.historyRows) / seconds) : null;
  const messagesPerSecond = {
    target: round(inputs.target),
    offered: perSecond('offered'),
    sent: perSecond('sent'),
    accepted: perSecond('acknowledged'),
    heldBack: perSecond('heldBack'),
    notConnected: perSecond('notConnected'),
    missedByGenerator: perSecond('missed'),
    probes: round(probeWindow.sent / seconds),
  };
  const latency = { ...spread(probeWindow.latencyMs), timeouts: probeWindow.timeouts };
  const result: StepResult = {
    multiplier: inputs.multiplier,
    seconds: Math.round(seconds * 10) / 10,
    window: { fromMs: start.atMs, toMs: end.atMs },
    messagesPerSecond,
    failed: end.counters.failed - start.counters.failed,
    disconnects: end.counters.disconnects - start.counters.disconnects,
    latencyMs: latency,
    acknowledgeMs: spread(inputs.acknowledgeMs),
    hubLagMs: spread(consoleWindow.hubLagMs),
    console: { deltasPerSecond: round(consoleWindow.deltas / seconds), deviceRowsPerSecond: round(consoleWindow.rows / seconds), gaps: consoleWindow.gaps },
    history: { writtenPerSecond: written, receivedPerSecond: null, dropped: end.historyDropped ?? log.historyDropped, queuedAtEnd: end.historyQueued },
    cpuPercentOfOneCore: { backend, postgresServer, loadGenerator, bench, wholeMachine: machine, others: Math.max(0, Math.round((machine - ours) * 10) / 10) },
    backendWaitedForCpuPercent: cpu((reading) => reading.cpu.backendWaited),
    isNoisy: false,
    loadGeneratorLoopDelayP99Ms: Math.round(inputs.loopDelayP99Ms),
    backendLog: log,
    breaks: [],
    isGeneratorLimited: false,
  };
  return judge(result, start, end, inputs.backend, inputs.maxP99Ms);
}

/** The signs that the backend no longer keeps up, each as a sentence for the report. */
function judge(result: StepResult, start: Reading, end: Reading, backend: BackendProcess, maxP99Ms: number): StepResult {
  const breaks: string[] = [];
  const rates = result.messagesPerSecond;
  const isGeneratorLimited = rates.missedByGenerator > rates.offered * 0.05;
  if (isGeneratorLimited) breaks.push(`the load generator fell behind its schedule (${rates.missedByGenerator}/s missed, ${result.cpuPercentOfOneCore.loadGenerator ?? '?'}% of a core)`);
  if (backend.hasExited) breaks.push(`the backend exited (code ${backend.exitCode})`);
  if (rates.accepted < rates.offered * 0.9) breaks.push(`accepted ${rates.accepted}/s of ${rates.offered}/s offered`);
  if (rates.heldBack > rates.offered * 0.01) breaks.push(`devices held back: ${rates.heldBack}/s still waited for the backend's answer to their previous message`);
  const { p99, timeouts } = result.latencyMs;
  if (p99 !== null && p99 > maxP99Ms) breaks.push(`device-to-console p99 ${p99} ms (limit ${maxP99Ms} ms)`);
  if (timeouts > 0) breaks.push(`${timeouts} probe messages did not reach the console within 10 s`);
  const hasReportedDrops = start.historyDropped !== null && end.historyDropped !== null && end.historyDropped > start.historyDropped;
  if (result.backendLog.historyDropped !== null || hasReportedDrops) breaks.push(`history dropped messages (${result.history.dropped ?? '?'} so far): its queue was full, or writes failed`);
  const { writtenPerSecond } = result.history;
  const accepted = rates.accepted + rates.probes;
  if (writtenPerSecond !== null && writtenPerSecond < accepted * 0.9) breaks.push(`history written at ${writtenPerSecond} rows/s for ${accepted} msg/s accepted: its queue grows`);
  if (start.historyQueued !== null && end.historyQueued !== null && end.historyQueued - start.historyQueued > rates.accepted) {
    breaks.push(`the history queue grew from ${start.historyQueued} to ${end.historyQueued} messages`);
  }
  const errors = result.failed + result.disconnects;
  if (errors > Math.max(1, rates.sent * result.seconds * 0.001)) breaks.push(`${result.failed} failed messages and ${result.disconnects} disconnections`);
  if (result.backendLog.errors > 0) breaks.push(`the backend logged ${result.backendLog.errors} errors: ${result.backendLog.messages.join('; ')}`);
  const others = result.cpuPercentOfOneCore.others ?? 0;
  const isNoisy = others > NOISY_OTHERS_PERCENT || (result.backendWaitedForCpuPercent ?? 0) > NOISY_WAIT_PERCENT;
  return { ...result, breaks, isGeneratorLimited, isNoisy };
}

/** Adds the history rows counted after the run, and says so when history holds fewer than were accepted. */
export function withHistoryRows(step: StepResult, rows: number): StepResult {
  const receivedPerSecond = Math.round(rows / step.seconds);
  const accepted = step.messagesPerSecond.accepted + step.messagesPerSecond.probes;
  const breaks = receivedPerSecond < accepted * 0.9 ? [...step.breaks, `history holds ${receivedPerSecond} rows/s for ${accepted} msg/s accepted: accepted messages were not recorded`] : step.breaks;
  return { ...step, breaks, history: { ...step.history, receivedPerSecond } };
}
