/**
 * Device-to-console latency, measured without guessing which message a delta shows: each probe device
 * has at most one message in flight. It sends, waits until the console shows the device seen at or after
 * the send, notes the time, pauses, and sends again. Probes are ordinary fleet devices on the same
 * protocols and sockets as the load, driven from the benchmark's process, where the console is.
 */
import { connectAll } from './devices.js';
import type { LoadDevice } from './devices.js';
import type { ConsoleWatch } from './console-watch.js';
import { Reservoir } from './stats.js';

export interface ProbeWindow {
  readonly sent: number;
  readonly latencyMs: readonly number[];
  /** Messages that had not reached the console after the timeout. */
  readonly timeouts: number;
}

const PAUSE_MS = { minimum: 500, spread: 1_000 } as const;
const TIMEOUT_MS = 10_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class Probes {
  readonly #devices: readonly LoadDevice[];
  readonly #watch: ConsoleWatch;
  readonly #latency = new Reservoir(100_000);
  #sent = 0;
  #timeouts = 0;
  #isRunning = false;
  #loops: Promise<void>[] = [];

  constructor(devices: readonly LoadDevice[], watch: ConsoleWatch) {
    this.#devices = devices;
    this.#watch = watch;
  }

  /** Probe messages per second while the backend keeps up. */
  static expectedRate(count: number): number {
    return count / ((PAUSE_MS.minimum + PAUSE_MS.spread / 2) / 1000);
  }

  async connect(): Promise<{ connected: number; failed: number; firstError: string | null }> {
    return connectAll(this.#devices, 50);
  }

  start(): void {
    this.#isRunning = true;
    this.#loops = this.#devices.map((device) => this.#run(device));
  }

  takeWindow(): ProbeWindow {
    const window = { sent: this.#sent, latencyMs: this.#latency.take(), timeouts: this.#timeouts };
    this.#sent = 0;
    this.#timeouts = 0;
    return window;
  }

  async stop(): Promise<void> {
    this.#isRunning = false;
    await Promise.all(this.#loops);
    await Promise.all(this.#devices.map((device) => device.close().catch(() => undefined)));
  }

  async #run(device: LoadDevice): Promise<void> {
    // Spread the probes' first messages over one pause.
    await sleep(Math.random() * PAUSE_MS.spread);
    while (this.#isRunning) {
      const index = this.#watch.indexOf(device.id);
      if (index === undefined || !device.isConnected || device.isBusy) {
        await sleep(50);
        continue;
      }
      const sentAtMs = Date.now();
      const arrived = this.#watch.waitForLastSeen(index, sentAtMs, TIMEOUT_MS);
      const acknowledged = new Promise<void>((resolve) => device.send(new Date(sentAtMs).toISOString(), () => resolve()));
      this.#sent++;
      const arrivalMs = await arrived;
      if (arrivalMs === null) {
        if (this.#isRunning) this.#timeouts++;
      } else this.#latency.add(arrivalMs - sentAtMs);
      await Promise.race([acknowledged, sleep(TIMEOUT_MS)]);
      await sleep(PAUSE_MS.minimum + Math.random() * PAUSE_MS.spread);
    }
  }
}
