/** Alarms: the service detectors raise through and consoles act through, its review, and the audit log. */
export { createAlarmService, DEFAULT_ESCALATE_AFTER_MS } from './service.js';
export type { AlarmService, AlarmServiceOptions } from './service.js';
export { realTimers } from './timers.js';
export type { AlarmTimer, AlarmTimers } from './timers.js';
export type { OperatorActions, OperatorDirectory } from './operator-actions.js';
export type { NewMaintenanceWindow } from './maintenance.js';
export type { AlarmListQuery } from './store.js';
export { readAudit, writeAudit } from './audit.js';
export type { AuditDetails, AuditEntry, AuditRecord } from './audit.js';
export { NOISIEST_COUNT } from './review.js';
export type { AlarmClearance, AlarmCondition, AlarmReader, AlarmSink } from './types.js';
