/**
 * What a simulated charge point answers to the central system's OCPP 1.6J calls (Core, Firmware
 * Management, Remote Trigger and Reservation), and what it does once it has answered: the
 * StatusNotifications, transactions and reboots a real one would send (firmware updates are
 * charge-point-firmware.ts's). The link (charge-point-link.ts) owns the connection; this owns what the
 * central system controls (world/charge-point.ts's ChargePointControl).
 */
import type { RPCClient } from 'ocpp-rpc';
import { z } from 'zod';
import type { FaultKind, FaultOf } from '../faults/fault.js';
import type { FaultRegistry } from '../faults/registry.js';
import type { Scheduler } from '../scheduler.js';
import { connectorStatus, isInUse, meterReadingWh, newControl, visitorPowerW, visitorSessionWh } from '../world/charge-point.js';
import type { ChargePointControl, ConnectorId, ConnectorState, SimulatedChargePoint } from '../world/charge-point.js';
import { FirmwareUpdates } from './charge-point-firmware.js';
import {
  answering,
  resetSchema,
  unlockSchema,
  availabilitySchema,
  remoteStartSchema,
  remoteStopSchema,
  triggerSchema,
  updateFirmwareSchema,
  reserveSchema,
  cancelReservationSchema,
  authorizeAnswerSchema,
  startAnswerSchema,
  type Answer,
  type RequestedMessage,
} from './charge-point-requests.js';

export interface CommandTiming {
  /** From a Reset's answer to the connection closing: the answer has to reach the central system first. */
  readonly resetDelayMs: number;
  /** How long a rebooting charge point stays off the network. */
  readonly rebootMs: number;
  /** Between two steps of a firmware update; a firmwareFailure fault's everyMs wins. */
  readonly firmwareStepMs: number;
}

/** Quick enough for end-to-end tests; a firmware step as long as a firmwareFailure fault's default one. */
export const COMMAND_TIMING: CommandTiming = { resetDelayMs: 500, rebootMs: 2_000, firmwareStepMs: 1_000 };

/** What the commands borrow from the link: its sending, its boot, its clock and its faults. */
export interface CommandPort {
  readonly scheduler: Scheduler;
  readonly now: () => number;
  readonly faults: FaultRegistry;
  readonly timing: CommandTiming;
  /** Connected, and the boot accepted. */
  isOnline(): boolean;
  /** A call whose answer matters (Authorize, transactions): in order, never bent by a delivery fault. */
  call(method: string, params: Record<string, unknown>): Promise<unknown>;
  /** A notification, bent by delivery faults as routine messages are; nothing while offline. */
  send(method: string, params: Record<string, unknown>): Promise<void>;
  /** A connector's status changed: report it as the link reports the world's changes. */
  report(connectorId: ConnectorId): void;
  sendStatus(connectorId: ConnectorId): Promise<void>;
  sendHeartbeat(): Promise<void>;
  sendMeterValues(): Promise<void>;
  /** A BootNotification on the connection that is up. */
  boot(): Promise<void>;
  /** Closes the connection as a restarting charge point does, and boots on a new one `offlineMs` later. */
  reboot(offlineMs: number): Promise<void>;
  /** A true time as the charge point's (perhaps skewed) clock reads it. */
  deviceTime(trueMs: number): string;
  recordError(error: unknown): void;
}

type StopReason = 'DeAuthorized' | 'EVDisconnected' | 'HardReset' | 'Reboot' | 'Remote' | 'SoftReset' | 'UnlockCommand';
type StopTransaction = Readonly<Record<string, unknown>>;

const CONNECTORS: readonly ConnectorId[] = [0, 1];

function isConnectorId(value: number): value is ConnectorId {
  return value === 0 || value === 1;
}

/** OCPP's IdToken is case-insensitive. */
function isSameIdTag(first: string, second: string): boolean {
  return first.toLowerCase() === second.toLowerCase();
}


export class ChargePointCommands {
  readonly #chargePoint: Readonly<SimulatedChargePoint>;
  readonly #port: CommandPort;
  readonly #control: ChargePointControl;
  /** A start is under way (its StartTransaction not yet answered): the connector is taken already. */
  #isStarting = false;
  /** StopTransactions not delivered (a hard reset, a lost connection): sent once a boot is accepted. */
  readonly #unsentStops: StopTransaction[] = [];
  readonly #firmware: FirmwareUpdates;

  constructor(chargePoint: Readonly<SimulatedChargePoint>, port: CommandPort) {
    this.#chargePoint = chargePoint;
    this.#port = port;
    this.#control = newControl(chargePoint);
    this.#firmware = new FirmwareUpdates({
      scheduler: port.scheduler,
      now: port.now,
      stepMs: port.timing.firmwareStepMs,
      failure: () => this.#fault('firmwareFailure'),
      report: (status) => port.send('FirmwareStatusNotification', { status }),
      installed: async (version) => {
        // The new firmware runs from the next boot on, which says its version.
        this.#control.firmwareVersion = version;
        await this.#restart('Reboot');
      },
    });
  }

  get firmwareVersion(): string {
    return this.#control.firmwareVersion;
  }

  get transactionId(): number | null {
    return this.#control.session?.transactionId ?? null;
  }

  /** Reserved, or a connector taken out of service: not a charge point a passing driver may take. */
  get isHeld(): boolean {
    return this.#control.reservation !== null || this.#control.inoperative.size > 0;
  }

  connectorStatus(connectorId: ConnectorId): ConnectorState {
    return connectorStatus(this.#chargePoint, this.#control, connectorId, this.#port.now());
  }

  /** The energy register, the power drawn, and the transaction they are metered for. */
  meter(): { readonly energyWh: number; readonly powerW: number; readonly transactionId?: number } {
    const energyWh = meterReadingWh(this.#chargePoint, this.#control, this.#port.now());
    const powerW = this.#chargePoint.powerW + visitorPowerW(this.#control);
    const transactionId = this.transactionId;
    return transactionId === null ? { energyWh, powerW } : { energyWh, powerW, transactionId };
  }

  register(client: RPCClient): void {
    client.handle('Reset', answering(resetSchema, (request) => this.#reset(request)));
    client.handle('UnlockConnector', answering(unlockSchema, (request) => this.#unlock(request)));
    client.handle('ChangeAvailability', answering(availabilitySchema, (request) => this.#changeAvailability(request)));
    client.handle('RemoteStartTransaction', answering(remoteStartSchema, (request) => this.#remoteStart(request)));
    client.handle('RemoteStopTransaction', answering(remoteStopSchema, (request) => this.#remoteStop(request)));
    client.handle('TriggerMessage', answering(triggerSchema, (request) => this.#trigger(request)));
    client.handle('UpdateFirmware', answering(updateFirmwareSchema, (request) => this.#updateFirmware(request)));
    client.handle('ReserveNow', answering(reserveSchema, (request) => this.#reserveNow(request)));
    client.handle('CancelReservation', answering(cancelReservationSchema, (request) => this.#cancelReservation(request)));
  }

  /** The world moved a car at the connector. */
  worldChanged(): void {
    const { session, finishingCarId } = this.#control;
    const carId = this.#chargePoint.carId;
    // The cable came out: the session of the car that left ends with it.
    if (session && session.carId !== null && session.carId !== carId) void this.#stopSession('EVDisconnected');
    if (finishingCarId !== null && finishingCarId !== carId) {
      this.#change(() => {
        this.#control.finishingCarId = null;
      });
    }
    this.#applyScheduled();
  }

  /** The central system accepted a boot: the sessions that ended while it could not hear are stopped now. */
  async booted(): Promise<void> {
    while (this.#unsentStops.length > 0 && this.#port.isOnline()) {
      const stop = this.#unsentStops[0];
      if (!stop) break;
      try {
        await this.#port.call('StopTransaction', stop);
      } catch {
        return;
      }
      this.#unsentStops.shift();
    }
  }

  /** A driver holds a card to the reader: Authorize, then a session if the tag is Accepted and the connector free or reserved for it. */
  presentIdTag(idTag: string): Promise<boolean> {
    if (!this.#canStart(idTag)) return Promise.resolve(false);
    return this.#startSession(idTag, true);
  }

  #reset({ type }: z.infer<typeof resetSchema>): Answer {
    const { scheduler, now, timing } = this.#port;
    scheduler.schedule(now() + timing.resetDelayMs, () => void this.#restart(type === 'Soft' ? 'SoftReset' : 'HardReset'));
    return { status: 'Accepted' };
  }

  async #restart(reason: 'SoftReset' | 'HardReset' | 'Reboot'): Promise<void> {
    // OCPP 1.6: a soft reset stops its sessions gracefully first; a hard one may just cut them, and says
    // so once it is back.
    if (reason === 'HardReset') {
      const stop = this.#endSession(reason);
      if (stop) this.#unsentStops.push(stop);
    } else {
      await this.#stopSession(reason);
    }
    await this.#port.reboot(this.#port.timing.rebootMs);
  }

  async #unlock({ connectorId }: z.infer<typeof unlockSchema>): Promise<Answer> {
    if (connectorId !== 1) return { status: 'NotSupported' };
    if (this.#fault('unlockFailure')) return { status: 'UnlockFailed' };
    // A session on the connector is stopped before its cable is released.
    await this.#stopSession('UnlockCommand');
    return { status: 'Unlocked' };
  }

  #changeAvailability({ connectorId, type }: z.infer<typeof availabilitySchema>): Answer {
    if (!isConnectorId(connectorId)) return { status: 'Rejected' };
    const isOperative = type === 'Operative';
    const control = this.#control;
    // The latest request for a connector wins over one still waiting.
    control.scheduled.delete(connectorId);
    if (!isOperative && !control.inoperative.has(connectorId) && this.#isInUse()) {
      control.scheduled.set(connectorId, false);
      return { status: 'Scheduled' };
    }
    this.#change(() => setAvailability(control, connectorId, isOperative));
    return { status: 'Accepted' };
  }

  #remoteStart({ connectorId, idTag }: z.infer<typeof remoteStartSchema>): Answer {
    if ((connectorId ?? 1) !== 1 || !this.#canStart(idTag)) return { status: 'Rejected' };
    // Taken from now on: a second start before this one's StartTransaction is refused.
    this.#isStarting = true;
    this.#soon(() => void this.#startSession(idTag, false));
    return { status: 'Accepted' };
  }

  #remoteStop({ transactionId }: z.infer<typeof remoteStopSchema>): Answer {
    if (this.transactionId !== transactionId) return { status: 'Rejected' };
    this.#soon(() => void this.#stopSession('Remote'));
    return { status: 'Accepted' };
  }

  #trigger({ requestedMessage, connectorId }: z.infer<typeof triggerSchema>): Answer {
    if (connectorId !== undefined && !isConnectorId(connectorId)) return { status: 'Rejected' };
    const port = this.#port;
    const senders: Readonly<Record<RequestedMessage, (() => Promise<void>) | null>> = {
      BootNotification: () => port.boot(),
      // Nothing to upload diagnostics to: the simulator has no GetDiagnostics.
      DiagnosticsStatusNotification: null,
      FirmwareStatusNotification: () => port.send('FirmwareStatusNotification', { status: this.#firmware.status }),
      Heartbeat: () => port.sendHeartbeat(),
      MeterValues: () => port.sendMeterValues(),
      StatusNotification: async () => {
        for (const each of connectorId === undefined ? CONNECTORS : [connectorId]) await port.sendStatus(each);
      },
    };
    const send = senders[requestedMessage];
    if (!send) return { status: 'NotImplemented' };
    this.#soon(() => void send().catch(() => undefined));
    return { status: 'Accepted' };
  }

  #updateFirmware(request: z.infer<typeof updateFirmwareSchema>): Answer {
    this.#firmware.start(request, this.#control.firmwareVersion);
    return {};
  }

  #reserveNow({ connectorId, expiryDate, idTag, reservationId }: z.infer<typeof reserveSchema>): Answer {
    // No reservations of the whole charge point (ReserveConnectorZeroSupported is false), nor of connectors it lacks.
    if (connectorId !== 1) return { status: 'Rejected' };
    if (this.#isFaulted()) return { status: 'Faulted' };
    if (this.#control.inoperative.size > 0) return { status: 'Unavailable' };
    if (this.#isInUse()) return { status: 'Occupied' };
    // The same id replaces its reservation, as OCPP 1.6 says; another one is refused.
    const held = this.#control.reservation;
    if (held && held.reservationId !== reservationId) return { status: 'Rejected' };
    const expiresAtMs = Date.parse(expiryDate);
    if (!(expiresAtMs > this.#port.now())) return { status: 'Rejected' };
    const reservation = { reservationId, idTag, expiresAtMs };
    this.#change(() => {
      this.#control.reservation = reservation;
    });
    this.#soon(() => {
      if (this.#control.reservation === reservation) this.#dropReservation();
    }, expiresAtMs);
    return { status: 'Accepted' };
  }

  #cancelReservation({ reservationId }: z.infer<typeof cancelReservationSchema>): Answer {
    if (this.#control.reservation?.reservationId !== reservationId) return { status: 'Rejected' };
    this.#dropReservation();
    return { status: 'Accepted' };
  }

  #dropReservation(): void {
    this.#change(() => {
      this.#control.reservation = null;
    });
  }

  /** Free (or a car just plugged in), working, and not reserved for another tag. */
  #canStart(idTag: string): boolean {
    const control = this.#control;
    if (this.#isStarting || control.session || control.finishingCarId !== null || control.inoperative.size > 0 || this.#isFaulted()) return false;
    if (control.reservation && !isSameIdTag(control.reservation.idTag, idTag)) return false;
    return this.#chargePoint.status === 'Available' || this.#chargePoint.status === 'Preparing';
  }

  /** StartTransaction (after Authorize for a local start), using the reservation held for the tag. */
  async #startSession(idTag: string, isLocal: boolean): Promise<boolean> {
    this.#isStarting = true;
    try {
      if (!this.#port.isOnline()) return false;
      if (isLocal) {
        const authorized = authorizeAnswerSchema.parse(await this.#port.call('Authorize', { idTag }));
        if (authorized.idTagInfo.status !== 'Accepted') return false;
      }
      const reservation = this.#control.reservation;
      const reservationId = reservation && isSameIdTag(reservation.idTag, idTag) ? reservation.reservationId : undefined;
      const startedAtMs = this.#port.now();
      const meterStartWh = Math.round(meterReadingWh(this.#chargePoint, this.#control, startedAtMs));
      const start = { connectorId: 1, idTag, meterStart: meterStartWh, timestamp: this.#port.deviceTime(startedAtMs), ...(reservationId === undefined ? {} : { reservationId }) };
      const answer = startAnswerSchema.parse(await this.#port.call('StartTransaction', start));
      this.#change(() => {
        if (reservationId !== undefined && this.#control.reservation?.reservationId === reservationId) this.#control.reservation = null;
        this.#control.session = { transactionId: answer.transactionId, idTag, meterStartWh, startedAtMs, carId: this.#chargePoint.carId };
      });
      this.#isStarting = false;
      // A tag the central system refuses still gets a transaction id: the charge point stops it at once.
      if (answer.idTagInfo.status !== 'Accepted') await this.#stopSession('DeAuthorized');
      return answer.idTagInfo.status === 'Accepted';
    } catch (error) {
      // A failed call is counted where it failed; an answer that makes no sense is counted here.
      if (error instanceof z.ZodError) this.#port.recordError(error);
      return false;
    } finally {
      this.#isStarting = false;
      this.#applyScheduled();
    }
  }

  /** Ends the session and tells the central system; kept for after the next boot if it cannot hear now. */
  async #stopSession(reason: StopReason): Promise<void> {
    const stop = this.#endSession(reason);
    if (!stop) return;
    try {
      if (!this.#port.isOnline()) throw new Error('offline');
      await this.#port.call('StopTransaction', stop);
    } catch {
      this.#unsentStops.push(stop);
    }
    this.#applyScheduled();
  }

  #endSession(reason: StopReason): StopTransaction | null {
    const { session } = this.#control;
    if (!session) return null;
    const nowMs = this.#port.now();
    const meterStop = Math.max(session.meterStartWh, Math.round(meterReadingWh(this.#chargePoint, this.#control, nowMs)));
    this.#change(() => {
      this.#control.visitorEnergyWh += visitorSessionWh(this.#control, nowMs);
      this.#control.session = null;
      this.#control.finishingCarId = session.carId !== null && session.carId === this.#chargePoint.carId ? session.carId : null;
    });
    return { transactionId: session.transactionId, idTag: session.idTag, meterStop, timestamp: this.#port.deviceTime(nowMs), reason };
  }

  /** Availability changes that waited for the connector to be free. */
  #applyScheduled(): void {
    const { scheduled } = this.#control;
    if (scheduled.size === 0 || this.#isInUse()) return;
    const changes = [...scheduled];
    scheduled.clear();
    this.#change(() => {
      for (const [connectorId, isOperative] of changes) setAvailability(this.#control, connectorId, isOperative);
    });
  }

  /** Changes what OCPP controls, then reports each connector whose status that changed, after the answer being made. */
  #change(work: () => void): void {
    const before = CONNECTORS.map((connectorId) => this.connectorStatus(connectorId).status);
    work();
    const changed = CONNECTORS.filter((connectorId) => this.connectorStatus(connectorId).status !== before[connectorId]);
    if (changed.length === 0) return;
    this.#control.changedAtMs = this.#port.now();
    this.#soon(() => {
      for (const connectorId of changed) this.#port.report(connectorId);
    });
  }

  /** On the link's scheduler: at its next run by default, so after the answer ocpp-rpc is sending. */
  #soon(work: () => void, atMs = this.#port.now()): void {
    this.#port.scheduler.schedule(atMs, work);
  }

  #isInUse(): boolean {
    return this.#isStarting || isInUse(this.#chargePoint, this.#control);
  }

  #isFaulted(): boolean {
    return this.#chargePoint.status === 'Faulted' || this.#fault('reportedFault') !== undefined;
  }

  #fault<Kind extends FaultKind>(kind: Kind): FaultOf<Kind> | undefined {
    return this.#port.faults.find(this.#chargePoint.id, 'chargePoint', kind);
  }
}

/** Connector 0 Operative puts the whole charge point back in service; Inoperative takes out what it names. */
function setAvailability(control: ChargePointControl, connectorId: ConnectorId, isOperative: boolean): void {
  if (!isOperative) control.inoperative.add(connectorId);
  else if (connectorId === 0) control.inoperative.clear();
  else control.inoperative.delete(connectorId);
}
