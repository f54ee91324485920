/**
 * A virtual X display for the Electron journey on machines without one (CI, containers): the test starts
 * Xvfb itself, so `npm test` needs no xvfb-run wrapper and nothing is left running afterwards.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Display {
  /** The DISPLAY value, e.g. ":99". */
  readonly name: string;
  close(): Promise<void>;
}

const XVFB = '/usr/bin/Xvfb';

/** The current display when there is one; otherwise a new Xvfb on the first free display number. */
export async function ensureDisplay(environment: Readonly<Record<string, string | undefined>> = process.env): Promise<Display> {
  if (environment.DISPLAY) return { name: environment.DISPLAY, close: async () => undefined };
  if (!existsSync(XVFB)) throw new Error('No DISPLAY and no Xvfb: install Debian’s xvfb package, or run under xvfb-run');
  for (let number = 99; number < 120; number++) {
    if (existsSync(`/tmp/.X11-unix/X${number}`) || existsSync(`/tmp/.X${number}-lock`)) continue;
    const server: ChildProcess = spawn(XVFB, [`:${number}`, '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    const isUp = await new Promise<boolean>((resolve) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (existsSync(`/tmp/.X11-unix/X${number}`)) return finish(true);
        if (server.exitCode !== null || Date.now() - started > 10_000) return finish(false);
      }, 50);
      const finish = (value: boolean) => {
        clearInterval(poll);
        resolve(value);
      };
    });
    if (!isUp) {
      server.kill();
      continue;
    }
    return {
      name: `:${number}`,
      close: () =>
        new Promise((resolve) => {
          if (server.exitCode !== null) return resolve();
          server.once('exit', () => resolve());
          server.kill('SIGTERM');
        }),
    };
  }
  throw new Error('Could not start Xvfb on any display from :99 to :119');
}
