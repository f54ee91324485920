/**
 * The console's reservation calls. Each call is parsed with its schema in reservationRequests and
 * answered with a Result; who acts is the operator the connection logged in as.
 */
import type { Logger } from 'pino';
import { reservationRequests } from '../../shared/reservations.js';
import { success } from '../../shared/result.js';
import { customerTimeline } from '../reservations/customer-timeline.js';
import type { ReservationService } from '../reservations/service.js';
import type { Queryable } from '../store/database.js';
import { createAnswers, invalidRequest } from './calls.js';
import type { ConsoleSocket } from './calls.js';

export interface ReservationCallContext {
  readonly reservations: ReservationService;
  readonly db: Queryable;
  readonly logger: Logger;
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
      if (!parsed.success) return invalidRequest('reservation:cancel', parsed.error);
      return reservations.cancel(operator(), parsed.data.reservationId, parsed.data.reason ?? null);
    }),
  );

  socket.on('customer:timeline', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = reservationRequests['customer:timeline'].safeParse(request);
      if (!parsed.success) return invalidRequest('customer:timeline', parsed.error);
      return success(await customerTimeline(context.db, parsed.data.customerRef, parsed.data.fromMs, parsed.data.toMs));
    }),
  );

  socket.on('reservation:list', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = reservationRequests['reservation:list'].safeParse(request);
      if (!parsed.success) return invalidRequest('reservation:list', parsed.error);
      return success({ reservations: await reservations.list(parsed.data) });
    }),
  );
}
