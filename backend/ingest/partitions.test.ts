import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { carStateMessage, testCarState } from '../state/test-support.js';
import { insertHistory } from './history-rows.js';
import { listPartitions, maintainHistory, partitionName } from './partitions.js';

const DAY = 86_400_000;
/** A day far from today, so that nothing else in the database falls in these partitions. */
const D = Date.UTC(2031, 0, 10);

describe.each(testEngines())('history partitions on $name', (engine) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(engine);
  });
  afterAll(() => test.cleanup());

  /** One car message sent at `sentAtMs` on its clock. */
  async function insertAt(sequence: number, sentAtMs: number): Promise<number> {
    const message = carStateMessage(testCarState('car-1', sequence, { deviceTimeMs: sentAtMs }), sentAtMs + 50);
    return insertHistory(test.db, [{ message, occurredAtMs: sentAtMs }]);
  }

  async function partitionOf(sequence: number): Promise<string | undefined> {
    const { rows } = await test.db.query<{ partition: string }>('select tableoid::regclass::text as partition from telemetry where sequence = $1', [sequence]);
    return rows[0]?.partition;
  }

  it('makes daily partitions ahead, drops whole days past the retention and deletes stray rows in batches', async () => {
    const first = await maintainHistory(test.db, { retentionDays: 3, nowMs: D + 3_600_000 });
    expect(first.created).toEqual([-3, -2, -1, 0, 1, 2].map((offset) => partitionName(D + offset * DAY)));
    expect(await maintainHistory(test.db, { retentionDays: 3, nowMs: D })).toMatchObject({ created: [], dropped: [] });

    await insertAt(1, D - 10 * DAY);
    await insertAt(2, D - 2 * DAY + 5000);
    await insertAt(3, D - DAY + 5000);
    await insertAt(4, D + 5000);
    // A clock a week ahead: no partition yet for its day.
    await insertAt(5, D + 7 * DAY + 5000);
    expect(await partitionOf(1)).toBe('telemetry_default');
    expect(await partitionOf(2)).toBe(partitionName(D - 2 * DAY));
    expect(await partitionOf(4)).toBe(partitionName(D));
    expect(await partitionOf(5)).toBe('telemetry_default');
    // The partition's key still recognises a duplicate.
    expect(await insertAt(4, D + 5000)).toBe(0);

    // A week later: the days before the cutoff go whole, the stray old row is deleted, and the day the
    // fast clock wrote into gets its partition, with the row moved in.
    const later = await maintainHistory(test.db, { retentionDays: 3, nowMs: D + 5 * DAY });
    expect(later.dropped).toEqual([-3, -2, -1, 0, 1].map((offset) => partitionName(D + offset * DAY)));
    expect(later.deletedRows).toBe(1);
    expect(later.created).toContain(partitionName(D + 7 * DAY));
    expect(await partitionOf(5)).toBe(partitionName(D + 7 * DAY));
    const { rows } = await test.db.query<{ sequence: number }>('select sequence::int as sequence from telemetry order by sequence');
    expect(rows.map((row) => row.sequence)).toEqual([5]);
    expect(await listPartitions(test.db)).toContain('telemetry_default');

    // Zero keeps everything.
    expect(await maintainHistory(test.db, { retentionDays: 0, nowMs: D + 400 * DAY })).toMatchObject({ dropped: [], deletedRows: 0 });
    expect(await partitionOf(5)).toBe(partitionName(D + 7 * DAY));
  });
});
