/**
 * For tests: the engines to run against (PGlite always; PostgreSQL too when DATABASE_URL is set) and a
 * throwaway database on each. On a server every test database is its own schema, so test files can run
 * side by side against one database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Database } from './database.js';
import { migrate, openDatabase } from './index.js';

export interface TestEngine {
  readonly name: 'pglite' | 'postgres';
  readonly databaseUrl: string | null;
}

export function testEngines(): TestEngine[] {
  const databaseUrl = process.env.DATABASE_URL;
  return [{ name: 'pglite', databaseUrl: null }, ...(databaseUrl ? [{ name: 'postgres' as const, databaseUrl }] : [])];
}

export interface TestDatabase {
  readonly db: Database;
  /** Where PGlite keeps its files (and where a test can put other files). */
  readonly dataDir: string;
  /** Opens the same database again, as a restarted backend would. */
  reopen(): Promise<Database>;
  /** Closes every connection and deletes everything. */
  cleanup(): Promise<void>;
}

export const silentLogger = pino({ level: 'silent' });

function withSearchPath(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export interface TestSchema {
  /** The server's URL, set to use only the new schema. */
  readonly databaseUrl: string;
  drop(): Promise<void>;
}

/** A new, empty schema on a PostgreSQL server, for a test that starts a whole backend against it. */
export async function createTestSchema(serverUrl: string): Promise<TestSchema> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ dataDir: tmpdir(), databaseUrl: serverUrl });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  return {
    databaseUrl: withSearchPath(serverUrl, schema),
    async drop() {
      const database = await openDatabase({ dataDir: tmpdir(), databaseUrl: serverUrl });
      await database.exec(`DROP SCHEMA ${schema} CASCADE`);
      await database.close();
    },
  };
}

export async function openTestDatabase(engine: TestEngine, options: { readonly isMigrated?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-test-'));
  const schema = engine.databaseUrl ? await createTestSchema(engine.databaseUrl) : null;
  const databaseUrl = schema?.databaseUrl ?? null;
  const opened: Database[] = [];
  const open = async () => {
    const db = await openDatabase({ dataDir, databaseUrl });
    opened.push(db);
    return db;
  };
  const db = await open();
  if (options.isMigrated ?? true) await migrate(db, silentLogger);
  return {
    db,
    dataDir,
    reopen: open,
    async cleanup() {
      for (const database of opened) await database.close().catch(() => undefined);
      await schema?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
