/** The benchmark's answer as tables for people (terminal and markdown); the JSON beside them is for machines. */
import type { ScenarioFigures } from './measure.js';
import type { ProfileEntry } from './profile.js';
import type { TraceSummary } from './trace.js';
import type { ConsoleBenchResult } from './run.js';
import type { ConnectFigures, ScenarioSummary } from './summary.js';

/** One line per run as it goes, so that a long run shows its progress. */
export function connectProgress(connect: ConnectFigures): string {
  return (
    `  connect to fully drawn ${connect.connectToDrawnMs} ms (login to drawn ${connect.loginToDrawnMs} ms; snapshot's first frame after ${connect.connectToSnapshotTextMs ?? '?'} ms, last after ${connect.connectToSnapshotMs ?? '?'} ms, ` +
    `all devices held ${connect.snapshotToAllDevicesMs ?? '?'} ms later, drawn ${connect.allDevicesToDrawnMs ?? '?'} ms after that; drawn signal: ${connect.drawnBy ?? '?'})`
  );
}

export function scenarioProgress(name: string, figures: ScenarioFigures): string {
  const { frameMs, updates, cpuPercentOfOneCore: cpu } = figures;
  return (
    `  ${name}: frames p50 ${frameMs.p50} / p95 ${frameMs.p95} / max ${frameMs.max} ms, ${frameMs.over50} over 50 ms, ${figures.framesPerSecond} fps; ` +
    `JS ${figures.scriptMsPerFrame} ms/frame, main thread ${figures.taskMsPerFrame} ms/frame; heap ${figures.memory.heapUsedMb} MB; ` +
    `${updates.pageRowsPerSecond} rows/s reached the page (${updates.appliedPerSecond}/s applied); zoom ${figures.zoom ?? '?'}; ` +
    `CPU renderer ${cpu.renderer}%, GPU process ${cpu.gpu}%, backend ${cpu.backend ?? '?'}%, others ${cpu.others}%${figures.isNoisy ? ' (noisy)' : ''}`
  );
}

type Cell = (summary: ScenarioSummary) => string;
const show = (value: number | null, unit = '') => (value === null ? '?' : `${value}${unit}`);

const COLUMNS: readonly (readonly [string, Cell])[] = [
  ['frame p50', (summary) => show(summary.frameP50Ms, ' ms')],
  ['p95', (summary) => show(summary.frameP95Ms, ' ms')],
  ['max', (summary) => show(summary.frameMaxMs, ' ms')],
  ['>50 ms', (summary) => `${show(summary.framesOver50Ms)} (${summary.framesOver50MsAllRuns} all runs)`],
  ['fps', (summary) => show(summary.framesPerSecond)],
  ['JS/frame', (summary) => show(summary.scriptMsPerFrame, ' ms')],
  ['main thread/frame', (summary) => show(summary.taskMsPerFrame, ' ms')],
  ['long tasks', (summary) => `${show(summary.longTasks)} (max ${show(summary.longestTaskMs, ' ms')})`],
  ['JS heap', (summary) => show(summary.heapUsedMb, ' MB')],
  ['renderer RSS', (summary) => show(summary.rendererRssMb, ' MB')],
  ['rows/s at page', (summary) => `${show(summary.pageRowsPerSecond)} of ${show(summary.appliedPerSecond)}`],
  ['CPU renderer/GPU/backend/others', (summary) => `${show(summary.rendererCpuPercent)}/${show(summary.gpuCpuPercent)}/${show(summary.backendCpuPercent)}/${show(summary.othersCpuPercent)} %`],
  ['zoom', (summary) => show(summary.zoom)],
];

function grid(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [line(rows[0] ?? []), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function scenarioRows(result: ConsoleBenchResult): string[][] {
  const header = ['scenario', ...COLUMNS.map(([title]) => title)];
  const rows = Object.entries(result.scenarios).map(([name, summary]) => [`${name}${summary.noisyRuns > 0 ? ` (noisy ${summary.noisyRuns}/${summary.runs})` : ''}`, ...COLUMNS.map(([, cell]) => cell(summary))]);
  return [header, ...rows];
}

function verdictRows(result: ConsoleBenchResult): string[][] {
  return [['target', 'measured', 'verdict'], ...result.verdicts.map((verdict) => [verdict.target, verdict.measured, verdict.isMet ? 'PASS' : 'FAIL'])];
}

function connectLine(result: ConsoleBenchResult): string {
  const { connect } = result;
  return (
    `Connect to fully drawn: ${show(connect.connectToDrawnMs, ' ms')} (median; worst ${show(connect.connectToDrawnMaxMs, ' ms')}); login to drawn ${show(connect.loginToDrawnMs, ' ms')}. ` +
    `Socket open to the snapshot's first frame ${show(connect.connectToSnapshotTextMs, ' ms')} (the backend's work and the transfer), ` +
    `to its last ${show(connect.connectToSnapshotMs, ' ms')} (${show(connect.snapshotBinaryMb, ' MB')} of catalogue and columns, binary; ${show(connect.snapshotTextMb, ' MB')} of JSON), ` +
    `every device held ${show(connect.snapshotToAllDevicesMs, ' ms')} later, drawn ${show(connect.allDevicesToDrawnMs, ' ms')} after that ` +
    `(${connect.drawnBy === 'map' ? 'the map reported the drawn revision' : 'taken as the frame after every device was held: the map does not report what it has drawn yet'}).`
  );
}

function noiseLine(result: ConsoleBenchResult): string | null {
  const isNoisy = Object.values(result.scenarios).some((summary) => summary.noisyRuns > 0);
  return isNoisy ? 'Other programs used more than 30% of a core during some windows (marked noisy): on a shared machine, take the figures again when it is quiet.' : null;
}

export function terminalReport(result: ConsoleBenchResult): string {
  const noise = noiseLine(result);
  const parts = [grid(scenarioRows(result)), '', connectLine(result), ...(noise ? [noise] : []), '', grid(verdictRows(result))];
  if (result.profile) {
    parts.push('', `Main thread in the ${result.profile.scenario} scenario (profile ${result.profile.file}), busy ${result.profile.summary.busyPercent}% — top functions by self time:`);
    parts.push(grid(profileRows(result.profile.summary.bySelf)));
    const trace = result.profile.trace;
    if (trace) parts.push('', `Timeline trace, first ${trace.seconds} s of the same window:`, grid(threadRows(trace)), '', grid(workRows(trace)));
  }
  return parts.join('\n');
}

function threadRows(trace: TraceSummary): string[][] {
  return [['thread', 'in tasks ms', '% of the time'], ...trace.threads.map((thread) => [thread.thread, String(thread.busyMs), String(thread.percent)])];
}

function workRows(trace: TraceSummary): string[][] {
  return [['main thread: work', 'self ms', '% of a core', 'per second'], ...trace.mainThread.map((work) => [work.name, String(work.selfMs), String(work.percent), String(work.perSecond)])];
}

function profileRows(entries: readonly ProfileEntry[]): string[][] {
  return [['function', 'where', 'self ms', 'self %', 'total %'], ...entries.map((entry) => [entry.function, entry.where, String(entry.selfMs), String(entry.selfPercent), String(entry.totalPercent)])];
}

function markdownTable(rows: readonly (readonly string[])[]): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  const [header = [], ...body] = rows;
  return [`| ${header.map(escape).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...body.map((row) => `| ${row.map(escape).join(' | ')} |`)].join('\n');
}

/**
 * For each scenario with long frames, the scripts that ran in them, summed over every run: the frames'
 * own account, from Chromium's Long Animation Frames API, of a window no profiler slowed down.
 */
function longFrameLines(result: ConsoleBenchResult): string[] {
  const lines: string[] = [];
  for (const scenario of result.settings.scenarios) {
    const frames = result.runs.flatMap((run) => run.scenarios[scenario]?.longFrames ?? []);
    if (frames.length === 0) continue;
    const byScript = new Map<string, { frames: number; totalMs: number }>();
    let scriptedMs = 0;
    for (const frame of frames) {
      for (const script of frame.scripts) {
        const entry = byScript.get(script.name) ?? { frames: 0, totalMs: 0 };
        entry.frames += 1;
        entry.totalMs += script.durationMs;
        byScript.set(script.name, entry);
        scriptedMs += script.durationMs;
      }
    }
    const totalMs = frames.reduce((sum, frame) => sum + frame.durationMs, 0);
    const renderMs = frames.reduce((sum, frame) => sum + Math.max(0, frame.durationMs - frame.renderStartMs), 0);
    lines.push(
      `${scenario}: ${frames.length} frame(s), ${Math.round(totalMs)} ms in all; scripts ran ${Math.round(scriptedMs)} ms of it, and the frames' rendering ` +
        `(animation-frame callbacks, style, layout, paint) ${Math.round(renderMs)} ms. A frame long with neither waited for a core or for the compositor.`,
      '',
      markdownTable([
        ['script', 'frames', 'ms in all'],
        ...[...byScript]
          .sort((left, right) => right[1].totalMs - left[1].totalMs)
          .slice(0, 8)
          .map(([name, entry]) => [name, String(entry.frames), String(Math.round(entry.totalMs))]),
      ]),
      '',
    );
  }
  return lines;
}

export function markdownReport(result: ConsoleBenchResult): string {
  const { settings } = result;
  const lines = [
    `# Console benchmark — ${result.when}`,
    '',
    `${settings.devices.toLocaleString('en')} devices (${settings.fleet.stations} stations, ${settings.fleet.cars} cars, ${settings.fleet.chargePoints} charge points), ` +
      `${settings.ratePerSecond.toLocaleString('en')} state updates/s, ${settings.openAlarms.toLocaleString('en')} open alarms, ${settings.viewport}, headless Chromium (--disable-gpu), ` +
      `${settings.runs} run(s) of ${settings.secondsPerScenario} s per scenario, medians; ${settings.cores ? `backend and the benchmark's driver on core ${settings.cores.backend}, Chromium on core ${settings.cores.browser}` : 'not pinned'}; store: ${result.engine}; console build ${result.consoleBuild.bundle} of ${result.consoleBuild.builtAt}.`,
    '',
    'Path exercised: device messages applied to the backend\'s state cache → console hub (coalesced deltas every 100 ms) → socket.io → the built console (FleetModel → map canvas). ' +
      'Not exercised: the MQTT and OCPP gateways and history writes (see bench:ingest for those).',
    '',
    '## Targets',
    '',
    markdownTable(verdictRows(result)),
    '',
    '## Scenarios (medians)',
    '',
    markdownTable(scenarioRows(result)),
    '',
    connectLine(result),
    ...(noiseLine(result) ? ['', noiseLine(result) ?? ''] : []),
    '',
    'Frame times are the intervals between requestAnimationFrame callbacks in the page; JS/frame is Chromium\'s ScriptDuration and main thread/frame its TaskDuration, over the window, divided by frames. ' +
      'CPU is % of one core over the window (others: programs outside this benchmark on the machine).',
  ];
  const longFrames = longFrameLines(result);
  if (longFrames.length > 0) lines.push('', '## Frames of 50 ms or more: the scripts that ran in them (all runs)', '', ...longFrames);
  if (result.profile) {
    const { summary } = result.profile;
    lines.push('', `## Where the main thread goes (${result.profile.scenario}, ${summary.seconds} s profiled, busy ${summary.busyPercent}%)`, '');
    lines.push('By self time:', '', markdownTable(profileRows(summary.bySelf)), '');
    lines.push('By total time (each function once per sample):', '', markdownTable(profileRows(summary.byTotal)), '');
    const trace = result.profile.trace;
    if (trace) {
      lines.push(
        `Timeline trace of the first ${trace.seconds} s of the same window: time each thread spent in tasks (wall time, so it includes waiting for a core), ` +
          `and the page's main thread by kind of work (self time; what the profile calls "(program)" is mostly here).`,
        '',
      );
      lines.push(markdownTable(threadRows(trace)), '', markdownTable(workRows(trace)), '');
    }
    const quoted = summary.bySelf.filter((entry) => entry.source !== null).slice(0, 8);
    if (quoted.length > 0) {
      lines.push('Where the top minified functions start in the bundle:', '');
      for (const entry of quoted) lines.push(`- \`${entry.function}\` ${entry.where}: \`${(entry.source ?? '').replaceAll('`', "'")}\``);
    }
  }
  return `${lines.join('\n')}\n`;
}
