/**
 * Versioned migrations: `migrations/NNNN_name.sql`, applied in order, each once and in its own
 * transaction, recorded in `schema_migrations`. Several processes may start against one server at once
 * (tests, a rolling deploy), so each step holds a transaction-scoped advisory lock.
 */
import { readFile, readdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Database, Queryable } from './database.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export interface MigrationSummary {
  readonly applied: readonly Migration[];
  readonly version: number;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Any fixed number: it only has to be the same in every process that migrates this database. */
const MIGRATION_LOCK = 7_340_117;
const DEFAULT_FOLDER = new URL('./migrations/', import.meta.url);

export async function readMigrations(folder: URL = DEFAULT_FOLDER): Promise<Migration[]> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const fileName of names) {
    const match = MIGRATION_FILE.exec(fileName);
    if (!match?.[1] || !match[2]) throw new Error(`Migration file ${fileName} must be named NNNN_name.sql (lower case).`);
    const version = Number(match[1]);
    const previous = migrations.at(-1);
    if (previous?.version === version) throw new Error(`Two migrations have version ${match[1]}: ${previous.name} and ${match[2]}.`);
    migrations.push({ version, name: match[2], sql: await readFile(new URL(fileName, folder), 'utf8') });
  }
  return migrations;
}

async function appliedVersions(transaction: Queryable): Promise<Set<number>> {
  const { rows } = await transaction.query<{ version: number }>('SELECT version FROM schema_migrations');
  return new Set(rows.map((row) => row.version));
}

export async function migrate(db: Database, logger: Logger, folder: URL = DEFAULT_FOLDER): Promise<MigrationSummary> {
  const migrations = await readMigrations(folder);
  await db.transaction(async (transaction) => {
    await transaction.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await transaction.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const applied: Migration[] = [];
  for (const migration of migrations) {
    const isApplied = await db.transaction(async (transaction) => {
      await transaction.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      if ((await appliedVersions(transaction)).has(migration.version)) return false;
      await transaction.exec(migration.sql);
      await transaction.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (isApplied) {
      applied.push(migration);
      logger.info({ version: migration.version, name: migration.name }, 'applied migration');
    }
  }
  const known = new Set(migrations.map((migration) => migration.version));
  const versions = await db.transaction(appliedVersions);
  const unknown = [...versions].filter((version) => !known.has(version));
  if (unknown.length > 0) logger.warn({ versions: unknown }, 'the database has migrations this code does not know: is it newer?');
  return { applied, version: Math.max(0, ...versions) };
}
