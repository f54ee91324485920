/**
 * The console's reservation calls. Each call is parsed with its schema in reservationRequests and
 * answered with a Result; who acts is the operator the connection logged in as.
 */
import type { Logger } from 'pino';
import { describeIssues } from '../../shared/api-schemas.js';
import { reservationRequests } from '../../shared/reservations.js';
import { failure, success } from '../../shared/result.js';
import type { ReservationService } from '../reservations/service.js';
import { createAnswers } from './calls.js';
import type { ConsoleSocket } from './calls.js';

export interface ReservationCallContext {
  readonly reservations: ReservationService;
  readonly logger: Logger;
}

function invalid(name: string, issues: Parameters<typeof describeIssues>[0]) {
  return failure('invalid', `Invalid ${name} request: ${describeIssues(issues)}`);
}

export function handleReservationCalls(socket: ConsoleSocket, context: ReservationCallContext): void {
  const { reservations } = context;
  const { answerLater } = createAnswers(context.logger);
  const operator = () => socket.data.operator;

  // The service parses the request itself: its errors name the window and the device.
  socket.on('reservation:create', (request, acknowledge) => answerLater(acknowledge, () => reservations.create(operator(), request)));

  socket.on('reservation:cancel', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = reservationRequests['reservation:cancel'].safeParse(request);
      if (!parsed.success) return invalid('reservation:cancel', parsed.error);
      return reservations.cancel(operator(), parsed.data.reservationId, parsed.data.reason ?? null);
    }),
  );

  socket.on('reservation:list', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = reservationRequests['reservation:list'].safeParse(request);
      if (!parsed.success) return invalid('reservation:list', parsed.error);
      return success({ reservations: await reservations.list(parsed.data) });
    }),
  );
}
