import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, AlarmType } from '../../shared/alarms.js';
import { createOperators } from '../operators/index.js';
import { createTestInventory } from '../state/test-support.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createAlarmService } from './service.js';
import type { AlarmService } from './service.js';
import { addTestOperators, alarmTestDevices, manualTime } from './testing.js';
import type { AlarmTestOperators, ManualTime } from './testing.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The review's period: three hours, far from other tests' alarms. */
const R = Date.UTC(2030, 0, 1, 9);

describe.each(testEngines())('alarm review and list on $name', (engine) => {
  let test: TestDatabase;
  let people: AlarmTestOperators;
  let service: AlarmService;
  let time: ManualTime;
  const alarms: Record<string, Alarm> = {};

  /** Moves the clock to `atMs` (the service acts at its clock's time). */
  function at(atMs: number): void {
    time.advance(atMs - time.now());
  }

  async function raise(deviceId: string, type: AlarmType, atMs: number, times = 1): Promise<Alarm> {
    at(atMs);
    for (let index = 0; index < times; index += 1) service.raise({ deviceId, type, message: type, atMs: atMs + index });
    await service.flush();
    const alarm = service.open().find((candidate) => candidate.deviceId === deviceId && candidate.type === type);
    if (!alarm) throw new Error('not raised');
    return alarm;
  }

  async function clear(deviceId: string, type: AlarmType, atMs: number): Promise<void> {
    at(atMs);
    service.clear({ deviceId, type, atMs });
    await service.flush();
  }

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    const operators = createOperators(test.db);
    people = await addTestOperators(operators);
    time = manualTime(R - HOUR);
    service = createAlarmService({ db: test.db, inventory: createTestInventory(alarmTestDevices), operators, logger: silentLogger, now: time.now, timers: time.timers });
    await service.load();
    // Outside the period on both sides: not counted.
    await raise('car-9', 'offline', R - 30 * MINUTE);
    // car-1 and car-3 stand at st-1, cp-2 at st-2.
    alarms.offline = await raise('car-1', 'offline', R + 10 * MINUTE);
    alarms.flapping = await raise('car-1', 'flapping', R + 15 * MINUTE, 3);
    at(R + 20 * MINUTE);
    await service.acknowledge(people.dispatcher, [alarms.offline.id]);
    await clear('car-1', 'offline', R + 30 * MINUTE);
    alarms.fault = await raise('cp-2', 'deviceFault', R + 70 * MINUTE);
    at(R + 100 * MINUTE);
    await service.acknowledge(people.dispatcher, [alarms.fault.id], 'Reset remotely');
    alarms.battery = await raise('car-3', 'lowBattery', R + 130 * MINUTE);
    await clear('car-3', 'lowBattery', R + 140 * MINUTE);
    await raise('car-11', 'offline', R + 3 * HOUR);
  });

  afterAll(async () => {
    await service.close();
    await test.cleanup();
  });

  it('counts alarms per bucket by type and severity, with every bucket present', async () => {
    const review = await service.review(R, R + 3 * HOUR, HOUR);
    expect(review).toMatchObject({ fromMs: R, toMs: R + 3 * HOUR, bucketMs: HOUR, raised: 4 });
    expect(review.buckets.map((bucket) => bucket.startMs)).toEqual([R, R + HOUR, R + 2 * HOUR]);
    const nonZero = (counts: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));
    expect(review.buckets.map((bucket) => nonZero(bucket.byType))).toEqual([{ offline: 1, flapping: 1 }, { deviceFault: 1 }, { lowBattery: 1 }]);
    expect(review.buckets.map((bucket) => nonZero(bucket.bySeverity))).toEqual([{ major: 1, minor: 1 }, { critical: 1 }, { minor: 1 }]);
    expect(Object.keys(review.buckets[0]?.byType ?? {})).toHaveLength(9);
    expect(review.buckets[1]?.bySeverity).toEqual({ critical: 1, major: 0, minor: 0, warning: 0 });
  });

  it('gives the mean times to acknowledge and to clear over the alarms raised in the period', async () => {
    const review = await service.review(R, R + 3 * HOUR, HOUR);
    // Acknowledged after 10 and 30 minutes; cleared after 20 and 10 minutes.
    expect(review.meanTimeToAcknowledgeMs).toBe(20 * MINUTE);
    expect(review.meanTimeToClearMs).toBe(15 * MINUTE);
    const empty = await service.review(R + 10 * HOUR, R + 11 * HOUR, HOUR);
    expect(empty).toMatchObject({ raised: 0, meanTimeToAcknowledgeMs: null, meanTimeToClearMs: null, noisiestDevices: [], noisiestStations: [] });
    expect(empty.buckets).toHaveLength(1);
  });

  it('names the noisiest devices and stations, by alarms then occurrences', async () => {
    const review = await service.review(R, R + 3 * HOUR, HOUR);
    expect(review.noisiestDevices).toEqual([
      { deviceId: 'car-1', alarms: 2, occurrences: 4 },
      { deviceId: 'car-3', alarms: 1, occurrences: 1 },
      { deviceId: 'cp-2', alarms: 1, occurrences: 1 },
    ]);
    expect(review.noisiestStations).toEqual([
      { stationId: 'st-1', alarms: 3, occurrences: 5 },
      { stationId: 'st-2', alarms: 1, occurrences: 1 },
    ]);
  });

  it('lists alarms newest first, by state, by device, and page by page', async () => {
    const period = { fromMs: R, toMs: R + 3 * HOUR };
    const all = await service.list({ ...period, limit: 200 });
    expect(all.alarms.map((alarm) => alarm.type)).toEqual(['lowBattery', 'deviceFault', 'flapping', 'offline']);
    expect(all.hasMore).toBe(false);

    const firstPage = await service.list({ ...period, limit: 3 });
    expect(firstPage).toMatchObject({ hasMore: true });
    const secondPage = await service.list({ ...period, limit: 3, beforeId: firstPage.alarms.at(-1)?.id });
    expect([...firstPage.alarms, ...secondPage.alarms]).toEqual(all.alarms);
    expect(secondPage.hasMore).toBe(false);

    const byState = async (states: ('active' | 'acknowledged' | 'cleared' | 'closed')[]) => (await service.list({ ...period, states, limit: 200 })).alarms.map((alarm) => alarm.type);
    expect(await byState(['closed'])).toEqual(['offline']);
    expect(await byState(['active'])).toEqual(['flapping']);
    expect(await byState(['acknowledged'])).toEqual(['deviceFault']);
    expect(await byState(['cleared', 'closed'])).toEqual(['lowBattery', 'offline']);
    expect((await service.list({ ...period, deviceId: 'car-1', limit: 200 })).alarms.map((alarm) => alarm.type)).toEqual(['flapping', 'offline']);
  });
});
