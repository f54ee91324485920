/**
 * The backend under test, as a separate process started the way an operator starts it
 * (`node bin/cyberponies.js serve`), on free ports and a fresh data directory, optionally pinned to one
 * core. Its JSON log is read as it runs: warnings and errors are counted and history drops noticed.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loginAnswerSchema } from '../../shared/api-schemas.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BackendStart {
  readonly dataDir: string;
  /** A PostgreSQL URL (its own schema), or null for the embedded PGlite. */
  readonly databaseUrl: string | null;
  readonly adminPassword: string;
  readonly fleet: { readonly seed: number; readonly stations: number; readonly cars: number; readonly chargePoints: number };
  /** Core to pin the backend to with taskset, or null. */
  readonly core: number | null;
}

/** Counted from the backend's log since the last `takeLog()`. */
export interface BackendLog {
  readonly warnings: number;
  readonly errors: number;
  /** The ingest's running count of messages that reached the state but not history, when it logged a new one. */
  readonly historyDropped: number | null;
  /** A few distinct messages, to say how it broke. */
  readonly messages: readonly string[];
}

const READY_LINE = /Web console: (http:\/\/[^/\s]+)\/.*MQTT: port (\d+)/;
const logLineSchema = z.object({ level: z.number(), msg: z.string().optional(), dropped: z.number().optional() });
const WARN_LEVEL = 40;
const ERROR_LEVEL = 50;

/** /health, with the ingest counters that a backend may add (read when present). */
export const benchHealthSchema = z.object({
  devices: z.object({ known: z.number(), online: z.number() }),
  ingest: z.object({ accepted: z.number(), written: z.number(), dropped: z.number(), queued: z.number() }).optional(),
});
export type BenchHealth = z.infer<typeof benchHealthSchema>;

export class BackendProcess {
  readonly httpUrl: string;
  readonly mqttPort: number;
  readonly #child: ChildProcess;
  readonly #tail: string[];
  #warnings = 0;
  #errors = 0;
  #historyDropped: number | null = null;
  #historyDroppedBefore: number | null = null;
  #messages = new Set<string>();
  #exitCode: number | null = null;
  #hasExited = false;

  private constructor(child: ChildProcess, httpUrl: string, mqttPort: number, tail: string[]) {
    this.#child = child;
    this.httpUrl = httpUrl;
    this.mqttPort = mqttPort;
    this.#tail = tail;
    child.once('exit', (code) => {
      this.#hasExited = true;
      this.#exitCode = code;
    });
  }

  static async start(options: BackendStart): Promise<BackendProcess> {
    const command = [process.execPath, `${PROJECT_ROOT}bin/cyberponies.js`, 'serve', '--host', '127.0.0.1', '--port', '0', '--mqtt-port', '0'];
    // Only this run's settings: none inherited from the shell (an external broker, TLS, another data dir).
    const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('CYBERPONIES_') && name !== 'MQTT_URL' && name !== 'DATABASE_URL');
    const environment: Record<string, string | undefined> = {
      ...Object.fromEntries(inherited),
      CYBERPONIES_DATA_DIR: options.dataDir,
      CYBERPONIES_DEMO: 'true',
      CYBERPONIES_DEMO_SEED: String(options.fleet.seed),
      CYBERPONIES_DEMO_STATIONS: String(options.fleet.stations),
      CYBERPONIES_DEMO_CARS: String(options.fleet.cars),
      CYBERPONIES_DEMO_CHARGE_POINTS: String(options.fleet.chargePoints),
      CYBERPONIES_ADMIN_PASSWORD: options.adminPassword,
      CYBERPONIES_LOG_FORMAT: 'json',
      CYBERPONIES_LOG_LEVEL: 'info',
      ...(options.databaseUrl === null ? {} : { DATABASE_URL: options.databaseUrl }),
    };
    const [file, ...args] = options.core === null ? command : ['taskset', '-c', String(options.core), ...command];
    const child = spawn(file ?? process.execPath, args, { cwd: PROJECT_ROOT, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let backend: BackendProcess | null = null;
    let pending = '';
    const ready = new Promise<BackendProcess>((resolve, reject) => {
      const onLine = (line: string) => {
        tail.push(line);
        if (tail.length > 200) tail.shift();
        const match = READY_LINE.exec(line);
        if (!backend && match?.[1] && match[2]) {
          backend = new BackendProcess(child, match[1], Number(match[2]), tail);
          resolve(backend);
        }
        if (backend) backend.#readLog(line);
      };
      const onData = (chunk: Buffer) => {
        const lines = (pending + chunk.toString()).split('\n');
        pending = lines.pop() ?? '';
        lines.forEach(onLine);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`the backend exited (${code}) before it was ready:\n${tail.slice(-30).join('\n')}`)));
    });
    return ready;
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  get hasExited(): boolean {
    return this.#hasExited;
  }

  get exitCode(): number | null {
    return this.#exitCode;
  }

  /** The last lines the backend printed, to show when something went wrong. */
  tail(lines: number): string {
    return this.#tail.slice(-lines).join('\n');
  }

  async health(): Promise<BenchHealth | null> {
    try {
      return benchHealthSchema.parse(await (await fetch(`${this.httpUrl}/health`)).json());
    } catch {
      return null;
    }
  }

  async login(password: string): Promise<string> {
    const response = await fetch(`${this.httpUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    if (!response.ok) throw new Error(`admin login failed: HTTP ${response.status} ${await response.text()}`);
    return loginAnswerSchema.parse(await response.json()).token;
  }

  takeLog(): BackendLog {
    const hasDropped = this.#historyDropped !== null && this.#historyDropped !== this.#historyDroppedBefore;
    const log = { warnings: this.#warnings, errors: this.#errors, historyDropped: hasDropped ? this.#historyDropped : null, messages: [...this.#messages].slice(0, 5) };
    this.#historyDroppedBefore = this.#historyDropped;
    this.#warnings = 0;
    this.#errors = 0;
    this.#messages = new Set();
    return log;
  }

  /** SIGTERM, then waits for the clean stop that writes everything received; SIGKILL after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<{ seconds: number; isClean: boolean }> {
    const started = performance.now();
    if (this.#hasExited) return { seconds: 0, isClean: this.#exitCode === 0 };
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
    return { seconds: (performance.now() - started) / 1000, isClean: this.#exitCode === 0 };
  }

  #readLog(line: string): void {
    if (!line.startsWith('{')) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return;
    }
    const entry = logLineSchema.safeParse(json);
    if (!entry.success || entry.data.level < WARN_LEVEL) return;
    if (entry.data.level >= ERROR_LEVEL) this.#errors++;
    else this.#warnings++;
    if (entry.data.dropped !== undefined) this.#historyDropped = entry.data.dropped;
    if (entry.data.msg && this.#messages.size < 20) this.#messages.add(entry.data.msg);
  }
}
