/**
 * Issue 3's "done when": the simulator's cars (MQTT) and charge points (OCPP 1.6J through ocpp-rpc, a
 * third-party client) fed every fault, against the real backend on each engine. Each test checks what
 * the backend recorded — history rows, gaps, sensor transitions — and the current state a console reads,
 * against what the simulator says it did (its sequences, its counters, its flips).
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deviceHistory, repeatedMessages } from '../backend/ingest/history-queries.js';
import type { HistoryRecord } from '../backend/ingest/history-queries.js';
import { statusNotificationSchema } from '../backend/ingest/message.js';
import { sensorTransitions, sequenceGaps } from '../backend/ingest/queries.js';
import { testEngines } from '../backend/store/testing.js';
import { carStateSchema } from '../shared/car-protocol.js';
import type { CarState } from '../shared/car-protocol.js';
import { flapPhase } from '../simulator/faults/car-faults.js';
import { ShareGate } from '../simulator/faults/registry.js';
import type { CarHandle, ChargePointHandle } from '../simulator/index.js';
import { arrivalOrder, connectDeviceReader } from './support/device-reader.js';
import type { DeviceReader } from './support/device-reader.js';
import { startSystem } from './support/system.js';
import type { RunningSystem } from './support/system.js';

const CAR_STATE_INTERVAL_MS = 1_000;
const SKEW_SECONDS = 900;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, index) => from + index);

describe.each(testEngines())('faults injected by the simulator, as the backend records them, on $name', (engine) => {
  let system: RunningSystem;
  let reader: DeviceReader;
  let cars: string[] = [];
  /** Charge points idle at the start (no meter values of their own to get in the way), one per test. */
  let chargePoints: string[] = [];
  let allChargePoints: string[] = [];

  beforeAll(async () => {
    system = await startSystem({
      engine,
      fleet: { stations: 8, cars: 9, chargePoints: 24 },
      carStateIntervalMs: CAR_STATE_INTERVAL_MS,
      // Parked cars: the world changes no sensor behind a test's back.
      drivingShare: 0,
      ocppPingIntervalSeconds: 1,
      keepaliveSeconds: 2,
    });
    await system.waitUntilAllOnline();
    cars = system.network.devices.filter((device) => device.kind === 'car').map((device) => device.id);
    allChargePoints = system.network.devices.filter((device) => device.kind === 'chargePoint').map((device) => device.id);
    chargePoints = allChargePoints.filter((id) => worldStatus(id) === 'Available');
    if (chargePoints.length < 7) throw new Error(`only ${chargePoints.length} charge points are idle`);
    reader = await connectDeviceReader(system);
  }, 180_000);

  afterEach(() => {
    system.simulation.faults.clear();
  });

  afterAll(async () => {
    reader?.close();
    await system?.close();
  });

  const detail = (deviceId: string) => reader.detail(deviceId);
  const carState = (deviceId: string) => reader.carState(deviceId);
  const chargePointState = (deviceId: string) => reader.chargePointState(deviceId);
  function car(index: number): CarHandle {
    const handle = system.simulation.car(cars[index] ?? '');
    if (!handle) throw new Error(`no car #${index}`);
    return handle;
  }
  function chargePoint(index: number): ChargePointHandle {
    const handle = system.simulation.chargePoint(chargePoints[index] ?? '');
    if (!handle) throw new Error(`no charge point #${index}`);
    return handle;
  }
  const worldStatus = (id: string) => system.simulation.world.chargePoints.get(id)?.status;
  const history = (deviceId: string, channels?: readonly string[]) => deviceHistory(system.backend.db, deviceId, channels);
  /** The car's state messages of its current boot, in the order they happened. */
  async function carHistory(handle: CarHandle): Promise<HistoryRecord[]> {
    return (await history(handle.id, ['mqtt:state'])).filter((row) => row.bootId === handle.bootId);
  }
  const sequences = (rows: readonly HistoryRecord[]) => rows.map((row) => row.sequence);
  /** Resolves once history holds every state the car has made so far, and its current state is the last. */
  async function settled(handle: CarHandle): Promise<void> {
    const last = handle.sequence - 1;
    await expect.poll(async () => (await carState(handle.id))?.sequence, { timeout: 10_000 }).toBeGreaterThanOrEqual(last);
    await expect.poll(async () => (await carHistory(handle)).some((row) => row.sequence === last), { timeout: 10_000 }).toBe(true);
  }
  /** The current state is exactly the newest message in history, as the car sent it (polled: the car keeps sending). */
  async function expectStateIsNewest(handle: CarHandle): Promise<void> {
    await settled(handle);
    await expect
      .poll(async () => {
        const state = await carState(handle.id);
        const rows = await carHistory(handle);
        const newest = rows.reduce((best, row) => ((row.sequence ?? -1) > (best.sequence ?? -1) ? row : best));
        return isDeepStrictEqual(state, carStateSchema.parse(newest.payload));
      }, { timeout: 10_000 })
      .toBe(true);
  }

  describe('cars over MQTT', () => {
    it('duplicate: each state sent twice (same boot and sequence) has one history row, and the state is as sent', async () => {
      const handle = car(0);
      const duplicatedBefore = system.simulation.stats().messagesDuplicated;
      const first = handle.sequence;
      system.simulation.faults.inject(handle.id, { kind: 'duplicate' });
      for (let count = 0; count < 4; count++) await handle.publishState();
      system.simulation.faults.clear(handle.id);
      const last = handle.sequence;
      await handle.publishState();
      await settled(handle);
      // Every state made under the fault went out twice, the periodic ones too.
      await expect.poll(() => system.simulation.stats().messagesDuplicated - duplicatedBefore).toBeGreaterThanOrEqual(last - first);
      const rows = await carHistory(handle);
      expect(sequences(rows.filter((row) => (row.sequence ?? -1) >= first))).toEqual(range(first, handle.sequence));
      expect(await repeatedMessages(system.backend.db, handle.id)).toEqual([]);
      await expectStateIsNewest(handle);
    });

    it('drop: the gaps in history are exactly the states the car dropped, and the next state repairs the current one', async () => {
      const handle = car(1);
      const droppedBefore = system.simulation.stats().messagesDropped;
      const first = handle.sequence;
      system.simulation.faults.inject(handle.id, { kind: 'drop', share: 0.5 });
      for (let count = 0; count < 7; count++) await handle.publishState();
      system.simulation.faults.clear(handle.id);
      const end = handle.sequence;
      // The simulator's share is exact, not random: replaying it over the same states names the lost ones.
      const gate = new ShareGate();
      const dropped = range(first, end).filter(() => gate.take(0.5));
      expect(system.simulation.stats().messagesDropped - droppedBefore).toBe(dropped.length);
      await handle.publishState();
      await expectStateIsNewest(handle);
      const gaps = await sequenceGaps(system.backend.db, handle.id);
      const missing = gaps.filter((gap) => gap.bootId === handle.bootId).flatMap((gap) => range(gap.afterSequence + 1, gap.nextSequence));
      expect(missing).toEqual(dropped);
      expect(gaps.every((gap) => gap.missing === gap.nextSequence - gap.afterSequence - 1)).toBe(true);
    });

    for (const [index, delivery] of [[2, 'history'], [3, 'state']] as const) {
      it(`backlog (${delivery} delivery): every queued state lands in history once, in order, and the current state is the newest`, async () => {
        const handle = car(index);
        const first = handle.sequence;
        system.simulation.faults.inject(handle.id, { kind: 'backlog', forMs: 3_000, delivery });
        await expect.poll(async () => (await detail(handle.id)).isOnline, { timeout: 5_000 }).toBe(false);
        // Out of coverage: the states queue (the periodic ones too).
        for (let count = 0; count < 3; count++) await handle.publishState();
        expect(handle.backlogSize).toBeGreaterThanOrEqual(3);
        await expect.poll(() => handle.backlogSize === 0 && handle.isConnected, { timeout: 15_000 }).toBe(true);
        await expect.poll(async () => (await detail(handle.id)).isOnline, { timeout: 5_000 }).toBe(true);
        await handle.publishState();
        await expectStateIsNewest(handle);
        const rows = (await carHistory(handle)).filter((row) => (row.sequence ?? -1) >= first - 1);
        expect(sequences(rows)).toEqual(range(first - 1, handle.sequence));
        expect(await sequenceGaps(system.backend.db, handle.id)).toEqual([]);
        expect(await repeatedMessages(system.backend.db, handle.id)).toEqual([]);
      });
    }

    it('clockSkew: the offset is stored near the skew, the car is flagged, and its history is placed at the true time', async () => {
      const handle = car(4);
      expect((await detail(handle.id)).isClockFarOff).toBe(false);
      // Simulated clocks are a little off (±2 s) before any fault: the skew comes on top.
      const trueOffsetMs = (system.simulation.world.cars.get(handle.id)?.clockOffsetMs ?? Number.NaN) + SKEW_SECONDS * 1000;
      const first = handle.sequence;
      system.simulation.faults.inject(handle.id, { kind: 'clockSkew', seconds: SKEW_SECONDS });
      for (let count = 0; count < 3; count++) await handle.publishState();
      await settled(handle);
      const found = await detail(handle.id);
      expect(found.isClockFarOff).toBe(true);
      // A lower bound by the network delay: the least delayed message is far less than a second late.
      expect(found.clockOffsetMs).toBeLessThanOrEqual(trueOffsetMs);
      expect(found.clockOffsetMs).toBeGreaterThan(trueOffsetMs - 1_000);
      const skewed = (await carHistory(handle)).filter((row) => (row.sequence ?? -1) >= first);
      expect(skewed.length).toBeGreaterThanOrEqual(3);
      for (const row of skewed) {
        // Made at the device time minus its true offset; placed by the estimate: no further off than the delay.
        const madeAtMs = (row.deviceTimeMs ?? Number.NaN) - trueOffsetMs;
        expect(row.occurredAtMs - madeAtMs).toBeGreaterThanOrEqual(0);
        expect(row.occurredAtMs - madeAtMs).toBeLessThan(1_000);
        expect(row.receivedAtMs).toBeGreaterThanOrEqual(madeAtMs);
      }
    });

    it('flapping: one sensor transition per flip the car made, each at the time of its flip', async () => {
      const handle = car(5);
      const sensor = 'doorsOpen';
      const truth = (await carState(handle.id))?.sensors[sensor].value;
      const everyMs = 1_000;
      // An even number of flips: the sensor ends where it started, so the truth reported afterwards is no change.
      const active = system.simulation.faults.inject(handle.id, { kind: 'flapping', sensor, everyMs, forMs: 4 * everyMs + everyMs / 2 });
      await expect.poll(() => system.simulation.faults.list().some((each) => each.id === active.id), { timeout: 10_000 }).toBe(false);
      const fault = { kind: 'flapping', sensor, everyMs } as const;
      const { flips } = flapPhase(fault, active.sinceMs, active.untilMs ?? 0);
      expect(flips).toBe(4);
      await handle.publishState();
      await settled(handle);
      const recorded = (await sensorTransitions(system.backend.db, handle.id, sensor)).filter((each) => Date.parse(each.changedAt) > active.sinceMs);
      expect(recorded.map((each) => each.value)).toEqual(range(1, flips + 1).map((flip) => (flip % 2 === 1 ? !truth : truth)));
      recorded.forEach((each, index) => {
        const flipMs = active.sinceMs + (index + 1) * everyMs;
        expect(Math.abs(Date.parse(each.changedAt) - flipMs)).toBeLessThan(1_000);
      });
    });

    it('impossible: a cable plugged in behind a hatch that never opened is recorded as the car said it', async () => {
      const handle = car(6);
      system.simulation.faults.inject(handle.id, { kind: 'impossible', combination: 'pluggedHatchClosed' });
      await handle.publishState();
      const sent = handle.sequence - 1;
      await settled(handle);
      const row = (await carHistory(handle)).filter((each) => each.sequence === sent);
      expect(row).toHaveLength(1);
      const said = (state: CarState | null) => {
        const sensors = state?.sensors;
        return [sensors?.plugged.value, sensors?.chargeHatchOpen?.value, (sensors?.chargeHatchOpen?.sinceSeconds ?? 0) > (sensors?.plugged.sinceSeconds ?? 0)];
      };
      expect(said(carStateSchema.parse(row[0]?.payload))).toEqual([true, false, true]);
      expect(said(await carState(handle.id))).toEqual([true, false, true]);
    });

    it('silent, keeping the connection: nothing is recorded, lastSeen stays frozen and the car stays online', async () => {
      const handle = car(7);
      system.simulation.faults.inject(handle.id, { kind: 'silent' });
      await sleep(500);
      const before = await detail(handle.id);
      const rowsBefore = (await history(handle.id)).length;
      // Longer than two state periods and a keep-alive ping.
      await sleep(2_500);
      const after = await detail(handle.id);
      expect([after.lastSeenAt, after.isOnline]).toEqual([before.lastSeenAt, true]);
      expect(await history(handle.id)).toHaveLength(rowsBefore);
      system.simulation.faults.clear(handle.id);
      await expect.poll(async () => (await detail(handle.id)).lastSeenAt, { timeout: 5_000 }).not.toBe(before.lastSeenAt);
    });

    it('silent, half-open: the broker’s keep-alive finds it, lastSeen stays frozen, and it comes back when the path does', async () => {
      const handle = car(8);
      system.simulation.faults.inject(handle.id, { kind: 'silent', mode: 'halfOpen' });
      await sleep(300);
      const before = await detail(handle.id);
      // Keep-alive 2 s: the broker gives up after 3 s of silence.
      await expect.poll(async () => (await detail(handle.id)).isOnline, { timeout: 10_000 }).toBe(false);
      expect((await detail(handle.id)).lastSeenAt).toBe(before.lastSeenAt);
      system.simulation.faults.clear(handle.id);
      await expect.poll(async () => (await detail(handle.id)).isOnline, { timeout: 15_000 }).toBe(true);
      expect(await repeatedMessages(system.backend.db, handle.id)).toEqual([]);
    });
  });

  describe('charge points over OCPP 1.6J (ocpp-rpc clients)', () => {
    // Not heartbeats: every charge point beats once a minute on its own, at any moment of a test. An idle
    // charge point sends statuses and meter values only when a test makes it.
    const recorded = ['ocpp:StatusNotification', 'ocpp:MeterValues'];
    /** The charge point's messages received after `sinceMs`. */
    async function received(id: string, sinceMs: number): Promise<HistoryRecord[]> {
      return (await history(id, recorded)).filter((row) => row.receivedAtMs >= sinceMs).sort((left, right) => left.receivedAtMs - right.receivedAtMs);
    }
    const connector = async (id: string) => (await chargePointState(id))?.connectors.find((each) => each.connectorId === 1);

    it('duplicate: a call resent with the same message id has one history row', async () => {
      const handle = chargePoint(0);
      const duplicatedBefore = system.simulation.stats().messagesDuplicated;
      const sinceMs = Date.now();
      system.simulation.faults.inject(handle.id, { kind: 'duplicate' });
      await handle.sendStatus(1);
      await handle.sendMeterValues();
      system.simulation.faults.clear(handle.id);
      // Each call was answered twice before the next went.
      expect(system.simulation.stats().messagesDuplicated - duplicatedBefore).toBe(2);
      const expected = ['StatusNotification:1', 'MeterValues'];
      await expect.poll(async () => arrivalOrder(await received(handle.id, sinceMs), expected), { timeout: 5_000 }).toEqual(expected);
      expect(await repeatedMessages(system.backend.db, handle.id)).toEqual([]);
      expect((await connector(handle.id))?.status).toBe(worldStatus(handle.id));
    });

    it('drop: a lost status leaves the state behind what the charge point said until the next one gets through; lost calls leave no trace', async () => {
      const handle = chargePoint(1);
      const droppedBefore = system.simulation.stats().messagesDropped;
      const everyMs = 1_000;
      // Six flips, Preparing, Available, …; every other call is lost while the drop lasts (flips 2 and 4,
      // both Available), and it ends before flip 5.
      const flapping = system.simulation.faults.inject(handle.id, { kind: 'flapping', everyMs, forMs: 6.5 * everyMs });
      system.simulation.faults.inject(handle.id, { kind: 'drop', share: 0.5, forMs: 4.2 * everyMs });
      const statusAt = async (afterFlips: number) => {
        await sleep(Math.max(0, flapping.sinceMs + afterFlips * everyMs - Date.now()));
        return (await connector(handle.id))?.status;
      };
      // Each Available lost: the state still says Preparing after it.
      expect(await statusAt(2.5)).toBe('Preparing');
      expect(await statusAt(4.5)).toBe('Preparing');
      expect(await statusAt(6.2)).toBe('Available');
      await expect.poll(() => system.simulation.faults.list().length, { timeout: 10_000 }).toBe(0);
      expect(system.simulation.stats().messagesDropped - droppedBefore).toBe(2);
      // Flips 1, 3, 5 and 6, then the true status when the flapping ends.
      await expect
        .poll(async () => (await received(handle.id, flapping.sinceMs)).map((row) => statusNotificationSchema.parse(row.payload).status), { timeout: 5_000 })
        .toEqual(['Preparing', 'Preparing', 'Preparing', 'Available', 'Available']);
      expect((await connector(handle.id))?.status).toBe(worldStatus(handle.id));
    });

    it('backlog: queued calls are recorded once each, in order, before the current status, which is the state', async () => {
      const handle = chargePoint(2);
      system.simulation.faults.inject(handle.id, { kind: 'backlog', forMs: 3_000 });
      await expect.poll(async () => (await detail(handle.id)).isOnline, { timeout: 5_000 }).toBe(false);
      const sinceMs = Date.now();
      await handle.sendStatus(1);
      await handle.sendMeterValues();
      await handle.sendStatus(1);
      expect(handle.backlogSize).toBe(3);
      await expect.poll(() => handle.backlogSize === 0 && handle.isAccepted, { timeout: 15_000 }).toBe(true);
      // The three queued calls, then the statuses that follow every boot (connector 0, then 1).
      const expected = ['StatusNotification:1', 'MeterValues', 'StatusNotification:1', 'StatusNotification:0', 'StatusNotification:1'];
      await expect.poll(async () => arrivalOrder(await received(handle.id, sinceMs), expected), { timeout: 5_000 }).toEqual(expected);
      const rows = await received(handle.id, sinceMs);
      // One connection after the return, every message once.
      expect(new Set(rows.map((row) => row.bootId)).size).toBe(1);
      expect(await repeatedMessages(system.backend.db, handle.id)).toEqual([]);
      expect((await connector(handle.id))?.status).toBe(worldStatus(handle.id));
      expect((await chargePointState(handle.id))?.connectors.map((each) => each.connectorId)).toEqual([0, 1]);
    });

    it('clockSkew: the offset is stored near the skew and the charge point is flagged', async () => {
      const handle = chargePoint(3);
      expect((await detail(handle.id)).isClockFarOff).toBe(false);
      const sinceMs = Date.now();
      system.simulation.faults.inject(handle.id, { kind: 'clockSkew', seconds: SKEW_SECONDS });
      await handle.sendMeterValues();
      await expect.poll(async () => (await detail(handle.id)).isClockFarOff, { timeout: 5_000 }).toBe(true);
      const found = await detail(handle.id);
      expect(found.clockOffsetMs).toBeLessThanOrEqual(SKEW_SECONDS * 1000);
      expect(found.clockOffsetMs).toBeGreaterThan(SKEW_SECONDS * 1000 - 1_000);
      await expect.poll(async () => (await received(handle.id, sinceMs)).length, { timeout: 5_000 }).toBe(1);
      const [row] = await received(handle.id, sinceMs);
      expect(Math.abs((row?.occurredAtMs ?? 0) - (row?.receivedAtMs ?? 0))).toBeLessThan(1_000);
    });

    it('flapping: the connector’s status in history follows every flip, dated from its flip, then the truth', async () => {
      const handle = chargePoint(4);
      const everyMs = 1_000;
      const active = system.simulation.faults.inject(handle.id, { kind: 'flapping', everyMs, forMs: 4 * everyMs + everyMs / 2 });
      await expect.poll(() => system.simulation.faults.list().some((each) => each.id === active.id), { timeout: 10_000 }).toBe(false);
      const statuses = ['Preparing', 'Available', 'Preparing', 'Available', 'Available'];
      const rows = async () => (await received(handle.id, active.sinceMs)).filter((row) => row.channel === 'ocpp:StatusNotification');
      await expect.poll(async () => (await rows()).map((row) => statusNotificationSchema.parse(row.payload).status), { timeout: 5_000 }).toEqual(statuses);
      (await rows()).slice(0, 4).forEach((row, flip) => expect(row.deviceTimeMs).toBe(active.sinceMs + (flip + 1) * everyMs));
      expect((await connector(handle.id))?.status).toBe('Available');
    });

    it('silent, keeping the connection: nothing is recorded, lastSeen stays frozen, and pings keep it online', async () => {
      const handle = chargePoint(6);
      system.simulation.faults.inject(handle.id, { kind: 'silent' });
      const before = await detail(handle.id);
      const rowsBefore = (await history(handle.id)).length;
      await handle.sendHeartbeat();
      await handle.sendStatus(1);
      // Several of the backend's pings, each answered.
      await sleep(2_500);
      const after = await detail(handle.id);
      expect([after.lastSeenAt, after.isOnline]).toEqual([before.lastSeenAt, true]);
      expect(await history(handle.id)).toHaveLength(rowsBefore);
      system.simulation.faults.clear(handle.id);
      await handle.sendHeartbeat();
      await expect.poll(async () => (await detail(handle.id)).lastSeenAt, { timeout: 5_000 }).not.toBe(before.lastSeenAt);
    });

    it('silent, half-open: the ping timeout finds it, lastSeen stays frozen, and it comes back when the path does', async () => {
      const handle = chargePoint(5);
      system.simulation.faults.inject(handle.id, { kind: 'silent', mode: 'halfOpen' });
      await sleep(300);
      const before = await detail(handle.id);
      // Pinged every second: the second unanswered ping drops it.
      await expect.poll(async () => (await detail(handle.id)).isOnline, { timeout: 10_000 }).toBe(false);
      expect((await detail(handle.id)).lastSeenAt).toBe(before.lastSeenAt);
      system.simulation.faults.clear(handle.id);
      await expect.poll(async () => (await detail(handle.id)).isOnline, { timeout: 15_000 }).toBe(true);
    });
  });

  it('reconnectStorm: every device back online, no message recorded twice, no state rolled back, and each connector as its charge point now says', async () => {
    // A connector that stopped flapping on a flip: the true status it reports next is dated from before
    // the flip, so on that connection the later-dated Preparing stands; its next connection restates it.
    const flapped = chargePoint(6);
    const flapping = system.simulation.faults.inject(flapped.id, { kind: 'flapping', everyMs: 500, forMs: 750 });
    await expect.poll(() => system.simulation.faults.list().some((each) => each.id === flapping.id), { timeout: 5_000 }).toBe(false);
    await sleep(300);
    expect([(await connector(flapped.id))?.status, worldStatus(flapped.id)]).toEqual(['Preparing', 'Available']);
    const before = new Map(await Promise.all(cars.map(async (id) => [id, (await carState(id))?.sequence ?? -1] as const)));
    system.simulation.faults.inject('*', { kind: 'reconnectStorm' });
    await expect.poll(() => system.simulation.stats().cars.connected + system.simulation.stats().chargePoints.connected, { timeout: 5_000 }).toBeLessThan(cars.length + allChargePoints.length);
    await system.waitUntilAllOnline(60_000);
    for (const id of cars) {
      const handle = system.simulation.car(id);
      if (!handle) throw new Error(`no car ${id}`);
      await settled(handle);
      expect((await carState(id))?.sequence).toBeGreaterThan(before.get(id) ?? Infinity);
      expect((await carState(id))?.bootId).toBe(handle.bootId);
    }
    for (const id of [...cars, ...allChargePoints]) expect(await repeatedMessages(system.backend.db, id)).toEqual([]);
    for (const id of allChargePoints) expect((await connector(id))?.status).toBe(worldStatus(id));
    // Only the two clocks skewed on purpose are flagged: a storm of reconnections misplaces no one.
    const flagged = [];
    for (const id of [...cars, ...allChargePoints]) if ((await detail(id)).isClockFarOff) flagged.push(id);
    expect(flagged.sort()).toEqual([cars[4], chargePoints[3]].sort());
    async function connector(id: string) {
      return (await chargePointState(id))?.connectors.find((each) => each.connectorId === 1);
    }
  });
});
