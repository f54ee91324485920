/**
 * What the backend's thread and PGlite's worker thread (pglite-thread.ts, pglite-worker.ts) say to each
 * other. Both sides are this code, in one process, so the messages are typed rather than parsed.
 */
import type { QueryResult, SqlValue } from './database.js';

/** Statements outside a transaction carry null; inside one, the id of the `begin` request that opened it. */
export type TransactionId = number | null;

export type WorkerRequest =
  | { readonly id: number; readonly kind: 'query'; readonly sql: string; readonly parameters: readonly SqlValue[]; readonly transactionId: TransactionId }
  | { readonly id: number; readonly kind: 'exec'; readonly sql: string; readonly transactionId: TransactionId }
  /** Answered once the transaction holds PGlite; until it ends, no other statement runs. */
  | { readonly id: number; readonly kind: 'begin' }
  | { readonly id: number; readonly kind: 'end'; readonly transactionId: number; readonly isCommit: boolean }
  | { readonly id: number; readonly kind: 'close' };

/**
 * `Row` is what the worker knows of the rows (nothing); the caller's side receives them as whatever its
 * `query<Row>` named, unchecked, as with any SQL driver.
 */
export type WorkerReply<Row = unknown> =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: SerializedError }
  | { readonly kind: 'done'; readonly id: number; readonly result: QueryResult<Row> | null }
  | { readonly kind: 'error'; readonly id: number; readonly error: SerializedError };

/** An error's message plus PostgreSQL's fields (code, constraint, detail…), which callers branch on. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, string | number | boolean>>;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = value;
  }
  return { name: error.name, message: error.message, fields };
}

/** Rebuilt on the caller's side, so that its stack shows where the statement was made. */
export class PGliteWorkerError extends Error {
  constructor(serialized: SerializedError) {
    super(serialized.message);
    Object.assign(this, serialized.fields);
    this.name = serialized.name;
  }
}
