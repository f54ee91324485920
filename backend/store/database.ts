/**
 * One SQL dialect (PostgreSQL) on two engines: PGlite in-process by default, a PostgreSQL server when
 * DATABASE_URL is set. Everything above the store speaks only this interface.
 */

export type SqlValue = string | number | boolean | null | Date | Uint8Array | readonly string[] | readonly number[];

export interface QueryResult<Row> {
  readonly rows: readonly Row[];
  readonly affectedRows: number;
}

export interface Queryable {
  /** One statement with $1, $2… parameters. */
  query<Row = Record<string, unknown>>(sql: string, parameters?: readonly SqlValue[]): Promise<QueryResult<Row>>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
