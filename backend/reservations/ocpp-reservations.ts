/** Reservations of charge points over OCPP 1.6J: ReserveNow and CancelReservation through the gateway. */
import { z } from 'zod';
import type { OcppGateway } from '../gateways/ocpp.js';
import type { ChargePointReservations, ReserveAnswer } from './service.js';

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
