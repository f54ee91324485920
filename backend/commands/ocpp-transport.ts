/**
 * Commands to charge points over OCPP 1.6J: each command becomes its OCPP call, and the charge point's
 * answer becomes the command's outcome. Where the answer is the result (Unlocked, Accepted for a change
 * of availability) the command has succeeded; where it only promises one (a reset, a firmware update)
 * it is delivered, and the charge point's own messages later complete it (ocppCompletions).
 */
// Not from 'ocpp-rpc': its index spreads the errors into its exports, which Node's ESM import cannot see.
import { RPCError, TimeoutError } from 'ocpp-rpc/lib/errors.js';
import { z } from 'zod';
import type { Command, CommandType } from '../../shared/commands.js';
import type { Logger } from 'pino';
import type { OcppGateway, OcppObserver } from '../gateways/ocpp.js';
import type { CommandOutcome, CommandService, CommandTransport } from './service.js';

interface OcppCall {
  readonly action: string;
  readonly payload: Record<string, unknown>;
  /** The answer's status field, as the command's outcome. */
  readonly outcome: (status: string | undefined) => CommandOutcome;
}

const answerSchema = z.object({ status: z.string().optional() }).loose();

const said = (status: string | undefined) => (status ? `The charge point answered ${status}` : 'The charge point answered');
const accepted = (status: string | undefined): CommandOutcome =>
  status === 'Accepted' ? { status: 'succeeded', detail: said(status) } : { status: 'rejected', detail: said(status) };

function ocppCall(command: Command): OcppCall {
  const params = command.params;
  switch (command.type) {
    case 'reset':
      return {
        action: 'Reset',
        payload: { type: params.type },
        outcome: (status) => (status === 'Accepted' ? { status: 'delivered', detail: 'Accepted; waiting for the charge point to boot again' } : { status: 'rejected', detail: said(status) }),
      };
    case 'unlockConnector':
      return {
        action: 'UnlockConnector',
        payload: { connectorId: params.connectorId },
        outcome: (status) =>
          status === 'Unlocked'
            ? { status: 'succeeded', detail: said(status) }
            : status === 'UnlockFailed'
              ? { status: 'failed', detail: 'The charge point tried, and the connector did not unlock' }
              : { status: 'rejected', detail: said(status) },
      };
    case 'changeAvailability':
      return {
        action: 'ChangeAvailability',
        payload: { connectorId: params.connectorId, type: params.type },
        outcome: (status) =>
          status === 'Scheduled' ? { status: 'succeeded', detail: 'Scheduled: it applies when the session in progress ends' } : accepted(status),
      };
    case 'remoteStart':
      return { action: 'RemoteStartTransaction', payload: { ...params }, outcome: accepted };
    case 'remoteStop':
      return { action: 'RemoteStopTransaction', payload: { transactionId: params.transactionId }, outcome: accepted };
    case 'triggerMessage':
      return { action: 'TriggerMessage', payload: { ...params }, outcome: accepted };
    case 'updateFirmware': {
      const retrieveAtMs = typeof params.retrieveAtMs === 'number' ? params.retrieveAtMs : command.createdAtMs;
      return {
        action: 'UpdateFirmware',
        payload: { location: params.location, retrieveDate: new Date(retrieveAtMs).toISOString(), ...(params.retries === undefined ? {} : { retries: params.retries }) },
        // UpdateFirmware's answer is empty: the charge point reports progress in FirmwareStatusNotification.
        outcome: () => ({ status: 'delivered', detail: 'Accepted; waiting for the firmware to install' }),
      };
    }
    default:
      throw new Error(`${command.type} is not a charge point command`);
  }
}

export function ocppTransport(gateway: Pick<OcppGateway, 'call' | 'isConnected'>): CommandTransport {
  return {
    isReachable: (chargePointId) => gateway.isConnected(chargePointId),
    async send(command, answerTimeoutMs) {
      const call = ocppCall(command);
      if (!gateway.isConnected(command.deviceId)) return { status: 'failed', detail: 'Not sent: the charge point is not connected' };
      try {
        const answer = answerSchema.safeParse(await gateway.call(command.deviceId, call.action, call.payload, { timeoutMs: answerTimeoutMs }));
        return call.outcome(answer.success ? answer.data.status : undefined);
      } catch (error) {
        if (error instanceof TimeoutError) return { status: 'timedOut', detail: `No answer within ${(answerTimeoutMs / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} s` };
        if (error instanceof RPCError) return { status: 'rejected', detail: `The charge point refused the call: ${error.rpcErrorCode} ${error.message}`.trim() };
        // Sent, but the connection went before the answer came: whether the charge point acted is unknown.
        return { status: 'timedOut', detail: `No answer: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
  };
}

/** FirmwareStatusNotification's steps on the way to Installed, in words. */
const FIRMWARE_PROGRESS: Readonly<Record<string, string>> = {
  Downloading: 'Downloading the firmware',
  Downloaded: 'Firmware downloaded',
  Installing: 'Installing the firmware',
};

/** What a charge point's own call says about its delivered commands: the command types it ends, and how. */
export function ocppCompletion(action: string, params: unknown): { readonly types: readonly CommandType[]; readonly outcome: CommandOutcome } | null {
  if (action === 'BootNotification') return { types: ['reset'], outcome: { status: 'succeeded', detail: 'The charge point booted again' } };
  if (action !== 'FirmwareStatusNotification') return null;
  const status = answerSchema.safeParse(params).data?.status;
  if (status === 'Installed') return { types: ['updateFirmware'], outcome: { status: 'succeeded', detail: 'Firmware installed' } };
  if (status === 'DownloadFailed' || status === 'InstallationFailed') return { types: ['updateFirmware'], outcome: { status: 'failed', detail: `The charge point reported ${status}` } };
  const progress = status === undefined ? undefined : FIRMWARE_PROGRESS[status];
  return progress ? { types: ['updateFirmware'], outcome: { status: 'delivered', detail: progress } } : null;
}

/**
 * Tells the command service what charge points do: one that connects is owed its queued commands, one
 * that boots or reports its firmware ends the commands that were waiting for that. The gateway needs it
 * before the service exists (the service needs the gateway), hence `service` is set afterwards.
 */
export class OcppCommandFollower implements OcppObserver {
  service: CommandService | null = null;

  constructor(private readonly logger: Logger) {}

  connected(chargePointId: string): void {
    this.service?.deviceReachable(chargePointId).catch((error: unknown) => this.logger.error({ err: error, chargePointId }, 'Queued commands not sent'));
  }

  called(chargePointId: string, action: string, params: unknown): void {
    const completion = ocppCompletion(action, params);
    if (!completion || !this.service) return;
    this.service.complete(chargePointId, completion.types, completion.outcome).catch((error: unknown) => this.logger.error({ err: error, chargePointId }, 'Command result not recorded'));
  }
}
