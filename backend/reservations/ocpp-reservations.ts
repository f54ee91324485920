/** Reservations of charge points over OCPP 1.6J: ReserveNow and CancelReservation through the gateway. */
import { z } from 'zod';
import type { Logger } from 'pino';
import type { OcppGateway } from '../gateways/ocpp.js';
import type { ChargePointReservations, ReservationService, ReserveAnswer } from './service.js';

const startSchema = z.object({ reservationId: z.number().int() });
const reserveAnswerSchema = z.object({ status: z.enum(['Accepted', 'Faulted', 'Occupied', 'Rejected', 'Unavailable']) });

export function ocppReservations(gateway: Pick<OcppGateway, 'call' | 'isConnected'>): ChargePointReservations {
  return {
    async reserveNow(chargePointId, request): Promise<ReserveAnswer> {
      if (!gateway.isConnected(chargePointId)) return { error: 'it is not connected' };
      try {
        return reserveAnswerSchema.parse(await gateway.call(chargePointId, 'ReserveNow', { ...request })).status;
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },
    async cancelReservation(chargePointId, reservationId) {
      await gateway.call(chargePointId, 'CancelReservation', { reservationId });
    },
  };
}

/** Hears charge points start sessions with a reservation (StartTransaction's reservationId): the reservation is used. */
export function followReservationUse(reservations: Pick<ReservationService, 'used'>, logger: Logger): (chargePointId: string, action: string, params: unknown) => void {
  return (chargePointId, action, params) => {
    const start = action === 'StartTransaction' ? startSchema.safeParse(params) : null;
    if (!start?.success) return;
    reservations.used(chargePointId, start.data.reservationId).catch((error: unknown) => logger.error({ err: error, chargePointId }, 'Reservation use not recorded'));
  };
}
