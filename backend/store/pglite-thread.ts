/**
 * The embedded engine as the backend uses it: PGlite in a worker thread behind the same `Database`
 * interface. PGlite is PostgreSQL compiled to WebAssembly and each statement holds its thread for its
 * whole run (a batch of history, a migration), so on the backend's own thread it stalled the console
 * hub and the gateways; here only a message goes out and a result comes back.
 */
import { Worker } from 'node:worker_threads';
import type { Database, QueryResult, Queryable, SqlValue } from './database.js';
import type { TransactionId, WorkerReply, WorkerRequest } from './pglite-messages.js';
import { PGliteWorkerError } from './pglite-messages.js';

const WORKER_ENTRY = new URL('./pglite-worker-entry.mjs', import.meta.url);

/** Rows as PGlite made them in the worker, cloned; `never` lets each `query<Row>` name them (WorkerReply). */
type Result = QueryResult<never> | null;

interface Pending {
  readonly resolve: (result: Result) => void;
  readonly reject: (error: Error) => void;
}

function stoppedError(what: string): Error {
  return new Error(`PGlite's worker thread ${what}; the embedded database is unavailable.`);
}

export async function openPGlite(directory: string): Promise<Database> {
  const worker = new Worker(WORKER_ENTRY, { workerData: directory });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: Error | null = null;
  let startup: Pending | null = null;
  const isReady = new Promise<Result>((resolve, reject) => {
    startup = { resolve, reject };
  });

  function stop(error: Error): void {
    failure ??= error;
    startup?.reject(error);
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  }

  worker.on('message', (reply: WorkerReply<never>) => {
    if (reply.kind === 'ready') startup?.resolve(null);
    else if (reply.kind === 'failed') stop(new PGliteWorkerError(reply.error));
    else {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      // Idle, the worker must not keep the process alive, as PGlite on the main thread did not.
      if (pending.size === 0) worker.unref();
      if (reply.kind === 'done') waiting?.resolve(reply.result);
      else waiting?.reject(new PGliteWorkerError(reply.error));
    }
  });
  worker.on('error', (error) => stop(error));
  worker.on('exit', (code) => stop(stoppedError(`stopped (exit code ${code})`)));

  try {
    await isReady;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  startup = null;
  worker.unref();

  /** Sends one request; `build` gets the request's id (a `begin`'s id names its transaction). */
  function call(build: (id: number) => WorkerRequest): Promise<Result> {
    if (failure) return Promise.reject(failure);
    const request = build(nextId++);
    return new Promise<Result>((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(request.id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  function queryable(transactionId: TransactionId): Queryable {
    return {
      async query<Row>(sql: string, parameters: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
        const result = await call((id) => ({ id, kind: 'query', sql, parameters, transactionId }));
        return result ?? { rows: [], affectedRows: 0 };
      },
      async exec(sql: string): Promise<void> {
        await call((id) => ({ id, kind: 'exec', sql, transactionId }));
      },
    };
  }

  let closing: Promise<void> | null = null;
  return {
    engine: 'pglite',
    ...queryable(null),
    async transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T> {
      let transactionId = 0;
      await call((id) => {
        transactionId = id;
        return { id, kind: 'begin' };
      });
      const end = (isCommit: boolean) => call((id) => ({ id, kind: 'end', transactionId, isCommit }));
      let result: T;
      try {
        result = await work(queryable(transactionId));
      } catch (error) {
        await end(false).catch(() => undefined);
        throw error;
      }
      await end(true);
      return result;
    },
    close() {
      closing ??= (async () => {
        try {
          if (!failure) await call((id) => ({ id, kind: 'close' }));
        } finally {
          stop(stoppedError('was closed'));
          await worker.terminate();
        }
      })();
      return closing;
    },
  };
}
