/** Small measuring tools: percentiles, a bounded sample, and CPU time from /proc. */
import { readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks; 100 per second on every mainstream kernel. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface Spread {
  readonly samples: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { samples: 0, p50: null, p99: null, max: null };
  const sorted = Float64Array.from(values).sort();
  const at = (share: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN);
  return { samples: values.length, p50: at(0.5), p99: at(0.99), max: round(sorted[sorted.length - 1] ?? Number.NaN) };
}

/** Keeps a uniform sample of at most `limit` values, so a long step at a high rate costs bounded memory. */
export class Reservoir {
  readonly #limit: number;
  #values: number[] = [];
  #seen = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(value: number): void {
    this.#seen++;
    if (this.#values.length < this.#limit) this.#values.push(value);
    else {
      const slot = Math.floor(Math.random() * this.#seen);
      if (slot < this.#limit) this.#values[slot] = value;
    }
  }

  /** The sample so far, and a fresh start. */
  take(): number[] {
    const values = this.#values;
    this.#values = [];
    this.#seen = 0;
    return values;
  }
}

/** User plus system CPU seconds a process (all its threads) has used, or null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of /proc/PID/stat; after "pid (comm) " they are 11 and 12.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores), to see what else ran meanwhile. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  // idle and iowait are the 4th and 5th numbers.
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: (total - idle) / CLOCK_TICKS_PER_SECOND, total: total / CLOCK_TICKS_PER_SECOND };
}

/** CPU used between two readings, as a percentage of one core. */
export function percentOfOneCore(before: number | null, after: number | null, seconds: number): number | null {
  if (before === null || after === null || seconds <= 0) return null;
  return round(((after - before) / seconds) * 100);
}

/**
 * Seconds the process's main thread was ready to run but waited for a core (from /proc/PID/schedstat):
 * what other programs on a shared machine cost it. Null when the kernel does not say.
 */
export function runQueueWaitSeconds(pid: number): number | null {
  try {
    const waitedNs = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
    return Number.isFinite(waitedNs) ? waitedNs / 1e9 : null;
  } catch {
    return null;
  }
}
