import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable, SqlValue } from '../store/database.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createStateCache } from '../state/index.js';
import { carStateMessage, createTestInventory, insertDevices, testCarState, testDevice } from '../state/test-support.js';
import { createIngest } from './index.js';

const CARS = 200;
const MESSAGES = 20_000;
const devices = Array.from({ length: CARS }, (_, index) => testDevice(`car-${index + 1}`, 'car'));

/**
 * The console hub sends deltas from a timer (DELTA_WINDOW_MS); if writing history held the event loop,
 * consoles would get nothing until it finished. Here a short timer stands in for the hub's and counts
 * how often it fired while a history statement was in flight.
 */
describe.each(testEngines())('the event loop while ingest writes history on $name', (engine) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, devices);
  });
  afterAll(() => test.cleanup());

  /** The real database, counting the history statements in flight. */
  function watchedDatabase(inner: Database, inFlight: { count: number }): Database {
    const watched = <Target extends Queryable>(target: Target): Target => ({
      ...target,
      async query<Row>(sql: string, parameters?: readonly SqlValue[]) {
        const isHistory = sql.includes('insert into telemetry (');
        if (isHistory) inFlight.count += 1;
        try {
          return await target.query<Row>(sql, parameters);
        } finally {
          if (isHistory) inFlight.count -= 1;
        }
      },
    });
    return { ...watched(inner), transaction: (work) => inner.transaction((transaction) => work(watched(transaction))) };
  }

  it(`keeps turning while ${MESSAGES} car states are written`, async () => {
    const inFlight = { count: 0 };
    const db = watchedDatabase(test.db, inFlight);
    const state = createStateCache({ db, inventory: createTestInventory(devices), logger: silentLogger, persistIntervalMs: 60_000 });
    const ingest = createIngest({ db, state, logger: silentLogger, queueLimit: MESSAGES });
    let ticksDuringHistory = 0;
    const timer = setInterval(() => {
      if (inFlight.count > 0) ticksDuringHistory += 1;
    }, 5);
    try {
      for (let index = 0; index < MESSAGES; index++) {
        ingest.accept(carStateMessage(testCarState(`car-${(index % CARS) + 1}`, Math.floor(index / CARS) + 1)));
      }
      await ingest.flush();
    } finally {
      clearInterval(timer);
    }
    expect(ingest.stats()).toMatchObject({ accepted: MESSAGES, written: MESSAGES, dropped: 0, queued: 0 });
    expect(ticksDuringHistory).toBeGreaterThan(0);
    await ingest.close();
    await state.close();
  });
});
