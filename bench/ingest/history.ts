/**
 * The history the backend wrote, read from its database: live on a PostgreSQL server (its own schema,
 * dropped afterwards), and after the run on either engine, once the backend has stopped and let go of
 * PGlite's files. History rows are counted by the backend's receive time, so each step's window can be
 * counted whatever the writer's delay.
 */
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../backend/store/index.js';
import type { Database } from '../../backend/store/index.js';

/** The history table (a partitioned parent on PostgreSQL when the store partitions it). */
const HISTORY_TABLE = 'telemetry';

export interface BenchSchema {
  readonly databaseUrl: string;
  drop(): Promise<void>;
}

/** A fresh schema on the server for this run, so that the backend provisions a fleet from scratch. */
export async function createBenchSchema(serverUrl: string, dataDir: string): Promise<BenchSchema> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ dataDir, databaseUrl: serverUrl });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    databaseUrl: url.toString(),
    async drop() {
      const database = await openDatabase({ dataDir, databaseUrl: serverUrl });
      await database.exec(`DROP SCHEMA ${schema} CASCADE`);
      await database.close();
    },
  };
}

export interface Window {
  readonly fromMs: number;
  readonly toMs: number;
}

/** Rows the backend received within each window, as written to history. */
export async function historyRowsReceived(database: Database, windows: readonly Window[]): Promise<number[]> {
  const counts: number[] = [];
  for (const { fromMs, toMs } of windows) {
    const result = await database.query<{ rows: number | string }>(
      `select count(*) as rows from ${HISTORY_TABLE} where received_at >= to_timestamp($1 / 1000.0) and received_at < to_timestamp($2 / 1000.0)`,
      [fromMs, toMs],
    );
    counts.push(Number(result.rows[0]?.rows ?? 0));
  }
  return counts;
}

/** Every history row so far: on a server, read while the backend runs, to see how fast history is written. */
export async function historyRowCount(database: Database): Promise<number> {
  const result = await database.query<{ rows: number | string }>(`select count(*) as rows from ${HISTORY_TABLE}`);
  return Number(result.rows[0]?.rows ?? 0);
}

export async function openHistory(dataDir: string, databaseUrl: string | null): Promise<Database> {
  return openDatabase({ dataDir, databaseUrl });
}
