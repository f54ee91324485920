/**
 * The console's acknowledged calls, one handler each. Every request is parsed with its schema in
 * consoleRequests (the console is outside the trust boundary) and answered with a Result; a call
 * without a callback gets no answer, and a handler that fails answers `internal` and is logged.
 */
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { describeIssues } from '../../shared/api-schemas.js';
import { consoleRequests } from '../../shared/console-api.js';
import type { ClientToServerEvents, FleetSnapshot, OperatorIdentity, ServerToClientEvents } from '../../shared/console-api.js';
import type { Failure, Result } from '../../shared/result.js';
import { failure, success } from '../../shared/result.js';
import { openTransactions } from '../gateways/ocpp/transactions.js';
import { deviceSeries, deviceTimeline } from '../history/index.js';
import type { HistoryDevice } from '../history/index.js';
import type { StateCache } from '../state/index.js';
import type { Queryable } from '../store/database.js';

export interface SocketData {
  operator: OperatorIdentity;
}
export type ConsoleSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface CallContext {
  readonly state: StateCache;
  readonly db: Queryable;
  readonly logger: Logger;
  /** A snapshot of the fleet as it is now. */
  readonly snapshot: () => FleetSnapshot;
}

export interface Answers {
  /** Answers with what `work` returns, or `internal` (logged) when it throws; a call without a callback gets nothing. */
  answer<T>(acknowledge: (answer: Result<T>) => void, work: () => Result<T>): void;
  /** For calls that read the database: the answer comes when the query does. */
  answerLater<T>(acknowledge: (answer: Result<T>) => void, work: () => Promise<Result<T>>): void;
}

/** How every acknowledged call is answered (here and in alarm-calls.ts). */
/** The answer to a request that does not parse: which call, and what in it is wrong. */
export function invalidRequest(name: string, issues: Parameters<typeof describeIssues>[0]): Failure {
  return failure('invalid', `Invalid ${name} request: ${describeIssues(issues)}`);
}

export function createAnswers(logger: Logger): Answers {
  function fail(error: unknown): Result<never> {
    logger.error({ err: error }, 'Console request failed');
    return failure('internal', 'The request failed on the server');
  }

  return {
    answer(acknowledge, work) {
      if (typeof acknowledge !== 'function') return;
      let result;
      try {
        result = work();
      } catch (error) {
        result = fail(error);
      }
      acknowledge(result);
    },
    answerLater(acknowledge, work) {
      if (typeof acknowledge !== 'function') return;
      // Called through a promise, so that a handler that throws before its first await fails the same way.
      Promise.resolve()
        .then(work)
        .then(acknowledge, (error: unknown) => acknowledge(fail(error)));
    },
  };
}

export function handleCalls(socket: ConsoleSocket, context: CallContext): void {
  const { state, db, logger } = context;
  const { answer, answerLater } = createAnswers(logger);

  function historyDevice(deviceId: string): HistoryDevice | undefined {
    const detail = state.detail(deviceId);
    return detail && { id: detail.id, kind: detail.kind, clockOffsetMs: detail.clockOffsetMs };
  }

  socket.on('device:get', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = consoleRequests['device:get'].safeParse(request);
      if (!parsed.success) return invalidRequest('device:get', parsed.error);
      const detail = state.detail(parsed.data.deviceId);
      if (!detail) return failure('notFound', `No device with id ${parsed.data.deviceId}`);
      // The session a "Stop charging" would end is known only to the transactions, not to the live state.
      return success(detail.kind === 'chargePoint' ? { ...detail, openTransactions: await openTransactions(db, detail.id) } : detail);
    }),
  );

  socket.on('fleet:resync', (request, acknowledge) =>
    answer(acknowledge, () => {
      const parsed = consoleRequests['fleet:resync'].safeParse(request ?? {});
      if (!parsed.success) return failure('invalid', 'Invalid fleet:resync request');
      const fresh = context.snapshot();
      socket.emit('fleet:snapshot', fresh);
      return success({ version: fresh.version });
    }),
  );

  socket.on('device:history', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = consoleRequests['device:history'].safeParse(request);
      if (!parsed.success) return invalidRequest('device:history', parsed.error);
      const device = historyDevice(parsed.data.deviceId);
      if (!device) return failure('notFound', `No device with id ${parsed.data.deviceId}`);
      return success(await deviceSeries(db, device, parsed.data));
    }),
  );

  socket.on('device:timeline', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = consoleRequests['device:timeline'].safeParse(request);
      if (!parsed.success) return invalidRequest('device:timeline', parsed.error);
      const device = historyDevice(parsed.data.deviceId);
      if (!device) return failure('notFound', `No device with id ${parsed.data.deviceId}`);
      return success(await deviceTimeline(db, device, parsed.data));
    }),
  );
}
