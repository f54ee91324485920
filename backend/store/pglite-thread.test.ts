import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database, Queryable } from './database.js';
import { openPGlite } from './pglite-thread.js';

describe('PGlite in its worker thread', () => {
  let directory: string;
  let db: Database;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'cyberponies-pglite-thread-'));
    db = await openPGlite(join(directory, 'pgdata'));
    await db.exec('create table item (id int primary key, name text not null, data jsonb, blob bytea, at timestamptz, big int8)');
  });
  afterAll(async () => {
    await db.close();
    await rm(directory, { recursive: true, force: true });
  });
  beforeEach(() => db.exec('delete from item'));

  const count = async (database: Queryable = db) => (await database.query<{ count: number }>('select count(*)::int as count from item')).rows[0]?.count;

  it('returns rows with the types PGlite gives on its own thread', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const inserted = await db.query('insert into item (id, name, data, blob, at, big) values ($1, $2, $3, $4, $5, $6)', [1, 'one', '{"a":[1,2]}', new Uint8Array([1, 2, 3]), at, 9_007_199_254_740_991]);
    expect(inserted.affectedRows).toBe(1);
    const { rows } = await db.query<{ id: number; name: string; data: unknown; blob: Uint8Array; at: Date; big: number }>('select * from item');
    expect(rows).toEqual([{ id: 1, name: 'one', data: { a: [1, 2] }, blob: new Uint8Array([1, 2, 3]), at, big: 9_007_199_254_740_991 }]);
    expect(rows[0]?.at).toBeInstanceOf(Date);
  });

  it('runs a transaction alone: a statement from outside waits until it has committed', async () => {
    let outside: Promise<number | undefined> | undefined;
    await db.transaction(async (transaction) => {
      await transaction.query("insert into item (id, name) values (1, 'one')");
      outside = count();
      await transaction.query("insert into item (id, name) values (2, 'two')");
      expect(await count(transaction)).toBe(2);
    });
    expect(await outside).toBe(2);
  });

  it('rolls back when the work throws, and passes on what it threw', async () => {
    const thrown = new Error('changed my mind');
    await expect(
      db.transaction(async (transaction) => {
        await transaction.query("insert into item (id, name) values (1, 'one')");
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    expect(await count()).toBe(0);
  });

  it('keeps PostgreSQL error fields that callers branch on, and the transaction rolls back', async () => {
    await db.query("insert into item (id, name) values (1, 'one')");
    const failure: unknown = await db
      .transaction(async (transaction) => {
        await transaction.query("insert into item (id, name) values (2, 'two')");
        await transaction.query("insert into item (id, name) values (1, 'again')");
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).toMatchObject({ code: '23505', constraint: 'item_pkey', message: expect.stringMatching(/duplicate key/) });
    expect(await count()).toBe(1);
  });

  it('refuses a statement on a transaction that has ended', async () => {
    let kept: Queryable | undefined;
    await db.transaction(async (transaction) => {
      kept = transaction;
    });
    await expect(kept?.query('select 1')).rejects.toThrow(/transaction has ended/);
    expect(await count()).toBe(0);
  });

  it('leaves the event loop free while a long statement runs', async () => {
    let isRunning = true;
    let ticksWhileRunning = 0;
    const timer = setInterval(() => {
      if (isRunning) ticksWhileRunning += 1;
    }, 5);
    // On the main thread this statement would hold the loop until it returned: no tick could happen.
    await db.query('select count(*) from generate_series(1, 3000000)');
    isRunning = false;
    clearInterval(timer);
    expect(ticksWhileRunning).toBeGreaterThan(0);
  });
});

describe('PGlite worker thread lifetime', () => {
  it('fails to open with PGlite’s own error, and refuses statements once closed', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cyberponies-pglite-thread-'));
    const notADirectory = join(directory, 'file');
    await writeFile(notADirectory, 'x');
    await expect(openPGlite(join(notADirectory, 'pgdata'))).rejects.toThrow(/ENOTDIR|not a directory/i);

    const db = await openPGlite(join(directory, 'pgdata'));
    expect(await db.query<{ one: number }>('select 1 as one')).toEqual({ rows: [{ one: 1 }], affectedRows: 0 });
    await db.close();
    await db.close();
    await expect(db.query('select 1')).rejects.toThrow(/worker thread was closed/);
    await rm(directory, { recursive: true, force: true });
  });
});
