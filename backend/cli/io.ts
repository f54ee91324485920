/** What a CLI command may touch of the outside world, so that tests can run commands in-process. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const EXIT = { ok: 0, failure: 1, usage: 2, authentication: 3, unreachable: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Asks for a line; `isSecret` hides what is typed. Undefined when there is nobody to ask. */
  readonly prompt: (question: string, isSecret: boolean) => Promise<string | undefined>;
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM); `serve` waits on it. */
  readonly stopRequested: () => Promise<string>;
}

/** A failure with the exit code and the message a person (or a script) gets. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.exitCode = exitCode;
  }
}

export function credentialsPath(environment: CliIo['environment']): string {
  const base = environment.XDG_CONFIG_HOME || join(environment.HOME || homedir(), '.config');
  return join(base, 'cyberponies', 'credentials.json');
}
