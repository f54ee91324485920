/**
 * UpdateFirmware as a simulated charge point carries it out: at the retrieve date, one
 * FirmwareStatusNotification per step, a failure where a firmwareFailure fault says, retried downloads,
 * and the new version once installed.
 */
import { FAILING_UPDATE, SUCCEEDING_UPDATE } from '../faults/charge-point-faults.js';
import type { FirmwareStatus } from '../faults/charge-point-faults.js';
import type { FaultOf } from '../faults/fault.js';
import type { Scheduler } from '../scheduler.js';

export interface FirmwarePort {
  readonly scheduler: Scheduler;
  readonly now: () => number;
  /** Between two steps, unless a firmwareFailure fault sets its own pace. */
  readonly stepMs: number;
  failure(): FaultOf<'firmwareFailure'> | undefined;
  /** Resolves once the central system has the notification. */
  report(status: FirmwareStatus): Promise<void>;
  /** The update is installed: the charge point runs `version` from its next boot on. */
  installed(version: string): Promise<void>;
}

/** OCPP 1.6 UpdateFirmware.req, as the charge point needs it. */
export interface FirmwareRequest {
  readonly location: string;
  readonly retrieveDate: string;
  readonly retries?: number | undefined;
  readonly retryInterval?: number | undefined;
}

interface Update {
  /** Which request this is: a newer one replaces it, and its remaining steps stop. */
  readonly run: number;
  readonly version: string;
  readonly attempts: number;
  readonly retryMs: number;
}

/**
 * The version an update installs, read from its file name: the first dotted number in it
 * (`…/pillar-2.5.0.bin` → `2.5.0`), else the name without its extensions (`…/nightly.tar.gz` →
 * `nightly`); the current version when the location names no file.
 */
export function firmwareVersionFrom(location: string, currentVersion: string): string {
  const path = URL.canParse(location) ? new URL(location).pathname : location;
  const name = path.split('/').at(-1) ?? '';
  const version = /\d+(?:\.\d+)+/.exec(name)?.[0] ?? name.replace(/(\.[A-Za-z][A-Za-z0-9]{0,3})+$/, '');
  return (version || currentVersion).slice(0, 50);
}

export class FirmwareUpdates {
  readonly #port: FirmwarePort;
  #run = 0;
  #status: FirmwareStatus | 'Idle' = 'Idle';

  constructor(port: FirmwarePort) {
    this.#port = port;
  }

  /** What a triggered FirmwareStatusNotification says: the last step of an update under way, or Idle. */
  get status(): FirmwareStatus | 'Idle' {
    return this.#status;
  }

  start(request: FirmwareRequest, currentVersion: string): void {
    const { now, stepMs } = this.#port;
    const update: Update = {
      run: ++this.#run,
      version: firmwareVersionFrom(request.location, currentVersion),
      attempts: 1 + Math.max(0, request.retries ?? 0),
      retryMs: request.retryInterval === undefined ? stepMs : Math.max(0, request.retryInterval) * 1000,
    };
    const retrieveAtMs = Date.parse(request.retrieveDate);
    this.#port.scheduler.schedule(Number.isNaN(retrieveAtMs) ? now() : Math.max(now(), retrieveAtMs), () => this.#attempt(update, 1));
  }

  /** Downloading, Downloaded, Installing, Installed; or, under a firmwareFailure fault, the failure its stage says. */
  #attempt(update: Update, attempt: number): void {
    if (update.run !== this.#run) return;
    const fault = this.#port.failure();
    const steps = fault ? FAILING_UPDATE[fault.stage] : SUCCEEDING_UPDATE;
    const stepMs = fault?.everyMs ?? this.#port.stepMs;
    const startMs = this.#port.now();
    steps.forEach((status, index) => {
      this.#port.scheduler.schedule(startMs + index * stepMs, () => void this.#step(update, attempt, status, index === steps.length - 1));
    });
  }

  async #step(update: Update, attempt: number, status: FirmwareStatus, isLast: boolean): Promise<void> {
    if (update.run !== this.#run) return;
    this.#status = status;
    // Answered before what follows: a reboot would otherwise cut the notification off.
    await this.#port.report(status).catch(() => undefined);
    if (!isLast || update.run !== this.#run) return;
    if (status === 'DownloadFailed' && attempt < update.attempts) {
      this.#port.scheduler.schedule(this.#port.now() + update.retryMs, () => this.#attempt(update, attempt + 1));
      return;
    }
    this.#status = 'Idle';
    if (status === 'Installed') await this.#port.installed(update.version);
  }
}
