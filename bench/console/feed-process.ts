/** The benchmark's side of its backend process: starts it (pinned to its core) and talks to it over IPC. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../ingest/backend-process.js';
import { fromFeedSchema } from './protocol.js';
import type { FeedReport, FeedSetup, FromFeed, ToFeed } from './protocol.js';

type Reply<T extends FromFeed['type']> = Extract<FromFeed, { type: T }>;

const isReady = (reply: FromFeed): reply is Reply<'ready'> => reply.type === 'ready';
const isReport = (reply: FromFeed): reply is FeedReport => reply.type === 'report';
const isStopped = (reply: FromFeed): reply is Reply<'stopped'> => reply.type === 'stopped';

export class FeedProcess {
  readonly #child: ChildProcess;
  #waiting: ((message: FromFeed) => boolean)[] = [];
  #failure: string | null = null;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (raw: unknown) => {
      const parsed = fromFeedSchema.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'failure') this.#failure = message.message;
      this.#waiting = this.#waiting.filter((take) => !take(message));
    });
  }

  /** Starts the process and waits until the fleet is provisioned, online and served. */
  static async start(setup: FeedSetup, core: number | null, timeoutMs: number): Promise<{ process: FeedProcess; ready: Reply<'ready'> }> {
    const script = fileURLToPath(new URL('./backend-main.ts', import.meta.url));
    const command = [process.execPath, '--import', 'tsx', script];
    const [file, ...args] = core === null ? command : ['taskset', '-c', String(core), ...command];
    const child = spawn(file ?? process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const feed = new FeedProcess(child);
    const ready = await feed.#ask({ type: 'setup', setup }, isReady, timeoutMs);
    return { process: feed, ready };
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  async report(): Promise<FeedReport> {
    return this.#ask({ type: 'report' }, isReport, 30_000);
  }

  /** Asks for a clean stop; kills the process if it has not stopped within the timeout. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    if (this.#child.connected) await this.#ask({ type: 'stop' }, isStopped, timeoutMs).catch(() => undefined);
    else this.#child.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
  }

  /** Sends `message` and resolves with the first reply that `isAnswer` recognises. */
  #ask<T extends FromFeed>(message: ToFeed, isAnswer: (reply: FromFeed) => reply is T, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const failure = () => (this.#failure ? `: ${this.#failure}` : '');
      const timer = setTimeout(() => reject(new Error(`the backend process did not answer "${message.type}" in ${timeoutMs} ms${failure()}`)), timeoutMs);
      const onExit = (code: number | null) => reject(new Error(`the backend process exited (${code})${failure()}`));
      this.#child.once('exit', onExit);
      this.#waiting.push((reply) => {
        if (reply.type === 'failure') {
          clearTimeout(timer);
          this.#child.off('exit', onExit);
          reject(new Error(`the backend process failed: ${reply.message}`));
          return false;
        }
        if (!isAnswer(reply)) return false;
        clearTimeout(timer);
        this.#child.off('exit', onExit);
        resolve(reply);
        return true;
      });
      this.#child.send(message);
    });
  }
}
