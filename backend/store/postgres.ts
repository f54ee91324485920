/** A PostgreSQL server through a `pg` connection pool, for production and for testing against the real thing. */
import pg from 'pg';
import type { Database, QueryResult, Queryable, SqlValue } from './database.js';

const INT8_TYPE_ID = 20;

/**
 * PGlite returns int8 (counts, identities) as numbers; pg returns strings. Both engines must give the same
 * rows, so int8 becomes a number here too when it fits exactly.
 */
const types = {
  getTypeParser: (typeId: number, format?: 'text' | 'binary') => {
    if (typeId === INT8_TYPE_ID && format !== 'binary') {
      return (value: string) => {
        const number = Number(value);
        return Number.isSafeInteger(number) ? number : value;
      };
    }
    return format === 'binary' ? pg.types.getTypeParser(typeId, 'binary') : pg.types.getTypeParser(typeId, 'text');
  },
};

function queryable(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, parameters: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
      const result = await target.query(sql, [...parameters]);
      return { rows: result.rows, affectedRows: result.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await target.query(sql);
    },
  };
}

export async function openPostgres(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, types, max: 10 });
  // An idle client that loses its server must not crash the process; the next query reports the problem.
  pool.on('error', () => undefined);
  // Fail at start, with the server's own message, rather than at the first request.
  const client = await pool.connect();
  client.release();
  return {
    engine: 'postgres',
    ...queryable(pool),
    async transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T> {
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const result = await work(queryable(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}
