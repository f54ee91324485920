/**
 * A console as the benchmark sees it: logged in over socket.io like the Fleet Console, it keeps every
 * device's lastSeenMs from the snapshot and the deltas, tells latency probes when their device's message
 * has arrived, and measures how long the hub took (delta arrival minus the backend's receive time: one
 * clock, as both run on this machine).
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { CONSOLE_NAMESPACE } from '../../shared/console-api.js';
import type { ClientToServerEvents, FleetDelta, FleetSnapshot, ServerToClientEvents } from '../../shared/console-api.js';
import { catalogueDevices, decodeCatalogue } from '../../shared/fleet-catalogue.js';
import { unpackColumns } from '../../shared/fleet-columns.js';
import { Reservoir } from './stats.js';

function devicesOf(snapshot: FleetSnapshot) {
  return catalogueDevices(decodeCatalogue(snapshot.catalogue));
}

type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Waiter {
  readonly atLeastMs: number;
  readonly resolve: (arrivalMs: number | null) => void;
  readonly timer: NodeJS.Timeout;
}

export interface ConsoleWindow {
  readonly deltas: number;
  /** Device rows received in deltas: devices whose change reached the console (coalesced per window). */
  readonly rows: number;
  readonly hubLagMs: readonly number[];
  /** Deltas whose version did not follow the previous one, or came in another epoch. */
  readonly gaps: number;
}

export class ConsoleWatch {
  readonly #socket: ConsoleSocket;
  #indexes = new Map<string, number>();
  #epoch = '';
  #version = 0;
  #waiters = new Map<number, Waiter>();
  #deltas = 0;
  #rows = 0;
  #gaps = 0;
  readonly #hubLag = new Reservoir(50_000);

  private constructor(socket: ConsoleSocket) {
    this.#socket = socket;
    socket.on('fleet:snapshot', (snapshot) => this.#onSnapshot(snapshot));
    socket.on('fleet:delta', (delta) => this.#onDelta(delta));
  }

  static async connect(httpUrl: string, token: string): Promise<ConsoleWatch> {
    const socket: ConsoleSocket = io(`${httpUrl}${CONSOLE_NAMESPACE}`, { auth: { token }, transports: ['websocket'] });
    const watch = new ConsoleWatch(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('fleet:snapshot', () => resolve());
      socket.once('connect_error', reject);
    });
    return watch;
  }

  indexOf(deviceId: string): number | undefined {
    return this.#indexes.get(deviceId);
  }

  /** Resolves with the arrival time of the first delta that shows the device seen at `atLeastMs` or later; null on timeout. */
  waitForLastSeen(index: number, atLeastMs: number, timeoutMs: number): Promise<number | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(index);
        resolve(null);
      }, timeoutMs);
      this.#waiters.set(index, { atLeastMs, resolve, timer });
    });
  }

  /** What arrived since the last call. */
  takeWindow(): ConsoleWindow {
    const window = { deltas: this.#deltas, rows: this.#rows, hubLagMs: this.#hubLag.take(), gaps: this.#gaps };
    this.#deltas = 0;
    this.#rows = 0;
    this.#gaps = 0;
    return window;
  }

  close(): void {
    for (const waiter of this.#waiters.values()) {
      clearTimeout(waiter.timer);
      waiter.resolve(null);
    }
    this.#waiters.clear();
    this.#socket.close();
  }

  #onSnapshot(snapshot: FleetSnapshot): void {
    this.#indexes = new Map(devicesOf(snapshot).map((device, index) => [device.id, index]));
    this.#epoch = snapshot.epoch;
    this.#version = snapshot.version;
  }

  #onDelta(delta: FleetDelta): void {
    const arrivalMs = Date.now();
    if (delta.epoch !== this.#epoch || delta.version !== this.#version + 1) {
      this.#gaps++;
      if (delta.epoch !== this.#epoch) {
        this.#socket.emit('fleet:resync', {}, () => undefined);
        return;
      }
    }
    this.#version = delta.version;
    this.#deltas++;
    const columns = unpackColumns(delta.columns);
    this.#rows += columns.index.length;
    for (let row = 0; row < columns.index.length; row++) {
      const lastSeenMs = columns.lastSeenMs[row] ?? 0;
      if (lastSeenMs > 0) this.#hubLag.add(arrivalMs - lastSeenMs);
      const index = columns.index[row] ?? -1;
      const waiter = this.#waiters.get(index);
      if (waiter && lastSeenMs >= waiter.atLeastMs) {
        this.#waiters.delete(index);
        clearTimeout(waiter.timer);
        waiter.resolve(arrivalMs);
      }
    }
  }
}
