import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from './index.js';
import { openTestDatabase, silentLogger, testEngines } from './testing.js';
import type { TestDatabase } from './testing.js';

describe('readMigrations', () => {
  it('reads the project migrations in version order', async () => {
    const migrations = await readMigrations();
    const versions = migrations.map((migration) => migration.version);
    expect(versions.slice(0, 2)).toEqual([1, 2]);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(migrations[0]?.name).toBe('inventory');
  });

  it('refuses a badly named file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'cyberponies-migrations-'));
    await writeFile(join(folder, '1_bad.sql'), 'SELECT 1;');
    await expect(readMigrations(pathToFileURL(`${folder}/`))).rejects.toThrow(/NNNN_name\.sql/);
    await rm(folder, { recursive: true });
  });
});

describe.each(testEngines())('store on $name', (engine) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(engine, { isMigrated: false });
  });
  afterAll(() => test.cleanup());

  it('applies every migration once and records it', async () => {
    const first = await migrate(test.db, silentLogger);
    const expected = await readMigrations();
    expect(first.applied.map((migration) => migration.version)).toEqual(expected.map((migration) => migration.version));
    const again = await migrate(test.db, silentLogger);
    expect(again.applied).toEqual([]);
    expect(again.version).toBe(expected.at(-1)?.version);
    const { rows } = await test.db.query<{ version: number; name: string; applied_at: Date }>('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.name).slice(0, 2)).toEqual(['inventory', 'operators']);
    expect(rows[0]?.applied_at).toBeInstanceOf(Date);
  });

  it('applies each migration once when two backends start at once', async () => {
    const fresh = await openTestDatabase(engine, { isMigrated: false });
    // PGlite is one process's database, so "two backends" are two callers sharing it.
    const other = engine.name === 'postgres' ? await fresh.reopen() : fresh.db;
    const [left, right] = await Promise.all([migrate(fresh.db, silentLogger), migrate(other, silentLogger)]);
    const versions = [...left.applied, ...right.applied].map((migration) => migration.version).sort((a, b) => a - b);
    expect(versions).toEqual((await readMigrations()).map((migration) => migration.version));
    await fresh.cleanup();
  });

  it('returns the same row types on both engines', async () => {
    const { rows } = await test.db.query<{ count: number; bytes: Uint8Array; at: Date; document: { a: number } }>(
      `SELECT count(*) AS count, '\\x0102'::bytea AS bytes, now() AS at, '{"a":1}'::json AS document FROM schema_migrations`,
    );
    const row = rows[0];
    expect(typeof row?.count).toBe('number');
    expect(row?.bytes).toBeInstanceOf(Uint8Array);
    expect([...(row?.bytes ?? [])]).toEqual([1, 2]);
    expect(row?.at).toBeInstanceOf(Date);
    expect(row?.document).toEqual({ a: 1 });
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await test.db.exec('CREATE TABLE probe (value integer NOT NULL)');
    await test.db.transaction(async (transaction) => {
      await transaction.query('INSERT INTO probe VALUES ($1)', [1]);
    });
    await expect(
      test.db.transaction(async (transaction) => {
        await transaction.query('INSERT INTO probe VALUES ($1)', [2]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const { rows } = await test.db.query<{ value: number }>('SELECT value FROM probe ORDER BY value');
    expect(rows.map((row) => row.value)).toEqual([1]);
    const update = await test.db.query('UPDATE probe SET value = value + 1');
    expect(update.affectedRows).toBe(1);
  });

  it('keeps data and migrations across a restart', async () => {
    await test.db.query('INSERT INTO probe VALUES ($1)', [42]);
    await test.db.close();
    const reopened = await test.reopen();
    const { rows } = await reopened.query<{ value: number }>('SELECT value FROM probe WHERE value = 42');
    expect(rows).toHaveLength(1);
    const summary = await migrate(reopened, silentLogger);
    expect(summary.applied).toEqual([]);
  });
});
