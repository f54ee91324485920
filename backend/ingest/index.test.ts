import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database, Queryable, SqlValue } from '../store/database.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createStateCache } from '../state/index.js';
import {
  carStateMessage,
  createTestInventory,
  eventually,
  insertDevices,
  testCarState,
  testDevice,
} from '../state/test-support.js';
import { createIngest } from './index.js';

const devices = [testDevice('car-1', 'car'), testDevice('car-2', 'car')];

describe.each(testEngines())('ingest on $name', (engine) => {
  let test: TestDatabase;
  let statements: string[] = [];

  /** The real database, with every statement it is asked to run written down. */
  function countingDatabase(inner: Database): Database {
    const counting = <Target extends Queryable>(target: Target): Target => ({
      ...target,
      query<Row>(sql: string, parameters?: readonly SqlValue[]) {
        statements.push(sql);
        return target.query<Row>(sql, parameters);
      },
    });
    return { ...counting(inner), transaction: (work) => inner.transaction((transaction) => work(counting(transaction))) };
  }

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, devices);
  });
  afterAll(() => test.cleanup());
  beforeEach(async () => {
    await test.db.exec('delete from telemetry; delete from device_state');
    statements = [];
  });

  function setUp(options: { batchSize?: number; queueLimit?: number; flushIntervalMs?: number } = {}) {
    const db = countingDatabase(test.db);
    const state = createStateCache({ db, inventory: createTestInventory(devices), logger: silentLogger, persistIntervalMs: 60_000 });
    const ingest = createIngest({ db, state, logger: silentLogger, ...options });
    return { state, ingest };
  }

  const historyWrites = () => statements.filter((sql) => sql.includes('insert into telemetry (')).length;

  async function historyCount(): Promise<number> {
    const result = await test.db.query<{ count: number }>('select count(*)::int as count from telemetry');
    return result.rows[0]?.count ?? -1;
  }

  it('updates the state at once and writes history in batches, not per message', async () => {
    const { state, ingest } = setUp({ batchSize: 2000, flushIntervalMs: 50 });
    for (let sequence = 1; sequence <= 4500; sequence++) ingest.accept(carStateMessage(testCarState(sequence % 2 ? 'car-1' : 'car-2', sequence)));
    // In memory before anything reached the database.
    expect(state.detail('car-1')?.state).toMatchObject({ sequence: 4499 });
    expect(state.detail('car-2')?.state).toMatchObject({ sequence: 4500 });
    await eventually(async () => (await historyCount()) === 4500, 'all messages in history');
    expect(historyWrites()).toBe(3);
    expect(ingest.stats()).toMatchObject({ accepted: 4500, written: 4500, dropped: 0, queued: 0 });

    const rows = await test.db.query<{ device_id: string; channel: string; sequence: number; boot_id: string; has_time: boolean; speed: number }>(
      `select device_id, channel, sequence::int as sequence, boot_id, device_time is not null as has_time,
              (payload -> 'position' ->> 'speedKmh')::float8 as speed
         from telemetry where sequence = 4500`,
    );
    expect(rows.rows).toEqual([{ device_id: 'car-2', channel: 'mqtt:state', sequence: 4500, boot_id: 'boot-1', has_time: true, speed: 0 }]);
    await ingest.close();
    await state.close();
  });

  it('keeps late messages in history without rolling the state back', async () => {
    const { state, ingest } = setUp();
    ingest.accept(carStateMessage(testCarState('car-1', 10, { speedKmh: 50 })));
    ingest.accept(carStateMessage(testCarState('car-1', 8)));
    expect(state.detail('car-1')?.status).toBe('inUse');
    await ingest.flush();
    const rows = await test.db.query<{ sequence: number }>('select sequence::int as sequence from telemetry order by sequence');
    expect(rows.rows.map((row) => row.sequence)).toEqual([8, 10]);
    await ingest.close();
    await state.close();
  });

  it('bounds its queue: past the limit the state still moves but history drops and says so', async () => {
    const { state, ingest } = setUp({ batchSize: 100, queueLimit: 300, flushIntervalMs: 60_000 });
    // Nothing can be written while the event loop is busy here, so the queue fills.
    let accepted = 0;
    for (let sequence = 1; sequence <= 500; sequence++) if (ingest.accept(carStateMessage(testCarState('car-1', sequence)))) accepted++;
    expect(accepted).toBeLessThan(500);
    expect(ingest.stats().dropped).toBe(500 - accepted);
    expect(state.detail('car-1')?.state).toMatchObject({ sequence: 500 });
    const pressure = ingest.backPressure();
    expect(pressure).not.toBeNull();
    await pressure;
    expect(ingest.stats().queued).toBeLessThan(150);
    await ingest.close();
    expect(await historyCount()).toBe(accepted);
    await state.close();
  });

  it('writes what is queued when it closes', async () => {
    const { state, ingest } = setUp({ flushIntervalMs: 60_000 });
    for (let sequence = 1; sequence <= 25; sequence++) ingest.accept(carStateMessage(testCarState('car-2', sequence)));
    expect(await historyCount()).toBe(0);
    await ingest.close();
    expect(await historyCount()).toBe(25);
    expect(historyWrites()).toBe(1);
    expect(ingest.accept(carStateMessage(testCarState('car-2', 26)))).toBe(false);
    await state.close();
  });
});
