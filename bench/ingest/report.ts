/** The benchmark's answer as a table for people; the JSON beside it is for machines. */
import type { StepResult } from './step.js';

const COLUMNS = [
  ['step', (step: StepResult) => `×${step.multiplier}`],
  ['offered/s', (step: StepResult) => String(step.messagesPerSecond.offered + step.messagesPerSecond.probes)],
  ['accepted/s', (step: StepResult) => String(step.messagesPerSecond.accepted + step.messagesPerSecond.probes)],
  ['history rows/s', (step: StepResult) => String(step.history.receivedPerSecond ?? step.history.writtenPerSecond ?? '?')],
  ['backend CPU', (step: StepResult) => `${step.cpuPercentOfOneCore.backend ?? '?'}%${step.cpuPercentOfOneCore.postgresServer === null ? '' : ` + ${step.cpuPercentOfOneCore.postgresServer}% PG`}`],
  ['load CPU', (step: StepResult) => `${step.cpuPercentOfOneCore.loadGenerator ?? '?'}%`],
  ['others CPU', (step: StepResult) => `${step.cpuPercentOfOneCore.others ?? '?'}%`],
  ['p50 ms', (step: StepResult) => String(step.latencyMs.p50 ?? '-')],
  ['p99 ms', (step: StepResult) => String(step.latencyMs.p99 ?? '-')],
  ['backend waited', (step: StepResult) => `${step.backendWaitedForCpuPercent ?? '?'}%`],
  ['verdict', (step: StepResult) => `${step.breaks.length === 0 ? 'keeps up' : step.isGeneratorLimited ? 'generator-bound' : 'BREAKS'}${step.isNoisy ? ' (noisy machine)' : ''}`],
] as const;

export function table(steps: readonly StepResult[]): string {
  const rows = [COLUMNS.map(([title]) => title), ...steps.map((step) => COLUMNS.map(([, cell]) => cell(step)))];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, column) => (column === 0 || column === row.length - 1 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(rows[0] ?? []), rule, ...rows.slice(1).map(line)].join('\n');
}

/** One line while the run goes on, so that a long run shows its progress. */
export function progressLine(step: StepResult): string {
  const rates = step.messagesPerSecond;
  const verdict = step.breaks.length === 0 ? 'keeps up' : `breaks: ${step.breaks.join('; ')}`;
  return (
    `×${step.multiplier}: offered ${rates.offered + rates.probes}/s, accepted ${rates.accepted + rates.probes}/s, ` +
    `backend ${step.cpuPercentOfOneCore.backend ?? '?'}% CPU${step.cpuPercentOfOneCore.postgresServer === null ? '' : ` + PostgreSQL ${step.cpuPercentOfOneCore.postgresServer}%`}, load ${step.cpuPercentOfOneCore.loadGenerator ?? '?'}%, others ${step.cpuPercentOfOneCore.others ?? '?'}%, ` +
    `p50/p99 ${step.latencyMs.p50 ?? '-'}/${step.latencyMs.p99 ?? '-'} ms, ack p99 ${step.acknowledgeMs.p99 ?? '-'} ms, hub p99 ${step.hubLagMs.p99 ?? '-'} ms` +
    `${step.history.writtenPerSecond === null ? '' : `, history ${step.history.writtenPerSecond} rows/s`}` +
    `${step.isNoisy ? `, NOISY: others used ${step.cpuPercentOfOneCore.others ?? '?'}% and the backend waited for a core ${step.backendWaitedForCpuPercent ?? '?'}% of the time` : ''} — ${verdict}`
  );
}

/** Where and how it broke, in one sentence, from the first broken step. */
export function conclusion(steps: readonly StepResult[]): string {
  const broken = steps.find((step) => step.breaks.length > 0);
  const lastGood = [...steps].reverse().find((step) => step.breaks.length === 0 && (!broken || step.multiplier < broken.multiplier));
  const good = lastGood ? `kept up at ×${lastGood.multiplier} (${lastGood.messagesPerSecond.accepted + lastGood.messagesPerSecond.probes} msg/s accepted, backend ${lastGood.cpuPercentOfOneCore.backend ?? '?'}% of a core)` : 'did not keep up even at the first step';
  const noise = steps.some((step) => step.isNoisy) ? ' Other programs loaded the machine during some steps (marked noisy): take the figures again on a quiet machine.' : '';
  if (!broken) return `The backend ${good} and did not break within the steps run.${noise}`;
  const how = broken.isGeneratorLimited ? 'the load generator, not the backend, reached its limit' : broken.breaks.join('; ');
  return `The backend ${good}; at ×${broken.multiplier} (${broken.messagesPerSecond.offered + broken.messagesPerSecond.probes} msg/s offered): ${how}.${noise}`;
}
