/**
 * A simulated charge point's OCPP 1.6J connection (ocpp-rpc, strict schema validation): boots, reports
 * its connectors, beats and meters. After the first connection ocpp-rpc reconnects by itself; before it,
 * and when ocpp-rpc gives up, this link retries with its own back-off.
 */
import { RPCClient } from 'ocpp-rpc';
import { z } from 'zod';
import type { Scheduler } from '../scheduler.js';
import type { SimulationCounters } from '../stats.js';
import type { ConnectorStatus, SimulatedChargePoint } from '../world/charge-point.js';

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
}

/** What tests and fault injection may do with one charge point. */
export interface ChargePointHandle {
  readonly id: string;
  readonly isConnected: boolean;
  readonly isAccepted: boolean;
  readonly heartbeatIntervalMs: number;
  sendHeartbeat(): Promise<void>;
  sendStatus(connectorId: 0 | 1): Promise<void>;
  sendMeterValues(): Promise<void>;
}

const bootResponseSchema = z.object({
  status: z.enum(['Accepted', 'Pending', 'Rejected']),
  currentTime: z.string(),
  interval: z.number().int().nonnegative(),
});

const RETRY_MS = { initial: 1_000, maximum: 60_000 } as const;
const BOOT_RETRY_MINIMUM_MS = 10_000;

export class ChargePointLink implements ChargePointHandle {
  readonly #chargePoint: Readonly<SimulatedChargePoint>;
  readonly #options: ChargePointLinkOptions;
  readonly #client: RPCClient;
  #isConnected = false;
  #isAccepted = false;
  #isClosing = false;
  #hasStarted = false;
  #hasRoutine = false;
  #retries = 0;
  #heartbeatIntervalMs: number;
  #reportedStatus: ConnectorStatus | null = null;

  constructor(chargePoint: Readonly<SimulatedChargePoint>, options: ChargePointLinkOptions) {
    this.#chargePoint = chargePoint;
    this.#options = options;
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs;
    this.#client = new RPCClient({
      endpoint: options.endpoint,
      identity: chargePoint.id,
      password: options.secret,
      protocols: ['ocpp1.6'],
      strictMode: true,
      strictModeValidators: [],
      reconnect: true,
      maxReconnects: Infinity,
      backoff: { initialDelay: RETRY_MS.initial, maxDelay: RETRY_MS.maximum, factor: 2, randomisationFactor: 0.5 },
      callTimeoutMs: 30_000,
      pingIntervalMs: 60_000,
      deferPingsOnActivity: true,
      respondWithDetailedErrors: false,
      callConcurrency: 1,
      maxBadMessages: Infinity,
      wsOpts: {},
      headers: {},
    });
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

  start(): void {
    if (this.#hasStarted) return;
    this.#hasStarted = true;
    this.#connect();
  }

  /** The world changed this charge point's connector: tell the backend now, closing the meter first. */
  statusChanged(): void {
    if (!this.#isAccepted) return;
    if (this.#reportedStatus === 'Charging') void this.sendMeterValues().catch(() => undefined);
    void this.sendStatus(1).catch(() => undefined);
  }

  async sendHeartbeat(): Promise<void> {
    await this.#call('Heartbeat', {});
  }

  async sendStatus(connectorId: 0 | 1): Promise<void> {
    const status: ConnectorStatus = connectorId === 0 ? 'Available' : this.#chargePoint.status;
    if (connectorId === 1) this.#reportedStatus = status;
    await this.#call('StatusNotification', {
      connectorId,
      errorCode: status === 'Faulted' ? 'OtherError' : 'NoError',
      status,
      // When the status began, not when it is reported: a reconnecting charge point re-reports old states.
      timestamp: new Date(connectorId === 0 ? this.#options.now() : this.#chargePoint.statusChangedAtMs).toISOString(),
    });
  }

  async sendMeterValues(): Promise<void> {
    const { energyWh, powerW } = this.#chargePoint;
    await this.#call('MeterValues', {
      connectorId: 1,
      meterValue: [
        {
          timestamp: new Date(this.#options.now()).toISOString(),
          sampledValue: [
            { value: String(Math.round(energyWh)), context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', location: 'Outlet', unit: 'Wh' },
            { value: String(Math.round(powerW)), context: 'Sample.Periodic', measurand: 'Power.Active.Import', location: 'Outlet', unit: 'W' },
          ],
        },
      ],
    });
  }

  async close(): Promise<void> {
    this.#isClosing = true;
    await this.#client.close({ code: 1000, reason: 'Simulation closing' }).catch(() => undefined);
  }

  #connect(): void {
    if (this.#isClosing) return;
    // A failure is counted by the 'close' handler's retry; the rejection itself carries nothing more.
    this.#client.connect().catch((error: unknown) => this.#options.counters.recordError(error));
  }

  #scheduleRetry(): void {
    if (this.#isClosing) return;
    const backoff = Math.min(RETRY_MS.maximum, RETRY_MS.initial * 2 ** this.#retries);
    this.#retries++;
    const delay = backoff * (0.5 + Math.random());
    this.#options.scheduler.schedule(this.#options.now() + delay, () => this.#connect());
  }

  async #boot(): Promise<void> {
    const chargePoint = this.#chargePoint;
    try {
      const answer = bootResponseSchema.parse(
        await this.#call('BootNotification', {
          chargePointVendor: chargePoint.vendor.slice(0, 20),
          chargePointModel: chargePoint.model.slice(0, 20),
          chargePointSerialNumber: chargePoint.serialNumber.slice(0, 25),
          firmwareVersion: chargePoint.firmwareVersion.slice(0, 50),
        }),
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
      if (this.#isAccepted && this.#chargePoint.status === 'Charging') void this.sendMeterValues().catch(() => undefined);
      return true;
    });
  }

  async #call(method: string, params: Record<string, unknown>): Promise<unknown> {
    try {
      const result = await this.#client.call(method, params);
      this.#options.counters.messagesSent++;
      return result;
    } catch (error) {
      this.#options.counters.recordError(error);
      throw error;
    }
  }
}
