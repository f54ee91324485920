import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHistory, insertTransitions } from '../ingest/history-rows.js';
import type { HistoryEntry } from '../ingest/history-rows.js';
import type { DeviceMessage, MessageBody } from '../ingest/message.js';
import { maintainHistory } from '../ingest/partitions.js';
import { carStateMessage, testCarState } from '../state/test-support.js';
import type { TestCarChanges } from '../state/test-support.js';
import { openTestDatabase, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { deviceSeries, deviceTimeline } from './index.js';
import type { HistoryDevice } from './index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A fixed past, far from today's partitions: rows land in the default partition, which reads the same. */
const T0 = Date.UTC(2024, 4, 1, 8, 0, 0);

/** A car whose clock runs two hours ahead: its rows' sent_at and occurred_at differ by that much. */
const car: HistoryDevice = { id: 'car-1', kind: 'car', clockOffsetMs: 2 * HOUR };
const chargePoint: HistoryDevice = { id: 'cp-1', kind: 'chargePoint', clockOffsetMs: null };

function carEntry(atMs: number, sequence: number, changes: TestCarChanges & { battery?: number; range?: number } = {}): HistoryEntry {
  const state = testCarState(car.id, sequence, { ...changes, deviceTimeMs: atMs + (car.clockOffsetMs ?? 0) });
  const payload = { ...state, batteryPercent: changes.battery ?? state.batteryPercent, rangeKm: changes.range ?? state.rangeKm };
  return { message: carStateMessage(payload, atMs + 50), occurredAtMs: atMs };
}

function chargePointEntry(atMs: number, body: MessageBody, messageId: string | null = `m-${atMs}-${body.channel}`): HistoryEntry {
  const hasDeviceTime = body.channel !== 'ocpp:connection';
  const message: DeviceMessage = {
    deviceId: chargePoint.id,
    kind: 'chargePoint',
    receivedAtMs: atMs + 30,
    deviceTime: hasDeviceTime ? new Date(atMs).toISOString() : null,
    bootId: 'connection-1',
    sequence: null,
    messageId,
    ...body,
  };
  return { message, occurredAtMs: atMs };
}

function meterValues(atMs: number, energy: { value: string; unit: string }, power: { value: string; unit: string }): HistoryEntry {
  return chargePointEntry(atMs, {
    channel: 'ocpp:MeterValues',
    payload: {
      connectorId: 1,
      meterValue: [
        {
          timestamp: new Date(atMs).toISOString(),
          sampledValue: [
            { ...energy, measurand: 'Energy.Active.Import.Register' },
            { ...power, measurand: 'Power.Active.Import' },
          ],
        },
      ],
    },
  });
}

function status(atMs: number, connectorId: number, statusName: string, errorCode = 'NoError'): HistoryEntry {
  return chargePointEntry(atMs, { channel: 'ocpp:StatusNotification', payload: { connectorId, status: statusName, errorCode, timestamp: new Date(atMs).toISOString() } });
}

describe.each(testEngines())('device history on $name', (engine) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
  });
  afterAll(() => test.cleanup());

  describe('series', () => {
    beforeAll(async () => {
      await insertHistory(test.db, [
        // Before the window: not counted.
        carEntry(T0 - MINUTE, 1, { battery: 10 }),
        carEntry(T0, 2, { battery: 80, range: 200, speedKmh: 10 }),
        carEntry(T0 + 20 * MINUTE, 3, { battery: 70, range: 180, speedKmh: 30 }),
        // Nothing in the second hour; then one state, sent late as a backlog would be.
        carEntry(T0 + 2 * HOUR + 5 * MINUTE, 4, { battery: 60, range: 150 }),
        carEntry(T0 + 3 * HOUR, 5, { battery: 1 }),
        meterValues(T0 + 10 * MINUTE, { value: '10', unit: 'kWh' }, { value: '7.4', unit: 'kW' }),
        meterValues(T0 + 40 * MINUTE, { value: '12000', unit: 'Wh' }, { value: '3600', unit: 'W' }),
        chargePointEntry(T0 + 50 * MINUTE, { channel: 'ocpp:Heartbeat', payload: {} }),
      ]);
    });

    it("averages a car's battery, speed and range per bucket, oldest first, only where it said something", async () => {
      const series = await deviceSeries(test.db, car, { fromMs: T0, toMs: T0 + 3 * HOUR, points: 3 });
      expect(series).toMatchObject({ deviceId: 'car-1', fromMs: T0, toMs: T0 + 3 * HOUR, bucketMs: HOUR });
      expect(series.points).toEqual([
        { atMs: T0, batteryPercent: 75, speedKmh: 20, rangeKm: 190, energyWh: null, powerW: null },
        { atMs: T0 + 2 * HOUR, batteryPercent: 60, speedKmh: 0, rangeKm: 150, energyWh: null, powerW: null },
      ]);
    });

    it("reads a charge point's energy and power as its live state does, in Wh and W", async () => {
      const series = await deviceSeries(test.db, chargePoint, { fromMs: T0, toMs: T0 + HOUR, points: 2 });
      expect(series.points).toEqual([
        { atMs: T0, batteryPercent: null, speedKmh: null, rangeKm: null, energyWh: 10_000, powerW: 7400 },
        { atMs: T0 + 30 * MINUTE, batteryPercent: null, speedKmh: null, rangeKm: null, energyWh: 12_000, powerW: 3600 },
      ]);
    });

    it('is empty for a window without data', async () => {
      expect((await deviceSeries(test.db, car, { fromMs: T0 - 2 * DAY, toMs: T0 - DAY, points: 10 })).points).toEqual([]);
    });
  });

  describe('timeline', () => {
    const cpBase = T0 + 10 * DAY;
    const carBase = T0 + 20 * DAY;

    beforeAll(async () => {
      await insertHistory(test.db, [
        chargePointEntry(cpBase, { channel: 'ocpp:connection', payload: { online: true } }, null),
        chargePointEntry(cpBase + MINUTE, { channel: 'ocpp:BootNotification', payload: { chargePointVendor: 'IER', chargePointModel: 'Pillar', firmwareVersion: '2.4.1' } }),
        status(cpBase + 2 * MINUTE, 1, 'Available'),
        status(cpBase + 3 * MINUTE, 2, 'Charging'),
        chargePointEntry(cpBase + 4 * MINUTE, { channel: 'ocpp:Heartbeat', payload: {} }),
        status(cpBase + HOUR, 1, 'Preparing'),
        chargePointEntry(cpBase + HOUR + MINUTE, {
          channel: 'ocpp:StartTransaction',
          payload: { connectorId: 1, idTag: 'TAG-1', meterStart: 1000, timestamp: new Date(cpBase + HOUR + MINUTE).toISOString() },
        }),
        status(cpBase + HOUR + MINUTE, 1, 'Charging'),
        meterValues(cpBase + HOUR + 5 * MINUTE, { value: '2000', unit: 'Wh' }, { value: '7000', unit: 'W' }),
        // Two days later, beyond the first windows the query reads.
        status(cpBase + 2 * DAY - 2 * HOUR, 2, 'Available'),
        status(cpBase + 2 * DAY, 1, 'Faulted', 'GroundFailure'),
        chargePointEntry(cpBase + 2 * DAY + MINUTE, { channel: 'ocpp:StopTransaction', payload: { transactionId: 0, meterStop: 9000, timestamp: new Date(cpBase + 2 * DAY).toISOString(), reason: 'Other' } }),
        chargePointEntry(cpBase + 2 * DAY + 2 * MINUTE, { channel: 'ocpp:connection', payload: { online: false } }, null),
      ]);
      const { rows } = await test.db.query<{ id: number }>(
        `insert into transactions (charge_point_id, connector_id, id_tag, id_tag_status, meter_start_wh, started_at)
         values ('cp-1', 1, 'TAG-1', 'Accepted', 1000, $1) returning id`,
        [new Date(cpBase + HOUR + MINUTE).toISOString()],
      );
      const transactionId = rows[0]?.id ?? -1;
      await test.db.query(`update telemetry set payload = jsonb_set(payload, '{transactionId}', to_jsonb($1::int)) where channel = 'ocpp:StopTransaction'`, [transactionId]);

      const entries: HistoryEntry[] = [];
      // A car reporting every 5 minutes for three days; a fault on the second day.
      for (let step = 0; step < (3 * DAY) / (5 * MINUTE); step++) {
        const atMs = carBase + step * 5 * MINUTE;
        const hasFault = atMs >= carBase + DAY + HOUR && atMs < carBase + DAY + 3 * HOUR;
        entries.push(carEntry(atMs, 100 + step, { faults: hasFault ? ['battery-overheat'] : [] }));
      }
      entries.push({ message: { deviceId: car.id, kind: 'car', receivedAtMs: carBase + 2 * DAY, deviceTime: null, bootId: null, sequence: null, channel: 'mqtt:connection', payload: { online: false } }, occurredAtMs: carBase + 2 * DAY });
      await insertHistory(test.db, entries);
      await insertTransitions(
        test.db,
        [
          { sensor: 'locked' as const, value: false, at: carBase + 30 * MINUTE },
          { sensor: 'doorsOpen' as const, value: true, at: carBase + 31 * MINUTE },
          { sensor: 'doorsOpen' as const, value: false, at: carBase + 32 * MINUTE },
        ].map(({ sensor, value, at }) => ({ deviceId: car.id, sensor, value, changedAtMs: at, deviceChangedAtMs: at + (car.clockOffsetMs ?? 0), bootId: 'boot-1', sequence: 1 })),
        1500,
      );
    });

    it("tells a charge point's events newest first, with its session's number and what each status changed from", async () => {
      const page = await deviceTimeline(test.db, chargePoint, { limit: 100 }, cpBase + 3 * DAY);
      expect(page.hasMore).toBe(false);
      expect(page.events.map((event) => event.title)).toEqual([
        'Disconnected',
        expect.stringMatching(/^Charging session \d+ stopped$/),
        'Connector 1: Charging → Faulted',
        'Connector 2: Charging → Available',
        'Connector 1: Preparing → Charging',
        expect.stringMatching(/^Charging session \d+ started$/),
        'Connector 1: Available → Preparing',
        'Connector 2: Charging',
        'Connector 1: Available',
        'Rebooted',
        'Connected',
      ]);
      expect(page.events[1]?.detail).toBe('meter 9.00 kWh · 8.00 kWh delivered · reason Other');
      expect(page.events[2]).toMatchObject({ occurredAtMs: cpBase + 2 * DAY, isNotable: true, detail: 'GroundFailure' });
      expect(page.events.at(-1)).toMatchObject({ kind: 'connection', occurredAtMs: cpBase, receivedAtMs: cpBase + 30 });
    });

    it('pages back with beforeMs until the history ends', async () => {
      const titles: string[] = [];
      let page = await deviceTimeline(test.db, chargePoint, { limit: 3 }, cpBase + 3 * DAY);
      const pages = [page];
      while (page.hasMore) {
        titles.push(...page.events.map((event) => event.title));
        page = await deviceTimeline(test.db, chargePoint, { limit: 3, beforeMs: page.events.at(-1)?.occurredAtMs ?? 0 });
        pages.push(page);
      }
      titles.push(...page.events.map((event) => event.title));
      expect(pages.map((each) => each.events.length)).toEqual([3, 3, 3, 2]);
      const whole = await deviceTimeline(test.db, chargePoint, { limit: 100 }, cpBase + 3 * DAY);
      expect(titles).toEqual(whole.events.map((event) => event.title));
    });

    it('never splits the events of one millisecond between two pages', async () => {
      const page = await deviceTimeline(test.db, chargePoint, { limit: 2, beforeMs: cpBase + 2 * DAY });
      // The session started in the very millisecond its connector began charging: both go to the next page.
      expect(page.events.map((event) => event.title)).toEqual(['Connector 2: Charging → Available']);
      expect(page.hasMore).toBe(true);
      const next = await deviceTimeline(test.db, chargePoint, { limit: 2, beforeMs: page.events.at(-1)?.occurredAtMs ?? 0 });
      expect(next.events.map((event) => event.title)).toEqual(['Connector 1: Preparing → Charging', expect.stringMatching(/started$/)]);
    });

    it("knows a connector's status from before the page", async () => {
      // Only the latest hours are read for this page; the status before them comes from further back.
      const page = await deviceTimeline(test.db, chargePoint, { limit: 1, beforeMs: cpBase + 2 * DAY + 30_000 });
      expect(page.events.map((event) => event.title)).toEqual(['Connector 1: Charging → Faulted']);
      expect(page.hasMore).toBe(true);
    });

    it("tells a car's sensor changes, its faults and its connection, and none of its plain states", async () => {
      const page = await deviceTimeline(test.db, car, { limit: 100 }, carBase + 4 * DAY);
      expect(page.events.map((event) => [event.title, event.occurredAtMs - carBase])).toEqual([
        ['Disconnected', 2 * DAY],
        ['Fault cleared: battery-overheat', DAY + 3 * HOUR],
        ['Fault: battery-overheat', DAY + HOUR],
        ['Doors closed', 32 * MINUTE],
        ['Doors opened', 31 * MINUTE],
        ['Unlocked', 30 * MINUTE],
      ]);
      expect(page.hasMore).toBe(false);
    });

    it("pages a car's timeline", async () => {
      const first = await deviceTimeline(test.db, car, { limit: 2 }, carBase + 4 * DAY);
      expect(first.events.map((event) => event.title)).toEqual(['Disconnected', 'Fault cleared: battery-overheat']);
      expect(first.hasMore).toBe(true);
      const second = await deviceTimeline(test.db, car, { limit: 2, beforeMs: carBase + DAY + 3 * HOUR });
      expect(second.events.map((event) => event.title)).toEqual(['Fault: battery-overheat', 'Doors closed']);
      const last = await deviceTimeline(test.db, car, { limit: 2, beforeMs: carBase + 32 * MINUTE });
      expect(last).toMatchObject({ events: [{ title: 'Doors opened' }, { title: 'Unlocked' }], hasMore: false });
    });

    it('is empty for a device without history', async () => {
      expect(await deviceTimeline(test.db, { id: 'car-404', kind: 'car', clockOffsetMs: null }, { limit: 10 })).toEqual({ events: [], hasMore: false });
    });
  });

  it('averages a week of a car reporting every 5 s in the database, through the index', async () => {
    const big: HistoryDevice = { id: 'car-busy', kind: 'car', clockOffsetMs: 1500 };
    const toMs = Math.floor(Date.now() / 1000) * 1000;
    const fromMs = toMs - 7 * DAY;
    const count = (7 * DAY) / 5000;
    await maintainHistory(test.db, { retentionDays: 0 });
    const template = testCarState(big.id, 0);
    await test.db.query(
      `insert into telemetry (device_id, received_at, device_time, sent_at, occurred_at, boot_id, sequence, channel, payload)
       select $1, at + interval '50 milliseconds', at + interval '1500 milliseconds', at + interval '1500 milliseconds', at, 'boot-1', n, 'mqtt:state',
              jsonb_set(jsonb_set($4::jsonb, '{position,speedKmh}', to_jsonb(n % 100)), '{batteryPercent}', to_jsonb(n % 101))
              || jsonb_build_object('sequence', n, 'deviceTime', to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
         from generate_series(0, $3::int - 1) as n, lateral (select to_timestamp(($2::float8 + n * 5000) / 1000) as at) as times`,
      [big.id, fromMs, count, JSON.stringify(template)],
    );
    const startedMs = performance.now();
    const series = await deviceSeries(test.db, big, { fromMs, toMs, points: 300 });
    const elapsedMs = performance.now() - startedMs;
    expect(series.points).toHaveLength(300);
    expect(series.points[0]?.atMs).toBe(fromMs);
    // About 403 states a bucket: each bucket's mean is close to the mean of the values that cycle through it.
    for (const point of series.points) {
      expect(point.speedKmh).toBeCloseTo(49.5, -1);
      expect(point.batteryPercent).toBeCloseTo(50, -1);
    }
    // Generous: a regression to reading rows into JavaScript takes many seconds on PGlite.
    expect(elapsedMs).toBeLessThan(10_000);
    const timelineStartedMs = performance.now();
    const timeline = await deviceTimeline(test.db, big, { limit: 100 });
    const timelineMs = performance.now() - timelineStartedMs;
    expect(timeline).toEqual({ events: [], hasMore: false });
    expect(timelineMs).toBeLessThan(10_000);
    if (process.env.HISTORY_TIMINGS) process.stdout.write(`${engine.name}: ${count} states, device:history ${elapsedMs.toFixed(0)} ms, device:timeline ${timelineMs.toFixed(0)} ms\n`);
  });
});
