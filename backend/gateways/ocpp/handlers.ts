/**
 * The central system's answers to a charge point's calls (OCPP 1.6 Core profile). ocpp-rpc's strict
 * mode has already checked each call against the 1.6 schema; the checks here are the value ranges the
 * schema leaves open. Every call that is handled goes to ingest with its OCPP message id.
 */
import { createRPCError } from 'ocpp-rpc';
import type { RPCClient } from 'ocpp-rpc';
import type { Logger } from 'pino';
import { z } from 'zod';
import { bootNotificationSchema, meterValuesSchema, statusNotificationSchema } from '../../ingest/message.js';
import type { MessageBody } from '../../ingest/message.js';
import { bootInterval } from './registration.js';
import type { BootClaim, RegistrationStatus } from './registration.js';
import type { Transactions } from './transactions.js';

/** The vendorId of DataTransfer messages meant for this central system (none are defined yet). */
export const OUR_VENDOR_ID = 'Cyberponies';
const INT32_MAX = 2_147_483_647;

export type IdTagStatus = 'Accepted' | 'Blocked';

export interface CallContext {
  readonly chargePointId: string;
  readonly logger: Logger;
  readonly transactions: Transactions;
  readonly heartbeatIntervalSeconds: number;
  /** Id tags answered Blocked (compared case-insensitively, as OCPP's IdToken is); every other tag is Accepted. */
  readonly blockedIdTags: ReadonlySet<string>;
  /** Where the charge point stands now: set by its boots, read before every other call. */
  registration(): RegistrationStatus;
  /** Judges a boot and remembers the answer. */
  register(claim: BootClaim): RegistrationStatus;
  record(body: MessageBody, messageId: string, deviceTime?: string | null): void;
  /** Resolves when ingest has room: answering later holds the charge point back. */
  backPressure(): Promise<void>;
}

const counter = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const startTransactionSchema = z.object({
  connectorId: z.number().int().positive().max(INT32_MAX),
  idTag: z.string(),
  meterStart: counter,
  reservationId: z.number().int().optional(),
  timestamp: z.string(),
});
const stopTransactionSchema = z.object({
  transactionId: z.number().int(),
  idTag: z.string().optional(),
  meterStop: counter,
  timestamp: z.string(),
  reason: z.string().optional(),
});
const authorizeSchema = z.object({ idTag: z.string() });
const dataTransferSchema = z.object({ vendorId: z.string(), messageId: z.string().optional(), data: z.string().optional() });
const recordSchema = z.record(z.string(), z.unknown());

/** The schema has typed the params; what fails here is a value out of its range. */
function valueOf<T>(schema: z.ZodType<T>, params: unknown): T {
  const result = schema.safeParse(params);
  if (!result.success) throw createRPCError('PropertyConstraintViolation', z.prettifyError(result.error), {});
  return result.data;
}

function idTagInfo(context: CallContext, idTag: string): { readonly status: IdTagStatus } {
  return { status: context.blockedIdTags.has(idTag.toLowerCase()) ? 'Blocked' : 'Accepted' };
}

/** A store failure answers InternalError: the charge point keeps the message and sends it again. */
async function stored<T>(context: CallContext, action: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    context.logger.error({ chargePointId: context.chargePointId, action, err: error }, 'OCPP call could not be stored; answered InternalError');
    throw createRPCError('InternalError', 'The central system could not store this message; send it again', {});
  }
}

type Handler = (call: { readonly params: unknown; readonly messageId: string }) => Promise<Record<string, unknown>>;

function handlers(context: CallContext): Readonly<Record<string, Handler>> {
  const currentTime = () => new Date().toISOString();
  return {
    async BootNotification({ params, messageId }) {
      const boot = valueOf(bootNotificationSchema, params);
      context.record({ channel: 'ocpp:BootNotification', payload: boot }, messageId);
      const status = context.register({ vendor: boot.chargePointVendor, model: boot.chargePointModel });
      if (status !== 'Accepted') context.logger.info({ chargePointId: context.chargePointId, status, vendor: boot.chargePointVendor, model: boot.chargePointModel }, 'Charge point boot not accepted');
      return { status, currentTime: currentTime(), interval: bootInterval(status, context.heartbeatIntervalSeconds) };
    },
    async Heartbeat({ messageId }) {
      context.record({ channel: 'ocpp:Heartbeat', payload: {} }, messageId);
      return { currentTime: currentTime() };
    },
    async StatusNotification({ params, messageId }) {
      const payload = valueOf(statusNotificationSchema, params);
      context.record({ channel: 'ocpp:StatusNotification', payload }, messageId, payload.timestamp ?? null);
      return {};
    },
    async MeterValues({ params, messageId }) {
      const payload = valueOf(meterValuesSchema, params);
      context.record({ channel: 'ocpp:MeterValues', payload }, messageId, payload.meterValue.at(-1)?.timestamp ?? null);
      return {};
    },
    async Authorize({ params, messageId }) {
      const { idTag } = valueOf(authorizeSchema, params);
      context.record({ channel: 'ocpp:Authorize', payload: params }, messageId);
      return { idTagInfo: idTagInfo(context, idTag) };
    },
    async StartTransaction({ params, messageId }) {
      const start = valueOf(startTransactionSchema, params);
      // A blocked tag still gets a transaction id (§5.16): the charge point then stops it as DeAuthorized.
      const info = idTagInfo(context, start.idTag);
      const transactionId = await stored(context, 'StartTransaction', () =>
        context.transactions.start({
          chargePointId: context.chargePointId,
          connectorId: start.connectorId,
          idTag: start.idTag,
          idTagStatus: info.status,
          meterStartWh: start.meterStart,
          startedAt: start.timestamp,
          reservationId: start.reservationId ?? null,
        }),
      );
      context.record({ channel: 'ocpp:StartTransaction', payload: params }, messageId, start.timestamp);
      return { transactionId, idTagInfo: info };
    },
    async StopTransaction({ params, messageId }) {
      const stop = valueOf(stopTransactionSchema, params);
      // Never refused for an id we do not know: the charge point would resend it for ever.
      const isStorable = stop.transactionId > 0 && stop.transactionId <= INT32_MAX;
      const outcome = isStorable
        ? await stored(context, 'StopTransaction', () =>
            context.transactions.stop({
              chargePointId: context.chargePointId,
              transactionId: stop.transactionId,
              meterStopWh: stop.meterStop,
              stoppedAt: stop.timestamp,
              reason: stop.reason ?? null,
              idTag: stop.idTag ?? null,
            }),
          )
        : 'unknown';
      if (outcome === 'unknown') context.logger.warn({ chargePointId: context.chargePointId, transactionId: stop.transactionId }, 'StopTransaction for a transaction this charge point never started here; answered anyway');
      context.record({ channel: 'ocpp:StopTransaction', payload: params }, messageId, stop.timestamp);
      return stop.idTag === undefined ? {} : { idTagInfo: idTagInfo(context, stop.idTag) };
    },
    async DataTransfer({ params, messageId }) {
      const transfer = valueOf(dataTransferSchema, params);
      context.record({ channel: 'ocpp:DataTransfer', payload: params }, messageId);
      // CiString255: vendor ids compare case-insensitively.
      return { status: transfer.vendorId.toLowerCase() === OUR_VENDOR_ID.toLowerCase() ? 'UnknownMessageId' : 'UnknownVendorId' };
    },
    async DiagnosticsStatusNotification({ params, messageId }) {
      context.record({ channel: 'ocpp:DiagnosticsStatusNotification', payload: valueOf(recordSchema, params) }, messageId);
      return {};
    },
    async FirmwareStatusNotification({ params, messageId }) {
      context.record({ channel: 'ocpp:FirmwareStatusNotification', payload: valueOf(recordSchema, params) }, messageId);
      return {};
    },
  };
}

/**
 * Registers every handler. Calls are answered one at a time, in the order they arrived, even from a
 * charge point that does not wait for answers (OCPP-J allows one outstanding call per direction), so
 * history and transaction ids follow the charge point's order.
 */
export function handleCalls(client: RPCClient, context: CallContext): void {
  let previous: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(work: () => Promise<T>): Promise<T> => {
    const result = previous.then(work);
    previous = result.catch(() => undefined);
    return result;
  };
  for (const [action, handler] of Object.entries(handlers(context))) {
    client.handle(action, ({ params, messageId }) =>
      inOrder(async () => {
        if (action !== 'BootNotification' && context.registration() !== 'Accepted') {
          // OCPP 2.0.1 B02.FR.09's answer; 1.6 only says the charge point should not call.
          throw createRPCError('SecurityError', `The charge point is ${context.registration()}: only BootNotification is accepted until a boot is Accepted`, {});
        }
        const answer = await handler({ params, messageId: messageId ?? '' });
        await context.backPressure();
        return answer;
      }),
    );
  }
}
