/**
 * The device's open alarms at the top of its panel: support staff looking at a car or a charge point see
 * at once what is wrong with it, and open the alarm to act on it.
 */
import { ALARM_TYPE_INFO, SEVERITY_LABELS, alarmState, ALARM_STATE_LABELS } from '../../../shared/alarms.js';
import { alarmBook } from '../alarms/alarm-book.js';
import { openAlarmInView } from '../alarms/open-alarm.js';
import { useAlarmBookRevision } from '../alarms/use-alarm-book.js';
import { useConsoleStore } from '../store/store.js';
import { formatAbsolute, formatAge } from '../ui/format.js';

export function DeviceAlarms({ deviceId, nowMs }: { readonly deviceId: string; readonly nowMs: number }) {
  useAlarmBookRevision();
  const alarms = alarmBook.forDevice(deviceId);
  if (alarms.length === 0) return null;
  const open = (alarmId: number) => openAlarmInView(useConsoleStore.getState(), alarmBook, alarmId);
  return (
    <ul className="device-alarms" data-testid="device-alarms" aria-label="Open alarms">
      {alarms.map((alarm) => (
        <li key={alarm.id}>
          <button
            type="button"
            className={`device-alarm severity-${alarm.severity}${alarm.isSuppressed ? ' is-suppressed' : ''}`}
            onClick={() => open(alarm.id)}
            title={`${SEVERITY_LABELS[alarm.severity]} · ${ALARM_STATE_LABELS[alarmState(alarm)]}${alarm.isSuppressed ? ' · in maintenance' : ''}\n${alarm.message}\nRaised ${formatAbsolute(alarm.raisedAtMs)}`}
          >
            <span className="severity-mark" aria-hidden="true" />
            <span className="device-alarm-type">{ALARM_TYPE_INFO[alarm.type].label}</span>
            <span className="device-alarm-state">{alarm.isCleared ? 'cleared' : alarm.isAcknowledged ? 'acknowledged' : ''}</span>
            <span className="device-alarm-age">{formatAge(alarm.lastOccurredAtMs, nowMs)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
