import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_PERMISSIONS, mayDo } from '../../shared/alarms.js';
import type { Alarm, AlarmAction, AlarmType } from '../../shared/alarms.js';
import type { OperatorIdentity } from '../../shared/console-api.js';
import { OPERATOR_ROLES } from '../../shared/fleet.js';
import { createOperators } from '../operators/index.js';
import { createTestInventory } from '../state/test-support.js';
import { openTestDatabase, silentLogger, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { readAudit } from './audit.js';
import { createAlarmService } from './service.js';
import type { AlarmService } from './service.js';
import { addTestOperators, alarmTestDevices, manualTime } from './testing.js';
import type { AlarmTestOperators, ManualTime } from './testing.js';

const T0 = Date.UTC(2024, 5, 1, 8);

describe.each(testEngines())('operators acting on alarms on $name', (engine) => {
  let test: TestDatabase;
  let people: AlarmTestOperators;
  let service: AlarmService;
  let time: ManualTime;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    const operators = createOperators(test.db);
    people = await addTestOperators(operators);
    time = manualTime(T0);
    service = createAlarmService({ db: test.db, inventory: createTestInventory(alarmTestDevices), operators, logger: silentLogger, now: time.now, timers: time.timers });
    await service.load();
  });

  afterAll(async () => {
    await service.close();
    await test.cleanup();
  });

  async function raised(deviceId: string, type: AlarmType): Promise<Alarm> {
    service.raise({ deviceId, type, message: `${type} on ${deviceId}`, atMs: time.now() });
    await service.flush();
    const alarm = service.open().find((candidate) => candidate.deviceId === deviceId && candidate.type === type);
    if (!alarm) throw new Error(`no ${type} alarm on ${deviceId}`);
    return alarm;
  }

  it('refuses to acknowledge a critical alarm without a comment, while the others in the call go through', async () => {
    const fault = await raised('car-1', 'deviceFault');
    const battery = await raised('car-1', 'lowBattery');
    const offline = await raised('cp-1', 'offline');
    expect(fault.severity).toBe('critical');

    const answer = await service.acknowledge(people.dispatcher, [fault.id, battery.id, offline.id, 999_999]);
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.alarms.map((alarm) => alarm.id).sort()).toEqual([battery.id, offline.id].sort());
    expect(answer.value.alarms.every((alarm) => alarm.isAcknowledged && alarm.acknowledgedBy === 'dispatcher-1')).toBe(true);
    expect(answer.value.refused).toEqual([
      { alarmId: fault.id, reason: expect.stringMatching(/critical.*comment/) },
      { alarmId: 999_999, reason: 'there is no such alarm' },
    ]);
    expect(service.open().find((alarm) => alarm.id === fault.id)?.isAcknowledged).toBe(false);

    const again = await service.acknowledge(people.supervisor, [battery.id]);
    expect(again.ok && again.value.refused).toEqual([{ alarmId: battery.id, reason: 'dispatcher-1 acknowledged it already' }]);

    const withComment = await service.acknowledge(people.supervisor, [fault.id], '  Technician sent; cable replaced  ');
    if (!withComment.ok) throw new Error(withComment.error.message);
    expect(withComment.value.alarms[0]).toMatchObject({ id: fault.id, isAcknowledged: true, commentCount: 1, acknowledgedBy: 'supervisor-1' });
    const detail = await service.get(fault.id);
    const events = detail.ok ? detail.value.events : [];
    expect(events.slice(-2).map((event) => [event.kind, event.text, event.by])).toEqual([
      ['commented', 'Technician sent; cable replaced', 'supervisor-1'],
      ['acknowledged', 'Technician sent; cable replaced', 'supervisor-1'],
    ]);
  });

  it('lets each role do what ALARM_PERMISSIONS says, and answers the others forbidden with a reason', async () => {
    const alarm = await raised('car-2', 'clockOffset');
    const everyone: readonly OperatorIdentity[] = [people.admin, people.dispatcher, people.supervisor, people.support];
    expect(everyone.map((operator) => operator.role).sort()).toEqual([...OPERATOR_ROLES].sort());
    const attempts: Record<AlarmAction, (operator: OperatorIdentity) => Promise<{ ok: boolean; error?: { code: string; message: string } }>> = {
      comment: (operator) => service.comment(operator, alarm.id, `seen by ${operator.username}`),
      acknowledge: (operator) => service.acknowledge(operator, [alarm.id]),
      assign: (operator) => service.assign(operator, [alarm.id], operator.username),
      maintenance: (operator) => service.createMaintenance(operator, { deviceId: 'car-12', startsAtMs: time.now() + 3600_000, endsAtMs: time.now() + 7200_000, reason: 'battery swap' }),
    };
    for (const action of Object.keys(ALARM_PERMISSIONS).filter((name): name is AlarmAction => name in attempts)) {
      for (const operator of everyone) {
        const result = await attempts[action](operator);
        if (mayDo(operator.role, action)) expect(result.ok, `${operator.role} ${action}`).toBe(true);
        else expect(result.error, `${operator.role} ${action}`).toEqual({ code: 'forbidden', message: expect.stringContaining(`The ${operator.role} role may not`) });
      }
    }
  });

  it('assigns to existing operators only, or to nobody, and leaves closed alarms out', async () => {
    const first = await raised('car-3', 'staleSensor');
    const second = await raised('car-4', 'staleSensor');
    const unknown = await service.assign(people.supervisor, [first.id], 'nobody-here');
    expect(unknown).toEqual({ ok: false, error: { code: 'invalid', message: 'No operator is named nobody-here' } });

    const assigned = await service.assign(people.supervisor, [first.id, second.id], 'Support-1');
    if (!assigned.ok) throw new Error(assigned.error.message);
    expect(assigned.value.alarms.map((alarm) => alarm.assignee)).toEqual(['support-1', 'support-1']);

    const unassigned = await service.assign(people.dispatcher, [first.id], null);
    expect(unassigned.ok && unassigned.value.alarms[0]?.assignee).toBeNull();

    // Closed: cleared and acknowledged.
    service.clear({ deviceId: 'car-4', type: 'staleSensor', atMs: time.now() });
    await service.acknowledge(people.dispatcher, [second.id]);
    expect(service.open().some((alarm) => alarm.id === second.id)).toBe(false);
    const onClosed = await service.assign(people.supervisor, [second.id], 'admin-1');
    expect(onClosed.ok ? null : onClosed.error.code).toBe('notFound');

    const detail = await service.get(first.id);
    const assignments = detail.ok ? detail.value.events.filter((event) => event.kind === 'assigned').map((event) => [event.text, event.by]) : [];
    expect(assignments).toEqual([
      ['support-1', 'supervisor-1'],
      [null, 'dispatcher-1'],
    ]);
  });

  it('counts comments, takes them on closed alarms too, and answers notFound for an unknown alarm', async () => {
    const alarm = await raised('car-5', 'offline');
    const commented = await service.comment(people.support, alarm.id, 'Customer says the car is in a garage');
    if (!commented.ok) throw new Error(commented.error.message);
    expect(commented.value.alarm).toMatchObject({ commentCount: 1, revision: 2 });
    expect(commented.value.events.at(-1)).toMatchObject({ kind: 'commented', by: 'support-1', text: 'Customer says the car is in a garage' });
    expect(service.open().find((candidate) => candidate.id === alarm.id)?.commentCount).toBe(1);

    const missing = await service.comment(people.support, 999_999, 'hello');
    expect(missing.ok ? null : missing.error.code).toBe('notFound');
  });

  it('writes every operator action to the audit log, with the change', async () => {
    const alarm = await raised('car-6', 'authFailures');
    await service.comment(people.dispatcher, alarm.id, 'Looking into it');
    await service.assign(people.dispatcher, [alarm.id], 'dispatcher-1');
    await service.acknowledge(people.dispatcher, [alarm.id], 'Password reset');
    const audit = await readAudit(test.db, { target: `alarm:${alarm.id}` });
    expect(audit.map((entry) => [entry.action, entry.operator])).toEqual([
      ['alarm:acknowledge', 'dispatcher-1'],
      ['alarm:assign', 'dispatcher-1'],
      ['alarm:comment', 'dispatcher-1'],
    ]);
    expect(audit[0]?.details).toEqual({ comment: 'Password reset', isClosing: false });
    expect(audit[0]?.atMs).toBe(time.now());

    const refused = await service.acknowledge(people.support, [alarm.id]);
    expect(refused.ok).toBe(false);
    expect(await readAudit(test.db, { target: `alarm:${alarm.id}` })).toHaveLength(3);
  });

  it('lists every operator as an assignee', async () => {
    const { operators } = await service.assignees();
    expect(operators).toEqual(expect.arrayContaining([{ username: 'supervisor-1', role: 'supervisor' }, { username: 'support-1', role: 'support' }]));
  });
});
