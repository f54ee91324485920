import http from 'node:http';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmChanges, AlarmSnapshot } from '../../shared/alarms.js';
import { CONSOLE_NAMESPACE } from '../../shared/console-api.js';
import type { ConsoleAnswers, ConsoleRequestName, OperatorIdentity } from '../../shared/console-api.js';
import type { Result } from '../../shared/result.js';
import { createAlarmService } from '../alarms/index.js';
import type { AlarmService } from '../alarms/index.js';
import { addTestOperators, alarmTestDevices, testOperatorTokens } from '../alarms/testing.js';
import type { AlarmTestOperators } from '../alarms/testing.js';
import { createOperators } from '../operators/index.js';
import { createStateCache } from '../state/index.js';
import type { StateCache } from '../state/index.js';
import { createTestInventory, eventually, insertDevices, listenLocally } from '../state/test-support.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { attachConsoleHub } from './index.js';
import type { ConsoleHub } from './index.js';

describe.each(testEngines())('alarm calls and pushes of the console hub on $name', (engine) => {
  let test: TestDatabase;
  let state: StateCache;
  let alarms: AlarmService;
  let server: http.Server;
  let hub: ConsoleHub;
  let url: string;
  let people: AlarmTestOperators;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await insertDevices(test.db, alarmTestDevices);
    const inventory = createTestInventory(alarmTestDevices);
    const operators = createOperators(test.db);
    people = await addTestOperators(operators);
    const tokens = testOperatorTokens(people);
    state = createStateCache({ db: test.db, inventory, logger: silentLogger });
    await state.load();
    alarms = createAlarmService({ db: test.db, inventory, operators, logger: silentLogger });
    await alarms.load();
    server = http.createServer((_request, response) => response.writeHead(404).end());
    hub = attachConsoleHub({ server, state, db: test.db, inventory, tokens, logger: silentLogger, allowedOrigins: [], alarms });
    url = `http://127.0.0.1:${await listenLocally(server)}${CONSOLE_NAMESPACE}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await hub.close();
    await new Promise((resolve) => server.close(resolve));
    await alarms.close();
    await state.close();
    await test.cleanup();
  });

  interface Console {
    readonly snapshots: AlarmSnapshot[];
    readonly changes: AlarmChanges[];
    call<Name extends ConsoleRequestName>(name: Name, request: unknown): Promise<Result<ConsoleAnswers[Name]>>;
  }

  async function consoleOf(operator: OperatorIdentity): Promise<Console> {
    // Untyped on purpose: requests go out as a console could send anything, and the hub must not trust their shape.
    const socket: Socket = connect(url, { path: '/socket.io', auth: { token: `token-of-${operator.username}` }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const snapshots: AlarmSnapshot[] = [];
    const changes: AlarmChanges[] = [];
    socket.on('alarms:snapshot', (snapshot: AlarmSnapshot) => snapshots.push(snapshot));
    socket.on('alarms:changes', (batch: AlarmChanges) => changes.push(batch));
    await eventually(() => snapshots.length > 0, 'an alarm snapshot');
    return {
      snapshots,
      changes,
      call: (name, request) => new Promise((resolve) => socket.emit(name, request, resolve)),
    };
  }

  it('sends every open alarm on connect, then the changes after a raise and an acknowledgement', async () => {
    const now = Date.now();
    alarms.raise({ deviceId: 'car-1', type: 'offline', message: 'Silent for 5 min', atMs: now });
    await alarms.flush();
    const dispatcher = await consoleOf(people.dispatcher);
    expect(dispatcher.snapshots[0]?.alarms.map((alarm) => [alarm.deviceId, alarm.type])).toEqual([['car-1', 'offline']]);
    expect(dispatcher.snapshots[0]?.maintenance).toEqual([]);

    alarms.raise({ deviceId: 'cp-1', type: 'deviceFault', message: 'GroundFailure', atMs: now });
    await eventually(() => dispatcher.changes.some((batch) => batch.alarms.some((alarm) => alarm.deviceId === 'cp-1')), 'the new alarm pushed');
    const fault = dispatcher.changes.flatMap((batch) => batch.alarms).find((alarm) => alarm.deviceId === 'cp-1');
    if (!fault) throw new Error('no fault alarm');
    expect(fault).toMatchObject({ severity: 'critical', occurrences: 1, isAcknowledged: false });

    const answer = await dispatcher.call('alarm:acknowledge', { alarmIds: [fault.id], comment: 'Technician on the way' });
    expect(answer.ok && answer.value.alarms[0]?.isAcknowledged).toBe(true);
    await eventually(() => dispatcher.changes.some((batch) => batch.alarms.some((alarm) => alarm.id === fault.id && alarm.isAcknowledged)), 'the acknowledgement pushed');

    const detail = await dispatcher.call('alarm:get', { alarmId: fault.id });
    expect(detail.ok && detail.value.events.map((event) => event.kind)).toEqual(['raised', 'commented', 'acknowledged']);
  });

  it('batches a burst so that each alarm comes once per push, in its newest form', async () => {
    const watcher = await consoleOf(people.supervisor);
    const before = watcher.changes.length;
    for (let round = 0; round < 10; round += 1) {
      for (const deviceId of ['car-2', 'car-3', 'car-4']) alarms.raise({ deviceId, type: 'flapping', message: `round ${round}`, atMs: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await alarms.flush();
    await eventually(() => watcher.changes.slice(before).flatMap((batch) => batch.alarms).some((alarm) => alarm.deviceId === 'car-4' && alarm.occurrences === 10), 'the last occurrences pushed');
    for (const batch of watcher.changes.slice(before)) {
      const ids = batch.alarms.map((alarm) => alarm.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(watcher.changes.length - before).toBeLessThan(30);
  });

  it('answers invalid requests with what is wrong, and forbidden actions with why', async () => {
    const support = await consoleOf(people.support);
    const empty = await support.call('alarm:acknowledge', { alarmIds: [] });
    expect(empty).toEqual({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/^Invalid alarm:acknowledge request: alarmIds: /) } });
    const both = await support.call('maintenance:create', { deviceId: 'car-1', stationId: 'st-1', startsAtMs: 1, endsAtMs: 2, reason: 'x' });
    expect(both).toEqual({ ok: false, error: { code: 'invalid', message: 'Invalid maintenance:create request: give either deviceId or stationId' } });
    const wrongType = await support.call('alarm:get', { alarmId: 'one' });
    expect(wrongType.ok ? null : wrongType.error.message).toMatch(/^Invalid alarm:get request: alarmId: /);
    const forbidden = await support.call('alarm:acknowledge', { alarmIds: [1] });
    expect(forbidden).toEqual({ ok: false, error: { code: 'forbidden', message: 'The support role may not acknowledge alarms.' } });
  });

  it('plans maintenance, lists assignees, reviews and lists through the calls, and pushes the windows', async () => {
    const supervisor = await consoleOf(people.supervisor);
    const now = Date.now();
    const created = await supervisor.call('maintenance:create', { stationId: 'st-2', startsAtMs: now, endsAtMs: now + 3600_000, reason: 'Pillars rewired' });
    if (!created.ok) throw new Error(created.error.message);
    await eventually(() => supervisor.changes.some((batch) => batch.maintenance?.some((window) => window.id === created.value.id) === true), 'the window pushed');
    const listed = await supervisor.call('maintenance:list', {});
    expect(listed.ok && listed.value.windows.map((window) => window.id)).toEqual([created.value.id]);
    const ended = await supervisor.call('maintenance:end', { windowId: created.value.id });
    expect(ended.ok && ended.value.endedAtMs).toBeGreaterThanOrEqual(now);

    const assignees = await supervisor.call('alarm:assignees', {});
    expect(assignees.ok && assignees.value.operators.map((operator) => operator.username)).toContain('support-1');
    const review = await supervisor.call('alarm:review', { fromMs: now - 3600_000, toMs: now + 3600_000, bucketMs: 600_000 });
    expect(review.ok && review.value.buckets).toHaveLength(12);
    const list = await supervisor.call('alarm:list', { fromMs: 0, toMs: now + 3600_000 });
    expect(list.ok && list.value.alarms.length).toBeGreaterThanOrEqual(5);
    const [first] = list.ok ? list.value.alarms : [];
    if (!first) throw new Error('no alarm listed');
    const assigned = await supervisor.call('alarm:assign', { alarmIds: [first.id], assignee: 'support-1' });
    expect(assigned.ok && assigned.value.alarms[0]?.assignee).toBe('support-1');
    const commented = await supervisor.call('alarm:comment', { alarmId: first.id, text: 'Same as last week' });
    expect(commented.ok && commented.value.alarm.commentCount).toBe(1);
  });
});
