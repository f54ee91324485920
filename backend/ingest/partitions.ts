/**
 * History's daily partitions and its retention. The telemetry table is partitioned by range of sent_at
 * (migration 0005), one partition per UTC day, named telemetry_pYYYYMMDD. The backend creates the days
 * ahead of time and drops whole days past the retention: dropping a partition is instant, where
 * deleting millions of rows is not. Rows for a day without a partition (a clock far off) sit in
 * telemetry_default and are deleted in batches. PGlite is PostgreSQL too, so both engines run exactly
 * this code.
 */
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';

const DAY_MS = 86_400_000;
/** Days made ahead, so that midnight never finds its partition missing. */
const DAYS_AHEAD = 2;
/** Past days made at most: a backlog rarely reaches further back; what does goes to the default partition. */
const DAYS_BEHIND = 7;
/** Rows per delete: small enough not to hold locks or memory for long. */
const DELETE_BATCH = 10_000;
/** Any fixed number shared by every backend process on one database. */
const MAINTENANCE_LOCK = 7_340_118;

const PARTITION_NAME = /^telemetry_p(\d{4})(\d{2})(\d{2})$/;

export interface MaintenanceOptions {
  /** Days of history kept; 0 keeps everything. */
  readonly retentionDays: number;
  /** The backend's clock, epoch milliseconds (tests move it). */
  readonly nowMs?: number;
}

export interface MaintenanceSummary {
  readonly created: readonly string[];
  readonly dropped: readonly string[];
  /** Rows deleted one by one: from the default partition, and sensor transitions. */
  readonly deletedRows: number;
}

function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function partitionName(dayStartMs: number): string {
  return `telemetry_p${new Date(dayStartMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

function dayOfPartition(name: string): number | null {
  const match = PARTITION_NAME.exec(name);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

export async function listPartitions(database: Database): Promise<string[]> {
  const { rows } = await database.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'telemetry'::regclass order by c.relname`,
  );
  return rows.map((row) => row.name);
}

/**
 * Creates one day's partition. Rows already in the default partition for that day move into it in the
 * same transaction: PostgreSQL refuses a partition whose range the default partition still holds.
 */
async function createPartition(database: Database, dayStartMs: number): Promise<void> {
  const name = partitionName(dayStartMs);
  const from = new Date(dayStartMs).toISOString();
  const to = new Date(dayStartMs + DAY_MS).toISOString();
  await database.transaction(async (transaction) => {
    await transaction.query('select pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    const { rows } = await transaction.query<{ exists: boolean }>("select to_regclass($1) is not null as exists", [name]);
    if (rows[0]?.exists) return;
    await transaction.exec(`create table ${name} (like telemetry including defaults including constraints)`);
    await transaction.query(
      `with moved as (delete from telemetry_default where sent_at >= $1 and sent_at < $2 returning *) insert into ${name} select * from moved`,
      [from, to],
    );
    await transaction.exec(`alter table telemetry attach partition ${name} for values from ('${from}') to ('${to}')`);
  });
}

async function deleteInBatches(database: Database, table: string, column: string, before: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await database.query(`delete from ${table} where ctid in (select ctid from ${table} where ${column} < $1 limit ${DELETE_BATCH})`, [before]);
    deleted += result.affectedRows;
    if (result.affectedRows < DELETE_BATCH) return deleted;
  }
}

/** Makes the partitions of the coming days and drops (or deletes) history older than the retention. */
export async function maintainHistory(database: Database, options: MaintenanceOptions): Promise<MaintenanceSummary> {
  const today = dayStart(options.nowMs ?? Date.now());
  const keepsEverything = options.retentionDays <= 0;
  const cutoff = keepsEverything ? Number.NEGATIVE_INFINITY : today - options.retentionDays * DAY_MS;
  const existing = new Set(await listPartitions(database));
  const created: string[] = [];
  const firstDay = Math.max(today - DAYS_BEHIND * DAY_MS, cutoff);
  for (let day = firstDay; day <= today + DAYS_AHEAD * DAY_MS; day += DAY_MS) {
    if (existing.has(partitionName(day))) continue;
    await createPartition(database, day);
    created.push(partitionName(day));
  }
  const dropped: string[] = [];
  let deletedRows = 0;
  if (!keepsEverything) {
    for (const name of existing) {
      const day = dayOfPartition(name);
      if (day === null || day + DAY_MS > cutoff) continue;
      await database.exec(`drop table if exists ${name}`);
      dropped.push(name);
    }
    const before = new Date(cutoff).toISOString();
    deletedRows += await deleteInBatches(database, 'telemetry_default', 'sent_at', before);
    deletedRows += await deleteInBatches(database, 'sensor_transitions', 'changed_at', before);
  }
  return { created, dropped, deletedRows };
}

export interface HistoryMaintenance {
  /** Resolves once the first run (partitions for today and the next days) is done. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/** Runs maintainHistory now and then every `intervalMs` (hourly by default). A failed run is logged and retried next time. */
export function startHistoryMaintenance(database: Database, logger: Logger, options: { retentionDays: number; intervalMs?: number }): HistoryMaintenance {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      try {
        const summary = await maintainHistory(database, { retentionDays: options.retentionDays });
        if (summary.created.length + summary.dropped.length + summary.deletedRows > 0) logger.info(summary, 'History partitions maintained');
      } catch (error) {
        logger.error({ err: error }, 'Could not maintain history partitions; will retry');
      }
    });
    return running;
  };
  const ready = run();
  const timer = setInterval(() => void run(), options.intervalMs ?? 3_600_000);
  timer.unref();
  return {
    ready,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
