/** Chromium's processes below this one, by type, read from /proc: CPU and memory of each kind. */
import { readdirSync, readFileSync } from 'node:fs';
import { cpuSeconds } from '../ingest/stats.js';

export type ChromiumProcessType = 'browser' | 'renderer' | 'gpu' | 'other';

export interface ChromiumProcess {
  readonly pid: number;
  readonly type: ChromiumProcessType;
}

function parentOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // ppid is field 4 of /proc/PID/stat; after "pid (comm) " it is 2nd.
    return Number(fields[1]);
  } catch {
    return null;
  }
}

function typeOf(pid: number): ChromiumProcessType | null {
  let command: string;
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null;
  }
  // Chromium rewrites its children's command lines as one string: the program is up to the first space or NUL.
  const program = command.split(/[\0 ]/)[0] ?? '';
  if (!/chrom/i.test(program)) return null;
  if (program.includes('crashpad')) return 'other';
  const type = /--type=([\w-]+)/.exec(command)?.[1];
  if (type === undefined) return 'browser';
  if (type === 'renderer') return 'renderer';
  if (type === 'gpu-process') return 'gpu';
  return 'other';
}

/** Every Chromium process descending from `rootPid`. */
export function chromiumProcesses(rootPid: number = process.pid): ChromiumProcess[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent === null) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: ChromiumProcess[] = [];
  const queue = [...(children.get(rootPid) ?? [])];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    const type = typeOf(pid);
    if (type) found.push({ pid, type });
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

export function residentBytes(pid: number): number | null {
  try {
    const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kilobytes === undefined ? null : Number(kilobytes) * 1024;
  } catch {
    return null;
  }
}

/** CPU seconds used so far by each process, to subtract two readings. */
export function cpuByProcess(processes: readonly ChromiumProcess[]): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const { pid } of processes) {
    const used = cpuSeconds(pid);
    if (used !== null) seconds.set(pid, used);
  }
  return seconds;
}
