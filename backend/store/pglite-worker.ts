/**
 * PGlite's own thread: opens the embedded engine here and runs the statements the backend's thread sends
 * (pglite-thread.ts), so that WASM never holds the backend's event loop. PGlite runs one statement at a
 * time and holds a transaction exclusively, so statements run in the order they arrive and none slips
 * into another's transaction.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Database, QueryResult, Queryable } from './database.js';
import { openPGliteInProcess } from './pglite.js';
import type { WorkerReply, WorkerRequest } from './pglite-messages.js';
import { serializeError } from './pglite-messages.js';

interface OpenTransaction {
  readonly queryable: Queryable;
  /** Lets the transaction's work return (commit) or throw (roll back). */
  readonly finish: (isCommit: boolean) => void;
  /** Settles once COMMIT or ROLLBACK has run. */
  readonly done: Promise<void>;
}

/** What the transaction's work throws to have PGlite roll it back; not an error anyone sees. */
const ROLLED_BACK = new Error('rolled back by the caller');

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs as a worker thread (see pglite-thread.ts)');
const directory: unknown = workerData;
if (typeof directory !== 'string') throw new Error('pglite-worker.ts expects the database directory as its workerData');
const transactions = new Map<number, OpenTransaction>();

function reply(message: WorkerReply): void {
  port?.postMessage(message);
}

/** Resolves once PGlite has run BEGIN for this transaction and holds it for the caller. */
function begin(db: Database): Promise<OpenTransaction> {
  return new Promise((opened, failed) => {
    let isOpen = false;
    const done = db.transaction(
      (queryable) =>
        new Promise<void>((commit, rollBack) => {
          isOpen = true;
          opened({ queryable, finish: (isCommit) => (isCommit ? commit() : rollBack(ROLLED_BACK)), done });
        }),
    );
    done.catch((error: unknown) => {
      if (!isOpen) failed(error);
    });
  });
}

async function end(transaction: OpenTransaction, isCommit: boolean): Promise<void> {
  transaction.finish(isCommit);
  try {
    await transaction.done;
  } catch (error) {
    if (error !== ROLLED_BACK) throw error;
  }
}

function target(db: Database, transactionId: number | null): Queryable {
  if (transactionId === null) return db;
  const transaction = transactions.get(transactionId);
  if (!transaction) throw new Error('This transaction has ended; its statements can no longer run.');
  return transaction.queryable;
}

async function perform(db: Database, request: WorkerRequest): Promise<QueryResult<unknown> | null> {
  switch (request.kind) {
    case 'query':
      return target(db, request.transactionId).query(request.sql, request.parameters);
    case 'exec':
      await target(db, request.transactionId).exec(request.sql);
      return null;
    case 'begin':
      transactions.set(request.id, await begin(db));
      return null;
    case 'end': {
      const transaction = transactions.get(request.transactionId);
      if (!transaction) throw new Error('This transaction has ended already.');
      transactions.delete(request.transactionId);
      await end(transaction, request.isCommit);
      return null;
    }
    case 'close':
      // A transaction left open would hold PGlite forever and close() would wait on it.
      for (const transaction of transactions.values()) await end(transaction, false).catch(() => undefined);
      transactions.clear();
      await db.close();
      return null;
  }
}

try {
  const db = await openPGliteInProcess(directory);
  port.on('message', (request: WorkerRequest) => {
    perform(db, request).then(
      (result) => reply({ kind: 'done', id: request.id, result }),
      (error: unknown) => reply({ kind: 'error', id: request.id, error: serializeError(error) }),
    );
  });
  reply({ kind: 'ready' });
} catch (error) {
  reply({ kind: 'failed', error: serializeError(error) });
}
