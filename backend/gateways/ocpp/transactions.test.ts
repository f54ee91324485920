import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../../store/testing.js';
import type { TestDatabase } from '../../store/testing.js';
import type { Database } from '../../store/database.js';
import { createTransactions } from './transactions.js';
import type { TransactionStart } from './transactions.js';

function start(chargePointId: string, connectorId: number, startedAt = new Date().toISOString()): TransactionStart {
  return { chargePointId, connectorId, idTag: 'CUSTOMER', idTagStatus: 'Accepted', meterStartWh: 10, startedAt, reservationId: null };
}

describe.each(testEngines())('OCPP transactions store on $name', (engine) => {
  let test: TestDatabase;
  /** The open database: the first test restarts it. */
  let db: Database;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    db = test.db;
  });

  afterAll(async () => {
    await test.cleanup();
  });

  it('never gives an id twice, even after the backend restarts', async () => {
    const before = createTransactions(db);
    const first = await before.start(start('cp-1', 1));
    const second = await before.start(start('cp-2', 1));
    expect(second).not.toBe(first);
    await db.close();

    // A restart: the same database opened again, as a new backend process would.
    db = await test.reopen();
    const after = createTransactions(db);
    const third = await after.start(start('cp-1', 1));
    expect(third).toBeGreaterThan(Math.max(first, second));
    expect(await after.stop({ chargePointId: 'cp-1', transactionId: first, meterStopWh: 20, stoppedAt: new Date().toISOString(), reason: null, idTag: null })).toBe('stopped');
    expect(await after.stop({ chargePointId: 'cp-1', transactionId: first, meterStopWh: 30, stoppedAt: new Date().toISOString(), reason: null, idTag: null })).toBe('alreadyStopped');
    // Another charge point's transaction is not this one's to stop.
    expect(await after.stop({ chargePointId: 'cp-1', transactionId: second, meterStopWh: 20, stoppedAt: new Date().toISOString(), reason: null, idTag: null })).toBe('unknown');
    const rows = await db.query<{ meter_stop_wh: unknown }>('select meter_stop_wh from transactions where id = $1', [first]);
    expect(Number(rows.rows[0]?.meter_stop_wh)).toBe(20);
  });

  it('gives a resent start the id of the first', async () => {
    const transactions = createTransactions(db);
    const startedAt = '2026-11-27T10:00:00.000Z';
    const id = await transactions.start(start('cp-3', 2, startedAt));
    expect(await transactions.start(start('cp-3', 2, startedAt))).toBe(id);
    expect(await transactions.start(start('cp-3', 1, startedAt))).not.toBe(id);
  });
});
