/**
 * The embedded engine on the calling thread: PostgreSQL compiled to WebAssembly, its files in the data
 * directory. Every statement runs synchronously in WASM, so the backend runs this inside a worker thread
 * (pglite-thread.ts) rather than on its event loop.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { Database, QueryResult, Queryable, SqlValue } from './database.js';

type PGliteQueryable = Pick<Transaction, 'query' | 'exec'>;

function queryable(target: PGliteQueryable): Queryable {
  return {
    async query<Row>(sql: string, parameters: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
      const result = await target.query<Row>(sql, [...parameters]);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

export async function openPGliteInProcess(directory: string): Promise<Database> {
  await mkdir(directory, { recursive: true });
  // btree_gist lets reservations use one EXCLUDE constraint on both engines.
  const pglite = await PGlite.create(directory, { extensions: { btree_gist } });
  return {
    engine: 'pglite',
    ...queryable(pglite),
    transaction: (work) => pglite.transaction((transaction) => work(queryable(transaction))),
    close: () => pglite.close(),
  };
}
