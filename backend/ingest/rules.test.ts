/**
 * The rules of issue 3 at the ingest level, on both engines: duplicates, late messages, backlogs, gaps,
 * clock offsets and sensor transitions, each checked in history and in the current state.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CarState } from '../../shared/car-protocol.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { createStateCache } from '../state/index.js';
import { carStateMessage, createTestInventory, insertDevices, testCarState, testDevice } from '../state/test-support.js';
import type { TestCarChanges } from '../state/test-support.js';
import { createIngest, sensorTransitions, sequenceGaps } from './index.js';
import type { DeviceMessage } from './message.js';

const devices = [testDevice('car-1', 'car'), testDevice('car-2', 'car'), testDevice('cp-1', 'chargePoint')];
/** A fixed moment, so that times in the assertions are exact. */
const T = Date.UTC(2026, 10, 27, 12, 0, 0);

interface HistoryRow {
  readonly boot_id: string | null;
  readonly sequence: number | null;
  readonly occurred_at_ms: number;
  readonly speed: number | null;
}

describe.each(testEngines())('ingest rules on $name', (engine) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, devices);
  });
  afterAll(() => test.cleanup());
  beforeEach(() => test.db.exec('delete from telemetry; delete from device_state; delete from sensor_transitions'));

  async function start() {
    const state = createStateCache({ db: test.db, inventory: createTestInventory(devices), logger: silentLogger, persistIntervalMs: 60_000 });
    await state.load();
    const ingest = createIngest({ db: test.db, state, logger: silentLogger, flushIntervalMs: 60_000 });
    return {
      state,
      ingest,
      async stop() {
        await ingest.close();
        await state.close();
      },
    };
  }

  /** A car state made at `deviceTimeMs` on the car's clock and received at `receivedAtMs`. */
  function car(sequence: number, deviceTimeMs: number, receivedAtMs: number, changes: TestCarChanges = {}): DeviceMessage {
    return carStateMessage(testCarState('car-1', sequence, { ...changes, deviceTimeMs }), receivedAtMs);
  }

  async function history(deviceId = 'car-1'): Promise<HistoryRow[]> {
    const { rows } = await test.db.query<HistoryRow>(
      `select boot_id, sequence::float8 as sequence, (extract(epoch from occurred_at) * 1000)::float8 as occurred_at_ms,
              (payload -> 'position' ->> 'speedKmh')::float8 as speed
         from telemetry where device_id = $1 and channel = 'mqtt:state' order by occurred_at, sequence`,
      [deviceId],
    );
    return [...rows];
  }

  const carState = (detail: ReturnType<ReturnType<typeof createStateCache>['detail']>): CarState | null => (detail?.kind === 'car' ? detail.state : null);

  it('records a duplicate once, in memory and, across a restart, by the table', async () => {
    const first = await start();
    first.ingest.accept(car(1, T, T + 40, { speedKmh: 10 }));
    first.ingest.accept(car(2, T + 5000, T + 5040, { speedKmh: 20 }));
    // The same boot and sequence again, even with other content, is the same message.
    first.ingest.accept(car(2, T + 5000, T + 6000, { speedKmh: 99 }));
    first.ingest.accept(car(1, T, T + 7000, { speedKmh: 10 }));
    expect(first.ingest.stats()).toMatchObject({ accepted: 4, duplicates: 2 });
    expect(carState(first.state.detail('car-1'))).toMatchObject({ sequence: 2, position: { speedKmh: 20 } });
    expect(first.state.detail('car-1')?.lastSeenAt).toBe(new Date(T + 5040).toISOString());
    await first.stop();

    const second = await start();
    second.ingest.accept(car(2, T + 5000, T + 60_000, { speedKmh: 20 }));
    second.ingest.accept(car(1, T, T + 60_001, { speedKmh: 10 }));
    second.ingest.accept(car(3, T + 10_000, T + 60_002, { speedKmh: 30 }));
    await second.ingest.flush();
    expect(second.ingest.stats()).toMatchObject({ accepted: 3, written: 1, duplicates: 2 });
    expect((await history()).map((row) => [row.sequence, row.speed])).toEqual([[1, 10], [2, 20], [3, 30]]);
    expect(carState(second.state.detail('car-1'))).toMatchObject({ sequence: 3 });
    await second.stop();
  });

  it('records a resent OCPP message once per connection, and the same id on a new connection as new', async () => {
    const { ingest, stop } = await start();
    const status = (messageId: string, bootId: string, status: string): DeviceMessage => ({
      deviceId: 'cp-1',
      kind: 'chargePoint',
      receivedAtMs: T,
      deviceTime: new Date(T).toISOString(),
      bootId,
      sequence: null,
      messageId,
      channel: 'ocpp:StatusNotification',
      payload: { connectorId: 1, errorCode: 'NoError', status, timestamp: new Date(T).toISOString() },
    });
    ingest.accept(status('m-1', 'connection-1', 'Charging'));
    ingest.accept(status('m-1', 'connection-1', 'Charging'));
    ingest.accept(status('m-2', 'connection-1', 'Finishing'));
    // Message ids only have to be unique within a connection: a new one may start again.
    ingest.accept(status('m-1', 'connection-2', 'Available'));
    await ingest.flush();
    expect(ingest.stats()).toMatchObject({ accepted: 4, written: 3, duplicates: 1 });
    const { rows } = await test.db.query<{ message_id: string; boot_id: string }>(
      "select message_id, boot_id from telemetry where device_id = 'cp-1' order by boot_id, message_id",
    );
    expect(rows).toEqual([
      { message_id: 'm-1', boot_id: 'connection-1' },
      { message_id: 'm-2', boot_id: 'connection-1' },
      { message_id: 'm-1', boot_id: 'connection-2' },
    ]);
    await stop();
  });

  it('never rolls the state back: a lower sequence, an older boot by its time, a boot left behind', async () => {
    const { state, ingest, stop } = await start();
    ingest.accept(car(10, T, T + 50, { speedKmh: 10 }));
    ingest.accept(car(9, T - 5000, T + 100, { speedKmh: 9 }));
    expect(carState(state.detail('car-1'))).toMatchObject({ bootId: 'boot-1', sequence: 10 });
    // An unknown boot whose corrected time is older: the device ran it before.
    ingest.accept(car(500, T - 3_600_000, T + 200, { bootId: 'boot-0', speedKmh: 50 }));
    expect(carState(state.detail('car-1'))).toMatchObject({ bootId: 'boot-1', sequence: 10 });
    // A newer boot takes over, even with its numbering started again.
    ingest.accept(car(0, T + 20_000, T + 20_050, { bootId: 'boot-2', speedKmh: 0 }));
    expect(carState(state.detail('car-1'))).toMatchObject({ bootId: 'boot-2', sequence: 0 });
    // The boot it moved on from never comes back, whatever its clock says.
    ingest.accept(car(11, T + 30_000, T + 30_050, { speedKmh: 11 }));
    expect(carState(state.detail('car-1'))).toMatchObject({ bootId: 'boot-2', sequence: 0 });
    await ingest.flush();
    expect((await history()).map((row) => `${row.boot_id}/${row.sequence}`)).toEqual(['boot-0/500', 'boot-1/9', 'boot-1/10', 'boot-2/0', 'boot-1/11']);
    await stop();
  });

  it('takes a backlog of hours into history in order and the state from its newest message', async () => {
    const { state, ingest, stop } = await start();
    ingest.accept(car(0, T, T + 40));
    // Five hours underground: a state every 5 s, queued, then delivered at once on the way out.
    const back = T + 5 * 3_600_000 + 5000;
    const backlog: DeviceMessage[] = [];
    for (let sequence = 1; sequence <= 3600; sequence++) backlog.push({ ...car(sequence, T + sequence * 5000, back, { speedKmh: sequence % 50 }), isBacklog: true });
    for (const message of backlog) ingest.accept(message);
    ingest.accept(car(3601, back, back + 40, { speedKmh: 7 }));
    expect(carState(state.detail('car-1'))).toMatchObject({ sequence: 3601, position: { speedKmh: 7 } });
    // The backlog says nothing of the clock: the offset comes from the live messages (40 ms on the way).
    expect(state.detail('car-1')?.clockOffsetMs).toBe(-40);
    await ingest.flush();
    const rows = await history();
    expect(rows).toHaveLength(3602);
    expect(rows.map((row) => row.sequence)).toEqual(Array.from({ length: 3602 }, (_, index) => index));
    expect(rows[1800]?.occurred_at_ms).toBe(T + 1800 * 5000 + 40);

    // The same backlog delivered again (the car did not get the acknowledgement) changes nothing.
    for (const message of backlog.slice(0, 100)) ingest.accept({ ...message, receivedAtMs: back + 10_000 });
    await ingest.flush();
    expect(await history()).toHaveLength(3602);
    expect(carState(state.detail('car-1'))).toMatchObject({ sequence: 3601 });
    await stop();
  });

  it('repairs a lost message with the next full state and shows the gap in history', async () => {
    const { state, ingest, stop } = await start();
    ingest.accept(car(11, T, T));
    ingest.accept(car(12, T + 5000, T + 5000));
    ingest.accept(car(15, T + 20_000, T + 20_000, { plugged: true, charging: true }));
    expect(state.detail('car-1')?.status).toBe('charging');
    await ingest.flush();
    expect(await sequenceGaps(test.db, 'car-1')).toEqual([{ bootId: 'boot-1', afterSequence: 12, nextSequence: 15, missing: 2 }]);
    // One of the two arrives after all: the gap shrinks by itself.
    ingest.accept(car(13, T + 10_000, T + 30_000));
    await ingest.flush();
    expect(await sequenceGaps(test.db, 'car-1')).toEqual([{ bootId: 'boot-1', afterSequence: 13, nextSequence: 15, missing: 1 }]);
    expect(await sequenceGaps(test.db, 'car-1', { fromMs: T + 15_000, toMs: T + 60_000 })).toEqual([]);
    await stop();
  });

  it("estimates a clock's offset from its least delayed live message, places events with it and flags a clock far off", async () => {
    const { state, ingest, stop } = await start();
    const offset = 10 * 60_000;
    const delays = [300, 120, 800, 20, 450, 95, 2000, 60];
    delays.forEach((delay, index) => ingest.accept(car(index, T + index * 5000 + offset, T + index * 5000 + delay)));
    expect(state.detail('car-1')?.clockOffsetMs).toBe(offset - 20);
    expect(state.detail('car-1')?.isClockFarOff).toBe(true);
    // Queued states published late on the live topic only give smaller samples: the estimate holds.
    for (let sequence = 8; sequence < 40; sequence++) ingest.accept(car(sequence, T + sequence * 5000 + offset, T + 300_000));
    expect(state.detail('car-1')?.clockOffsetMs).toBe(offset - 20);

    // A car two seconds ahead is not flagged.
    ingest.accept(carStateMessage(testCarState('car-2', 1, { deviceTimeMs: T + 2000 }), T + 30));
    expect(state.detail('car-2')).toMatchObject({ clockOffsetMs: 1970, isClockFarOff: false });
    await ingest.flush();
    const rows = await history();
    // Each row is placed on the backend's timeline: the device time minus the estimate at the time.
    expect(rows[3]?.occurred_at_ms).toBe(T + 3 * 5000 + 20);
    expect(rows[39]?.occurred_at_ms).toBe(T + 39 * 5000 + 20);
    await state.flush();
    const stored = await test.db.query<{ clock_offset_ms: number }>("select clock_offset_ms::float8 as clock_offset_ms from device_state where device_id = 'car-1'");
    expect(stored.rows[0]?.clock_offset_ms).toBe(offset - 20);
    await stop();
  });

  it("records each sensor transition once, at its true time, across lost messages, a clock offset and a restart", async () => {
    const offset = 60_000;
    /** Sent `atMs` after T (car clock `offset` ahead), received on time; the other sensors unchanged for 1,000 s before T. */
    const sent = (sequence: number, atMs: number, value: boolean, sinceSeconds: number, receivedAtMs = T + atMs) => {
      const held = { value: false, sinceSeconds: Math.floor((atMs + 1_000_000) / 1000) };
      const sensors = { doorsOpen: held, locked: held, charging: held, ignition: held, plugged: { value, sinceSeconds } };
      return car(sequence, T + atMs + offset, receivedAtMs, { sensors });
    };
    const first = await start();
    first.ingest.accept(sent(1, 0, false, 100));
    // Sequence 2 (plugged, 3 s) is lost; 3 shows the new value held for longer.
    first.ingest.accept(sent(3, 10_000, true, 8));
    first.ingest.accept(sent(4, 15_000, true, 13));
    // Whole seconds, rounded down: the same transition seen a second later.
    first.ingest.accept(sent(5, 20_900, true, 18));
    await first.stop();

    const second = await start();
    second.ingest.accept(sent(6, 25_000, true, 23));
    // The lost message turns up after all, late.
    second.ingest.accept(sent(2, 5000, true, 3, T + 26_000));
    // Unplugged and plugged again between two messages: both changes were real, only the last is seen.
    second.ingest.accept(sent(7, 30_000, false, 1));
    second.ingest.accept(sent(8, 40_000, true, 2));
    await second.stop();

    const transitions = await sensorTransitions(test.db, 'car-1', 'plugged');
    expect(transitions.map((transition) => [transition.value, transition.changedAt, transition.sequence])).toEqual([
      [false, new Date(T - 100_000).toISOString(), 1],
      [true, new Date(T + 2000).toISOString(), 3],
      [false, new Date(T + 29_000).toISOString(), 7],
      [true, new Date(T + 38_000).toISOString(), 8],
    ]);
    expect(transitions[1]?.deviceChangedAt).toBe(new Date(T + 2000 + offset).toISOString());
    // Every other sensor held its value all along: one transition each, recorded by the first message.
    const all = await sensorTransitions(test.db, 'car-1');
    expect(all.filter((transition) => transition.sensor !== 'plugged').map((transition) => transition.sequence)).toEqual([1, 1, 1, 1]);
  });

  it('records every change of a sensor flapping faster than whole seconds can tell, each once, across a restart', async () => {
    const held = { value: false, sinceSeconds: 1000 };
    /** The door changed just as each message was sent, every 250 ms. */
    const flap = (sequence: number, receivedAtMs?: number) => {
      const atMs = sequence * 250;
      const doorsOpen = { value: sequence % 2 === 1, sinceSeconds: 0 };
      return car(sequence, T + atMs, receivedAtMs ?? T + atMs, { sensors: { doorsOpen, locked: held, charging: held, ignition: held, plugged: held } });
    };
    const first = await start();
    for (let sequence = 1; sequence <= 6; sequence++) first.ingest.accept(flap(sequence));
    // The same message twice over the network is one change.
    first.ingest.accept(flap(6));
    await first.stop();
    const second = await start();
    // A change the first run recorded, arriving late from a slow link, is not recorded again.
    second.ingest.accept(flap(3, T + 9000));
    second.ingest.accept(flap(7));
    await second.stop();

    const transitions = await sensorTransitions(test.db, 'car-1', 'doorsOpen');
    expect(transitions.map((transition) => [transition.value, transition.sequence, transition.changedAt])).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((sequence) => [sequence % 2 === 1, sequence, new Date(T + sequence * 250).toISOString()]),
    );
  });
});
