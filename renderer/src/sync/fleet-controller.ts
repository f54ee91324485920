/**
 * The one place the console's socket lives, outside React: connects to the console hub, feeds snapshots
 * and deltas into the FleetModel, resumes from epoch/version after a reconnect, asks for a resync on a
 * gap, keeps the alarm, command and reservation books, and publishes connection state and fleet counts
 * to the store a few times a second at most.
 */
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import {
  CONSOLE_NAMESPACE,
  type ClientToServerEvents,
  type ConsoleAnswers,
  type ConsoleRequest,
  type ConsoleRequestName,
  type FleetDelta,
  type FleetSnapshot,
  type Handshake,
  type ServerToClientEvents,
} from '../../../shared/console-api.js';
import type { DeviceDetail } from '../../../shared/device-detail.js';
import { failure, type Result } from '../../../shared/result.js';
import { useConsoleStore } from '../store/store.js';
import { AlarmBook, alarmBook } from '../alarms/alarm-book.js';
import { CommandBook, commandBook } from '../commands/command-book.js';
import { ReservationBook, reservationBook } from '../reservations/reservation-book.js';
import { FleetModel } from './fleet-model.js';

type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ConsoleStore = typeof useConsoleStore;

/** How long a lost connection reads "reconnecting" before the console admits it is offline. */
export const OFFLINE_AFTER_MS = 10_000;
const COUNTS_INTERVAL_MS = 250;
/** Staleness changes with time alone, so counts are refreshed this often even without data. */
const COUNTS_MAX_AGE_MS = 1000;
const CALL_TIMEOUT_MS = 10_000;

const errorDataSchema = z.object({ code: z.string() });

/** The hub refuses a handshake with `unauthenticated` (in data.code or the message): back to login. */
export function isTokenRefusal(error: Error): boolean {
  const data = errorDataSchema.safeParse(Reflect.get(error, 'data'));
  if (data.success && (data.data.code === 'unauthenticated' || data.data.code === 'forbidden')) return true;
  return /unauthenticated|unauthori[sz]ed|invalid token|token (expired|invalid)/i.test(error.message);
}

export class FleetController {
  private socket: ConsoleSocket | null = null;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  private countsTimer: ReturnType<typeof setInterval> | null = null;
  private countedRevision = -1;
  private countedAtMs = 0;
  private isResyncing = false;

  constructor(
    readonly model: FleetModel,
    private readonly store: ConsoleStore = useConsoleStore,
    readonly alarms: AlarmBook = new AlarmBook(),
    readonly commands: CommandBook = new CommandBook(),
    readonly reservations: ReservationBook = new ReservationBook(),
  ) {}

  connect(backendUrl: string, token: string): void {
    this.disconnect();
    // Another session may see other alarms; a reconnect of the same one gets a fresh snapshot anyway.
    this.alarms.clear();
    this.commands.clear();
    this.reservations.clear();
    const { setConnection } = this.store.getState();
    setConnection('connecting');
    const socket: ConsoleSocket = io(`${new URL(backendUrl).origin}${CONSOLE_NAMESPACE}`, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnectionDelayMax: 5000,
      // A function, so every reconnect sends the version we hold and the hub replays only what we missed.
      auth: (send) => send(this.handshake(token)),
    });
    this.socket = socket;
    socket.on('connect', () => this.onConnect());
    socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
    socket.on('connect_error', (error) => this.onConnectError(error));
    socket.on('session:identity', (operator) => this.store.getState().setOperator(operator));
    socket.on('fleet:snapshot', (snapshot) => this.onSnapshot(snapshot));
    socket.on('fleet:delta', (delta) => this.onDelta(delta));
    socket.on('alarms:snapshot', (snapshot) => this.alarms.applySnapshot(snapshot));
    socket.on('alarms:changes', (changes) => this.alarms.applyChanges(changes));
    socket.on('commands:changes', (changes) => this.commands.applyChanges(changes));
    socket.on('reservations:changes', (changes) => this.reservations.applyChanges(changes));
    this.countsTimer = setInterval(() => this.publishCounts(false), COUNTS_INTERVAL_MS);
  }

  disconnect(): void {
    this.clearOfflineTimer();
    if (this.countsTimer) clearInterval(this.countsTimer);
    this.countsTimer = null;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.isResyncing = false;
    this.store.getState().setConnection('idle');
  }

  getDevice(deviceId: string): Promise<Result<DeviceDetail>> {
    return this.request('device:get', { deviceId });
  }

  /** One acknowledged call to the hub; never throws: a lost connection or a timeout is a failure. */
  async request<Name extends ConsoleRequestName>(name: Name, request: ConsoleRequest<Name>): Promise<Result<ConsoleAnswers[Name]>> {
    const socket = this.socket;
    if (!socket?.connected) return failure('unavailable', 'Not connected to the backend.');
    try {
      // socket.io's typed emit cannot follow a generic event name; the map in console-api.ts is the contract.
      const timed = socket.timeout(CALL_TIMEOUT_MS);
      const emit = timed.emitWithAck as (event: Name, request: ConsoleRequest<Name>) => Promise<Result<ConsoleAnswers[Name]>>;
      const answer = await emit.call(timed, name, request);
      if (!answer.ok && answer.error.code === 'unauthenticated') this.refuseSession();
      return answer;
    } catch {
      return failure('unavailable', 'The backend did not answer in time.');
    }
  }

  private handshake(token: string): Handshake {
    const { epoch, version } = this.model;
    return epoch === null ? { token } : { token, epoch, version };
  }

  private onConnect(): void {
    this.clearOfflineTimer();
    this.store.getState().setConnection('live');
  }

  private onDisconnect(socket: ConsoleSocket, reason: Socket.DisconnectReason): void {
    if (reason === 'io client disconnect') return;
    this.noteLoss();
    // The hub closed us on purpose (a restart, a rebalance): socket.io does not retry that by itself.
    if (reason === 'io server disconnect') socket.connect();
  }

  private onConnectError(error: Error): void {
    if (isTokenRefusal(error)) {
      this.refuseSession();
      return;
    }
    this.noteLoss();
  }

  private refuseSession(): void {
    this.disconnect();
    this.store.getState().signOut('The backend no longer accepts this session. Please log in again.');
  }

  private noteLoss(): void {
    const state = this.store.getState();
    if (state.connection === 'reconnecting' || state.connection === 'offline') return;
    const lostAtMs = Date.now();
    state.setConnection('reconnecting', lostAtMs);
    this.clearOfflineTimer();
    this.offlineTimer = setTimeout(() => this.store.getState().setConnection('offline', lostAtMs), OFFLINE_AFTER_MS);
  }

  private clearOfflineTimer(): void {
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
  }

  private onSnapshot(snapshot: FleetSnapshot): void {
    this.model.applySnapshot(snapshot);
    this.isResyncing = false;
    this.publishCounts(true);
  }

  private onDelta(delta: FleetDelta): void {
    const outcome = this.model.applyDelta(delta);
    if (outcome === 'gap' || outcome === 'otherEpoch' || outcome === 'noSnapshot') void this.resync();
  }

  private async resync(): Promise<void> {
    const socket = this.socket;
    if (this.isResyncing || !socket?.connected) return;
    this.isResyncing = true;
    try {
      const answer = await socket.timeout(CALL_TIMEOUT_MS).emitWithAck('fleet:resync', {});
      if (!answer.ok) throw new Error(answer.error.message);
    } catch {
      // Without a usable resync, a fresh connection without a version makes the hub send a snapshot.
      this.model.epoch = null;
      socket.disconnect().connect();
    } finally {
      this.isResyncing = false;
    }
  }

  private publishCounts(isForced: boolean): void {
    const now = Date.now();
    const hasChanged = this.model.revision !== this.countedRevision;
    if (!isForced && !hasChanged && now - this.countedAtMs < COUNTS_MAX_AGE_MS) return;
    this.countedRevision = this.model.revision;
    this.countedAtMs = now;
    const state = this.store.getState();
    state.setCounts(this.model.counts(), this.model.version);
    if (this.model.lastDataAtMs > 0 && state.lastDataAtMs !== this.model.lastDataAtMs) state.noteData(this.model.lastDataAtMs);
  }
}

export const fleetModel = new FleetModel();
export const fleetController = new FleetController(fleetModel, useConsoleStore, alarmBook, commandBook, reservationBook);

/** Connects while a session and a backend are known, and disconnects when either goes away. */
export function followSession(store: ConsoleStore = useConsoleStore, controller: FleetController = fleetController): () => void {
  let connectedWith = '';
  const follow = (state: ReturnType<ConsoleStore['getState']>) => {
    const token = state.session?.token ?? null;
    const backendUrl = state.settings?.backendUrl ?? null;
    const wanted = token && backendUrl ? `${backendUrl} ${token}` : '';
    if (wanted === connectedWith) return;
    connectedWith = wanted;
    if (token && backendUrl) controller.connect(backendUrl, token);
    else controller.disconnect();
  };
  follow(store.getState());
  return store.subscribe(follow);
}
