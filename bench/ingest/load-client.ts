/** The benchmark's side of the load process: starts it (pinned to its core) and talks to it over IPC. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from './backend-process.js';
import { fromLoadSchema } from './protocol.js';
import type { FromLoad, LoadSetup, ToLoad } from './protocol.js';

type Reply<T extends FromLoad['type']> = Extract<FromLoad, { type: T }>;

const isConnected = (reply: FromLoad): reply is Reply<'connected'> => reply.type === 'connected';
const isReport = (reply: FromLoad): reply is Reply<'report'> => reply.type === 'report';

export class LoadProcess {
  readonly #child: ChildProcess;
  #waiting: ((message: FromLoad) => boolean)[] = [];
  #failure: string | null = null;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (raw: unknown) => {
      const parsed = fromLoadSchema.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'failure') this.#failure = message.message;
      this.#waiting = this.#waiting.filter((take) => !take(message));
    });
  }

  static start(core: number | null): LoadProcess {
    const script = fileURLToPath(new URL('./load-process.ts', import.meta.url));
    const command = [process.execPath, '--import', 'tsx', script];
    const [file, ...args] = core === null ? command : ['taskset', '-c', String(core), ...command];
    const child = spawn(file ?? process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new LoadProcess(child);
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  get failure(): string | null {
    return this.#failure;
  }

  async setUp(setup: LoadSetup, timeoutMs: number): Promise<Reply<'connected'>> {
    return this.#ask({ type: 'setup', setup }, isConnected, timeoutMs);
  }

  setRate(messagesPerSecond: number): void {
    this.#send({ type: 'rate', messagesPerSecond });
  }

  async report(): Promise<Reply<'report'>> {
    return this.#ask({ type: 'report' }, isReport, 30_000);
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || !this.#child.connected) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#send({ type: 'stop' });
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  #send(message: ToLoad): void {
    this.#child.send(message);
  }

  /** Sends `message` and resolves with the first reply that `isAnswer` recognises. */
  #ask<T extends FromLoad>(message: ToLoad, isAnswer: (reply: FromLoad) => reply is T, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the load process did not answer "${message.type}" in ${timeoutMs} ms${this.#failure ? `: ${this.#failure}` : ''}`)), timeoutMs);
      const onExit = (code: number | null) => reject(new Error(`the load process exited (${code})${this.#failure ? `: ${this.#failure}` : ''}`));
      this.#child.once('exit', onExit);
      this.#waiting.push((reply) => {
        if (!isAnswer(reply)) return false;
        clearTimeout(timer);
        this.#child.off('exit', onExit);
        resolve(reply);
        return true;
      });
      this.#send(message);
    });
  }
}
