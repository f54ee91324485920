/** The store: one PostgreSQL dialect on PGlite (embedded, the default) or a PostgreSQL server. */
import { join } from 'node:path';
import type { Database } from './database.js';
import { openPGlite } from './pglite-thread.js';
import { openPostgres } from './postgres.js';

export type { Database, QueryResult, Queryable, SqlValue } from './database.js';
export { migrate, readMigrations } from './migrate.js';
export type { Migration, MigrationSummary } from './migrate.js';

export interface DatabaseOptions {
  /** PGlite keeps its files in `${dataDir}/pgdata`. */
  readonly dataDir: string;
  /** `postgres://…`: use that server instead of PGlite. */
  readonly databaseUrl?: string | null;
}

export function openDatabase({ dataDir, databaseUrl }: DatabaseOptions): Promise<Database> {
  return databaseUrl ? openPostgres(databaseUrl) : openPGlite(join(dataDir, 'pgdata'));
}
