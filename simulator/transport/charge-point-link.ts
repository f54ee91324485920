/**
 * A simulated charge point's OCPP 1.6J connection (ocpp-rpc, strict schema validation): boots, reports
 * its connectors, beats and meters, bent by whatever faults are active on it (simulator/faults), and
 * answers the central system's calls (charge-point-commands.ts). After the first connection ocpp-rpc
 * reconnects by itself; before it, and when ocpp-rpc gives up, this link retries with its own back-off.
 */
import type { Socket } from 'node:net';
import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client.js';
import { z } from 'zod';
import { flapPhase } from '../faults/car-faults.js';
import { FAILING_UPDATE, SUCCEEDING_UPDATE, connectorReport } from '../faults/charge-point-faults.js';
import type { FirmwareStatus } from '../faults/charge-point-faults.js';
import type { FaultKind, FaultOf } from '../faults/fault.js';
import { ShareGate } from '../faults/registry.js';
import type { ActiveFault, ActiveFaultOf, FaultRegistry } from '../faults/registry.js';
import type { Scheduler } from '../scheduler.js';
import { isRefusedLogin, scheduleBadLogins, wrongPassword } from './bad-logins.js';
import { COMMAND_TIMING, ChargePointCommands } from './charge-point-commands.js';
import type { CommandTiming } from './charge-point-commands.js';
import { RETRY_MS, chargePointRpcOptions, openWire, resendFrame } from './ocpp-wire.js';
import type { WireOptions } from './ocpp-wire.js';
import type { SimulationCounters } from '../stats.js';
import { bootNotification, meterValues } from '../world/charge-point.js';
import type { ConnectorId, ConnectorStatus, SimulatedChargePoint } from '../world/charge-point.js';

export interface ChargePointLinkOptions {
  /** The OCPP endpoint without the identity, e.g. ws://127.0.0.1:8080/ocpp. */
  readonly endpoint: string;
  readonly secret: string;
  readonly counters: SimulationCounters;
  readonly scheduler: Scheduler;
  readonly now: () => number;
  /** Until the backend names its own interval in the BootNotification answer. */
  readonly heartbeatIntervalMs: number;
  readonly meterValuesIntervalMs: number;
  /** Where in each period this charge point speaks, so the fleet's messages are spread evenly. */
  readonly phaseMs: number;
  readonly faults: FaultRegistry;
  /** How long resets, reboots and firmware steps take; tests shorten them. */
  readonly commandTiming?: Partial<CommandTiming>;
}

/** What tests and fault injection may do with one charge point. */
export interface ChargePointHandle {
  readonly id: string;
  readonly isConnected: boolean;
  readonly isAccepted: boolean;
  readonly heartbeatIntervalMs: number;
  /** Calls made while out of coverage and not sent yet. */
  readonly backlogSize: number;
  sendHeartbeat(): Promise<void>;
  sendStatus(connectorId: 0 | 1): Promise<void>;
  sendMeterValues(): Promise<void>;
  /** The OCPP transaction of the session under way, or null. */
  readonly transactionId: number | null;
  /** A driver holds a card to the reader; true when a session started. */
  presentIdTag(idTag: string): Promise<boolean>;
}

const bootResponseSchema = z.object({
  status: z.enum(['Accepted', 'Pending', 'Rejected']),
  currentTime: z.string(),
  interval: z.number().int().nonnegative(),
});

const BOOT_RETRY_MINIMUM_MS = 10_000;
/** How long a resent call waits for the backend's second answer before the next call goes. */
const DUPLICATE_ANSWER_MS = 5_000;

interface QueuedCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

export class ChargePointLink implements ChargePointHandle {
  readonly #chargePoint: Readonly<SimulatedChargePoint>;
  readonly #options: ChargePointLinkOptions;
  readonly #rpcOptions: RPC_ClientOptions;
  readonly #client: RPCClient;
  readonly #dropGate = new ShareGate();
  readonly #duplicateGate = new ShareGate();
  #isConnected = false;
  #isAccepted = false;
  #isClosing = false;
  #hasStarted = false;
  #hasRoutine = false;
  #retries = 0;
  #heartbeatIntervalMs: number;
  #reportedStatus: ConnectorStatus | null = null;
  /** The TCP socket under the WebSocket, so a half-open fault can silence it without closing it. */
  #socket: Socket | null = null;
  #isHalfOpen = false;
  /** Calls made out of coverage, oldest first; null while in coverage. */
  #backlog: QueuedCall[] | null = null;
  /** Calls from the last out-of-coverage spell, sent first once the backend has accepted the boot. */
  #late: QueuedCall[] = [];
  /** Every call goes through here, one at a time, so a resent frame is answered before the next call. */
  #lane: Promise<unknown> = Promise.resolve();
  /** The frame of the call in flight, as ocpp-rpc sent it: a duplicate resends exactly this. */
  #lastFrame: unknown = null;
  /** The energy register's reading when a stuckSensor fault began; null when none is active. */
  #frozenEnergyWh: number | null = null;
  /** While a badCredentials fault lasts: logins use a wrong password and are not retried by themselves. */
  #hasWrongPassword = false;
  /** Off the network on purpose, between a reset and the new connection. */
  #isRebooting = false;
  readonly #commands: ChargePointCommands;

  constructor(chargePoint: Readonly<SimulatedChargePoint>, options: ChargePointLinkOptions) {
    this.#chargePoint = chargePoint;
    this.#options = options;
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs;
    this.#rpcOptions = chargePointRpcOptions(options.endpoint, chargePoint.id, options.secret, (wire) => this.#openSocket(wire));
    this.#client = new RPCClient(this.#rpcOptions);
    this.#client.on('open', () => {
      if (!this.#isConnected) options.counters.chargePointsConnected++;
      this.#isConnected = true;
      this.#retries = 0;
      void this.#boot();
    });
    this.#client.on('disconnect', () => {
      if (this.#isConnected) options.counters.chargePointsConnected--;
      this.#isConnected = false;
      this.#isAccepted = false;
    });
    // Emitted when a first connection fails or ocpp-rpc stops reconnecting: from here on it is ours to retry.
    this.#client.on('close', () => this.#scheduleRetry());
    this.#client.on('socketError', (error: unknown) => options.counters.recordError(error));
    this.#client.on('call', (event: { outbound: boolean; payload: unknown }) => {
      if (event.outbound) this.#lastFrame = event.payload;
    });
    this.#commands = new ChargePointCommands(chargePoint, {
      scheduler: options.scheduler,
      now: options.now,
      faults: options.faults,
      timing: { ...COMMAND_TIMING, ...options.commandTiming },
      isOnline: () => this.#isAccepted && !this.#isClosing,
      call: (method, params) => this.#call(method, params),
      send: (method, params) => (this.#isAccepted || this.#backlog !== null ? this.#send(method, params) : Promise.resolve()),
      report: (connectorId) => this.#reportConnector(connectorId),
      sendStatus: (connectorId) => this.sendStatus(connectorId),
      sendHeartbeat: () => this.sendHeartbeat(),
      sendMeterValues: () => this.sendMeterValues(),
      boot: () => this.#boot(),
      reboot: (offlineMs) => this.#reboot(offlineMs),
      deviceTime: (trueMs) => this.#deviceTime(trueMs),
      recordError: (error) => options.counters.recordError(error),
    });
    this.#commands.register(this.#client);
  }

  get id(): string {
    return this.#chargePoint.id;
  }

  get isConnected(): boolean {
    return this.#isConnected;
  }

  get isAccepted(): boolean {
    return this.#isAccepted;
  }

  get heartbeatIntervalMs(): number {
    return this.#heartbeatIntervalMs;
  }

  get backlogSize(): number {
    return this.#backlog?.length ?? 0;
  }

  get transactionId(): number | null {
    return this.#commands.transactionId;
  }

  get isHeld(): boolean {
    return this.#commands.isHeld;
  }

  start(): void {
    if (this.#hasStarted) return;
    this.#hasStarted = true;
    this.#connect();
  }

  /** The world changed this charge point's connector. */
  statusChanged(): void {
    this.#commands.worldChanged();
    this.#reportConnector(1);
  }

  presentIdTag(idTag: string): Promise<boolean> {
    return this.#commands.presentIdTag(idTag);
  }

  async sendHeartbeat(): Promise<void> {
    // A heartbeat says "I am here now": one made out of coverage means nothing later.
    if (this.#backlog !== null) return;
    await this.#send('Heartbeat', {});
  }

  async sendStatus(connectorId: ConnectorId, flappedStatus?: ConnectorStatus, sinceMs?: number): Promise<void> {
    const current = this.#commands.connectorStatus(connectorId);
    const truth = flappedStatus ?? current.status;
    // When the status began, not when it is reported: a reconnecting charge point re-reports old states.
    const beganMs = sinceMs ?? current.sinceMs;
    const reported = this.#options.faults.findActive(this.#chargePoint.id, 'chargePoint', 'reportedFault');
    const { status, errorCode, sinceMs: reportedSinceMs } = connectorReport(connectorId, { status: truth, sinceMs: beganMs }, reported);
    if (connectorId === 1) this.#reportedStatus = status;
    await this.#send('StatusNotification', { connectorId, errorCode, status, timestamp: this.#deviceTime(reportedSinceMs) });
  }

  async sendMeterValues(): Promise<void> {
    const meter = this.#commands.meter();
    await this.#send('MeterValues', meterValues(this.#frozenEnergyWh ?? meter.energyWh, meter.powerW, this.#deviceTime(this.#options.now()), meter.transactionId));
  }

  /** A fault on this charge point started or ended. */
  faultChanged(active: ActiveFault, hasStarted: boolean): void {
    switch (active.fault.kind) {
      case 'backlog':
        if (hasStarted) this.#leaveCoverage();
        else this.#returnToCoverage();
        break;
      case 'silent':
        if (active.fault.mode !== 'halfOpen') break;
        if (hasStarted) this.#goHalfOpen();
        else this.#recoverFromHalfOpen();
        break;
      case 'flapping':
        if (hasStarted) this.#startFlapping(active);
        else if (this.#isAccepted) void this.sendStatus(1).catch(() => undefined);
        break;
      case 'reconnectStorm':
        this.#reconnectNow();
        break;
      case 'reportedFault':
        // Faulted since the fault began; back to the truth from the moment it ends.
        if (this.#isAccepted) void this.sendStatus(active.fault.connectorId, undefined, this.#options.now()).catch(() => undefined);
        break;
      case 'stuckSensor':
        this.#frozenEnergyWh = hasStarted ? this.#commands.meter().energyWh : null;
        break;
      case 'badCredentials':
        if (hasStarted) this.#startBadLogins({ ...active, fault: active.fault });
        else this.#endBadLogins();
        break;
      case 'firmwareFailure':
        this.#reportFirmware(hasStarted ? FAILING_UPDATE[active.fault.stage] : SUCCEEDING_UPDATE, active.fault.everyMs);
        break;
      default:
        break;
    }
  }

  async close(): Promise<void> {
    this.#isClosing = true;
    if (this.#isHalfOpen) this.#socket?.destroy();
    await this.#client.close({ code: 1000, reason: 'Simulation closing', force: this.#isHalfOpen }).catch(() => undefined);
  }

  #fault<Kind extends FaultKind>(kind: Kind): FaultOf<Kind> | undefined {
    return this.#options.faults.find(this.#chargePoint.id, 'chargePoint', kind);
  }

  #deviceTime(trueMs: number): string {
    const skew = this.#fault('clockSkew');
    return new Date(trueMs + (skew ? skew.seconds * 1000 : 0)).toISOString();
  }

  #openSocket(wire: WireOptions): Socket {
    this.#socket = openWire(this.#options.endpoint, wire);
    return this.#socket;
  }

  #connect(): void {
    if (this.#isClosing || this.#backlog !== null) return;
    // A failure is counted by the 'close' handler's retry; the rejection itself carries nothing more.
    this.#client.connect().catch((error: unknown) => {
      if (this.#hasWrongPassword && isRefusedLogin(error, 'ocpp')) this.#options.counters.loginsRefused++;
      else this.#options.counters.recordError(error);
    });
  }

  #scheduleRetry(): void {
    if (this.#isClosing || this.#backlog !== null || this.#isHalfOpen || this.#hasWrongPassword || this.#isRebooting) return;
    const backoff = Math.min(RETRY_MS.maximum, RETRY_MS.initial * 2 ** this.#retries);
    this.#retries++;
    const delay = backoff * (0.5 + Math.random());
    this.#options.scheduler.schedule(this.#options.now() + delay, () => this.#connect());
  }

  async #boot(): Promise<void> {
    const chargePoint = this.#chargePoint;
    try {
      const answer = bootResponseSchema.parse(
        await this.#call('BootNotification', bootNotification(chargePoint, this.#commands.firmwareVersion)),
      );
      if (answer.status !== 'Accepted') {
        const retryMs = Math.max(BOOT_RETRY_MINIMUM_MS, answer.interval * 1000);
        this.#options.scheduler.schedule(this.#options.now() + retryMs, () => {
          if (this.#isConnected && !this.#isAccepted) void this.#boot();
        });
        return;
      }
      if (answer.interval > 0) this.#heartbeatIntervalMs = answer.interval * 1000;
      this.#isAccepted = true;
      await this.#sendLate();
      await this.#commands.booted();
      await this.sendStatus(0);
      await this.sendStatus(1);
      this.#startRoutine();
    } catch (error) {
      // Counted where the call failed; the next connection boots again.
      if (error instanceof z.ZodError) this.#options.counters.recordError(error);
    }
  }

  /** Heartbeats and meter values on the shared scheduler, started once and kept across reconnects. */
  #startRoutine(): void {
    if (this.#hasRoutine) return;
    this.#hasRoutine = true;
    const { scheduler, now, phaseMs, meterValuesIntervalMs } = this.#options;
    const start = now();
    scheduler.every(start + (phaseMs % this.#heartbeatIntervalMs), () => this.#heartbeatIntervalMs, () => {
      if (this.#isClosing) return false;
      if (this.#isAccepted) void this.sendHeartbeat().catch(() => undefined);
      return true;
    });
    scheduler.every(start + (phaseMs % meterValuesIntervalMs), () => meterValuesIntervalMs, () => {
      if (this.#isClosing) return false;
      if ((this.#isAccepted || this.#backlog !== null) && this.#commands.connectorStatus(1).status === 'Charging') void this.sendMeterValues().catch(() => undefined);
      return true;
    });
  }

  /** A routine message: queued out of coverage, withheld while silent, dropped or sent twice by a fault. */
  async #send(method: string, params: Record<string, unknown>): Promise<void> {
    // Out of coverage, or still sending what was made then: new calls queue behind the old, in order.
    const queue = this.#backlog ?? (this.#late.length > 0 ? this.#late : null);
    if (queue) {
      queue.push({ method, params });
      return;
    }
    if (this.#isHalfOpen || this.#fault('silent')) return;
    const drop = this.#fault('drop');
    if (drop && this.#dropGate.take(drop.share)) {
      this.#options.counters.messagesDropped++;
      return;
    }
    const duplicate = this.#fault('duplicate');
    await this.#call(method, params, duplicate !== undefined && this.#duplicateGate.take(duplicate.share));
  }

  #call(method: string, params: Record<string, unknown>, isDuplicated = false): Promise<unknown> {
    const work = this.#lane.then(async () => {
      try {
        const result = await this.#client.call(method, params);
        this.#options.counters.messagesSent++;
        if (isDuplicated && (await resendFrame(this.#client, this.#lastFrame, DUPLICATE_ANSWER_MS))) this.#options.counters.messagesDuplicated++;
        return result;
      } catch (error) {
        this.#options.counters.recordError(error);
        throw error;
      }
    });
    this.#lane = work.catch(() => undefined);
    return work;
  }

  /** A connector's status changed: tell the backend now, closing the meter first. */
  #reportConnector(connectorId: ConnectorId): void {
    if (!this.#isAccepted && this.#backlog === null) return;
    // A flapping or faulted connector goes on saying so, whatever happens behind it.
    if ((connectorId === 1 && this.#fault('flapping')) || this.#fault('reportedFault')?.connectorId === connectorId) return;
    if (connectorId === 1 && this.#reportedStatus === 'Charging') void this.sendMeterValues().catch(() => undefined);
    void this.sendStatus(connectorId).catch(() => undefined);
  }

  /** Off and on again: the connection closes as a restarting charge point's does, and a new one boots later. */
  async #reboot(offlineMs: number): Promise<void> {
    if (this.#isClosing || this.#isRebooting) return;
    this.#isRebooting = true;
    // Going down: nothing new is sent on this connection, and what is queued is answered first.
    this.#isAccepted = false;
    await this.#lane;
    // The 'close' that follows is ours, not one to retry after.
    await this.#client.close({ code: 1012, reason: 'Rebooting', awaitPending: true }).catch(() => undefined);
    this.#options.scheduler.schedule(this.#options.now() + offlineMs, () => {
      this.#isRebooting = false;
      this.#connect();
    });
  }

  #leaveCoverage(): void {
    if (this.#backlog !== null) return;
    this.#backlog = [];
    // The network is gone: no closing handshake reaches the backend.
    this.#socket?.destroy();
  }

  #returnToCoverage(): void {
    if (this.#backlog === null) return;
    const late = this.#backlog;
    this.#backlog = null;
    this.#late.push(...late);
    if (this.#isConnected) void this.#sendLate();
    else this.#connect();
  }

  /** Everything made out of coverage, in order, before the current statuses. */
  async #sendLate(): Promise<void> {
    while (this.#late.length > 0 && this.#isAccepted) {
      const next = this.#late[0];
      if (!next) break;
      await this.#call(next.method, next.params).catch(() => undefined);
      this.#late.shift();
    }
  }

  #goHalfOpen(): void {
    if (this.#isHalfOpen || !this.#socket) return;
    this.#isHalfOpen = true;
    // Nothing is read (so no pong) and nothing leaves, and the socket is never closed: the backend sees
    // silence, not a close, and only its ping timeout can tell. Our own pings may give up on the link
    // later; it must not reconnect while the fault lasts.
    this.#client.reconfigure({ ...this.#rpcOptions, reconnect: false });
    this.#socket.cork();
    this.#socket.pause();
  }

  #recoverFromHalfOpen(): void {
    if (!this.#isHalfOpen) return;
    this.#isHalfOpen = false;
    this.#client.reconfigure(this.#rpcOptions);
    // The path comes back, but the backend has long given this socket up: start again.
    this.#socket?.destroy();
    this.#scheduleRetry();
  }

  /** A status at every flip, each dated from its flip: Available, Preparing, Available, … */
  #startFlapping(active: ActiveFault): void {
    const { fault } = active;
    if (fault.kind !== 'flapping') return;
    const { scheduler, faults, now } = this.#options;
    scheduler.every(active.sinceMs + fault.everyMs, () => fault.everyMs, () => {
      if (this.#isClosing || !faults.list().some((each) => each.id === active.id)) return false;
      const { flips, lastFlipMs } = flapPhase(fault, active.sinceMs, now());
      if (this.#isAccepted) void this.sendStatus(1, flips % 2 === 1 ? 'Preparing' : 'Available', lastFlipMs).catch(() => undefined);
      return true;
    });
  }

  /** Closes the connection and logs in with a wrong password, attempt after attempt, never retrying by itself. */
  #startBadLogins(active: ActiveFaultOf<'badCredentials'>): void {
    if (this.#isClosing || this.#backlog !== null || this.#isHalfOpen) return;
    this.#hasWrongPassword = true;
    this.#client.reconfigure({ ...this.#rpcOptions, password: wrongPassword(this.#options.secret), reconnect: false });
    const { scheduler, faults } = this.#options;
    scheduleBadLogins(active, scheduler, () => this.#isClosing || !faults.list().some((each) => each.id === active.id), () => {
      // The first attempt closes the connection that was up, as a charge point given a new secret would.
      if (this.#client.state === RPCClient.OPEN) void this.#client.close({ code: 1000, reason: 'Reconnecting' }).then(() => this.#connect());
      else this.#connect();
    });
  }

  #endBadLogins(): void {
    if (!this.#hasWrongPassword) return;
    this.#hasWrongPassword = false;
    this.#client.reconfigure(this.#rpcOptions);
    // An attempt still under way fails, and its 'close' brings the retry, with the right password now.
    this.#connect();
  }

  /** One FirmwareStatusNotification every `everyMs`, as an update goes through its steps. */
  #reportFirmware(steps: readonly FirmwareStatus[], everyMs: number): void {
    const { scheduler, now } = this.#options;
    const startMs = now();
    steps.forEach((status, index) => {
      scheduler.schedule(startMs + index * everyMs, () => {
        if (!this.#isClosing && (this.#isAccepted || this.#backlog !== null)) void this.#send('FirmwareStatusNotification', { status }).catch(() => undefined);
      });
    });
  }

  #reconnectNow(): void {
    if (this.#isClosing || this.#backlog !== null || this.#isHalfOpen) return;
    // As after a backend restart: every link is cut at once; ocpp-rpc dials again after its first
    // back-off step (about a second, jittered), so the whole fleet comes back together.
    this.#socket?.destroy();
  }
}
