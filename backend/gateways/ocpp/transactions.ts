/**
 * OCPP transactions in the store: StartTransaction gets its id from the `transactions` identity, so ids
 * never repeat across charge points or restarts; StopTransaction closes the row when it knows it.
 */
import type { OpenTransaction } from '../../../shared/device-detail.js';
import type { Database, Queryable } from '../../store/database.js';

export interface TransactionStart {
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly idTag: string;
  readonly idTagStatus: string;
  readonly meterStartWh: number;
  readonly startedAt: string;
  readonly reservationId: number | null;
}

export interface TransactionStop {
  readonly chargePointId: string;
  readonly transactionId: number;
  readonly meterStopWh: number;
  readonly stoppedAt: string;
  readonly reason: string | null;
  readonly idTag: string | null;
}

/** What a StopTransaction found: the open transaction, one already stopped (a resend), or none of this charge point's. */
export type StopOutcome = 'stopped' | 'alreadyStopped' | 'unknown';

export interface Transactions {
  /** The transaction's id; a resent start (same charge point, connector and start time) gets the same one. */
  start(start: TransactionStart): Promise<number>;
  stop(stop: TransactionStop): Promise<StopOutcome>;
}

// The no-op update makes a resent start return the id it was given the first time.
const INSERT_START = `
insert into transactions (charge_point_id, connector_id, id_tag, id_tag_status, meter_start_wh, started_at, reservation_id)
values ($1, $2, $3, $4, $5, $6::timestamptz, $7)
on conflict (charge_point_id, connector_id, started_at) do update set charge_point_id = excluded.charge_point_id
returning id`;

const UPDATE_STOP = `
update transactions
   set stopped_at = $3::timestamptz, meter_stop_wh = $4, stop_reason = $5, stop_id_tag = $6
 where id = $1 and charge_point_id = $2 and stopped_at is null
returning id`;

export function createTransactions(db: Database): Transactions {
  return {
    async start(start) {
      const result = await db.query<{ id: number }>(INSERT_START, [
        start.chargePointId,
        start.connectorId,
        start.idTag,
        start.idTagStatus,
        start.meterStartWh,
        start.startedAt,
        start.reservationId,
      ]);
      const id = result.rows[0]?.id;
      if (id === undefined) throw new Error('The transaction insert returned no id');
      return Number(id);
    },
    async stop(stop) {
      const updated = await db.query(UPDATE_STOP, [stop.transactionId, stop.chargePointId, stop.stoppedAt, stop.meterStopWh, stop.reason, stop.idTag]);
      if (updated.rows.length > 0) return 'stopped';
      const known = await db.query('select 1 from transactions where id = $1 and charge_point_id = $2', [stop.transactionId, stop.chargePointId]);
      return known.rows.length > 0 ? 'alreadyStopped' : 'unknown';
    },
  };
}

/**
 * A charge point's transactions not stopped, newest first. One that lost its StopTransaction (a power
 * cut) stays open here, hence the newest few only.
 */
export async function openTransactions(db: Queryable, chargePointId: string, limit = 4): Promise<OpenTransaction[]> {
  const { rows } = await db.query<{ id: number; connector_id: number; id_tag: string; started_at: Date | string }>(
    'select id, connector_id, id_tag, started_at from transactions where charge_point_id = $1 and stopped_at is null order by started_at desc, id desc limit $2',
    [chargePointId, limit],
  );
  return rows.map((row) => ({ transactionId: Number(row.id), connectorId: Number(row.connector_id), idTag: row.id_tag, startedAt: new Date(row.started_at).toISOString() }));
}
