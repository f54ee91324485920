/**
 * The console's alarm calls and pushes. Each call is parsed with its schema in alarmRequests and
 * answered with a Result; who acts is the operator the connection logged in as. Consoles get every open
 * alarm on connect ('alarms:snapshot'), then the alarms that changed, each once in its newest form, in
 * windows of at most DELTA_WINDOW_MS ('alarms:changes').
 */
import type { Logger } from 'pino';
import { alarmRequests } from '../../shared/alarms.js';
import type { Alarm, AlarmChanges, AlarmSnapshot, MaintenanceWindow } from '../../shared/alarms.js';
import { DELTA_WINDOW_MS } from '../../shared/console-api.js';
import { success } from '../../shared/result.js';
import type { AlarmService } from '../alarms/index.js';
import { createAnswers, invalidRequest } from './calls.js';
import type { ConsoleSocket } from './calls.js';

export interface AlarmCallContext {
  readonly alarms: AlarmService;
  readonly logger: Logger;
}

export function handleAlarmCalls(socket: ConsoleSocket, context: AlarmCallContext): void {
  const { alarms } = context;
  const { answerLater } = createAnswers(context.logger);
  const operator = () => socket.data.operator;

  socket.on('alarm:get', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = alarmRequests['alarm:get'].safeParse(request);
      if (!parsed.success) return invalidRequest('alarm:get', parsed.error);
      return alarms.get(parsed.data.alarmId);
    }),
  );

  socket.on('alarm:acknowledge', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = alarmRequests['alarm:acknowledge'].safeParse(request);
      if (!parsed.success) return invalidRequest('alarm:acknowledge', parsed.error);
      return alarms.acknowledge(operator(), parsed.data.alarmIds, parsed.data.comment);
    }),
  );

  socket.on('alarm:assign', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = alarmRequests['alarm:assign'].safeParse(request);
      if (!parsed.success) return invalidRequest('alarm:assign', parsed.error);
      return alarms.assign(operator(), parsed.data.alarmIds, parsed.data.assignee);
    }),
  );

  socket.on('alarm:comment', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = alarmRequests['alarm:comment'].safeParse(request);
      if (!parsed.success) return invalidRequest('alarm:comment', parsed.error);
      return alarms.comment(operator(), parsed.data.alarmId, parsed.data.text);
    }),
  );

  socket.on('alarm:list', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = alarmRequests['alarm:list'].safeParse(request);
      if (!parsed.success) return invalidRequest('alarm:list', parsed.error);
      return success(await alarms.list(parsed.data));
    }),
  );

  socket.on('alarm:review', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = alarmRequests['alarm:review'].safeParse(request);
      if (!parsed.success) return invalidRequest('alarm:review', parsed.error);
      return success(await alarms.review(parsed.data.fromMs, parsed.data.toMs, parsed.data.bucketMs));
    }),
  );

  socket.on('alarm:assignees', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = alarmRequests['alarm:assignees'].safeParse(request ?? {});
      if (!parsed.success) return invalidRequest('alarm:assignees', parsed.error);
      return success(await alarms.assignees());
    }),
  );

  socket.on('maintenance:list', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = alarmRequests['maintenance:list'].safeParse(request ?? {});
      if (!parsed.success) return invalidRequest('maintenance:list', parsed.error);
      return success({ windows: alarms.maintenance() });
    }),
  );

  socket.on('maintenance:create', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = alarmRequests['maintenance:create'].safeParse(request);
      if (!parsed.success) return invalidRequest('maintenance:create', parsed.error);
      return alarms.createMaintenance(operator(), parsed.data);
    }),
  );

  socket.on('maintenance:end', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = alarmRequests['maintenance:end'].safeParse(request);
      if (!parsed.success) return invalidRequest('maintenance:end', parsed.error);
      return alarms.endMaintenance(operator(), parsed.data.windowId);
    }),
  );
}

export interface AlarmPushes {
  /** What a console gets on connect: every alarm that is not closed, and the maintenance windows. */
  snapshot(): AlarmSnapshot;
  close(): void;
}

/**
 * Collects the service's changes and hands them to `emit` in windows of at most DELTA_WINDOW_MS: the
 * first change after a quiet spell goes at once, under load one batch per window.
 */
export function createAlarmPushes(alarms: AlarmService, emit: (changes: AlarmChanges) => void): AlarmPushes {
  let changed = new Map<number, Alarm>();
  let maintenance: readonly MaintenanceWindow[] | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastFlushMs = 0;

  function flush(): void {
    timer = null;
    if (changed.size === 0 && maintenance === null) return;
    lastFlushMs = Date.now();
    const batch: AlarmChanges = { alarms: [...changed.values()], ...(maintenance ? { maintenance } : {}), serverTimeMs: lastFlushMs };
    changed = new Map();
    maintenance = null;
    emit(batch);
  }

  function schedule(): void {
    timer ??= setTimeout(flush, Math.max(0, lastFlushMs + DELTA_WINDOW_MS - Date.now()));
  }

  const stopAlarms = alarms.onChange((alarm) => {
    const kept = changed.get(alarm.id);
    if (kept && kept.revision > alarm.revision) return;
    changed.set(alarm.id, alarm);
    schedule();
  });
  const stopMaintenance = alarms.onMaintenanceChange((windows) => {
    maintenance = windows;
    schedule();
  });

  return {
    snapshot: () => ({ alarms: alarms.open(), maintenance: alarms.maintenance(), serverTimeMs: Date.now() }),
    close() {
      stopAlarms();
      stopMaintenance();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
