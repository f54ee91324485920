/**
 * Which core each part of the benchmark runs on. Chromium gets a core of its own: the backend's process
 * and this driver (which only plays the operator's mouse and reads counters) share the other, so that
 * what the measured core does is the console's work alone.
 */
import { execFileSync } from 'node:child_process';

/** Pins every thread of process `pid` to `core`; false when the system would not. */
export function pinProcess(pid: number, core: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-c', '-p', String(core), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `launch` on `core`, so that the processes it starts (Chromium's, which start their own children
 * later from those) inherit the core, then returns this process to `homeCore`.
 */
export async function launchOnCore<T>(core: number, homeCore: number, launch: () => Promise<T>): Promise<T> {
  pinProcess(process.pid, core);
  try {
    return await launch();
  } finally {
    pinProcess(process.pid, homeCore);
  }
}
