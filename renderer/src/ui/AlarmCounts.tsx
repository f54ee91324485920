/**
 * The header's alarm counts by severity: open, unacknowledged alarms not hidden by a maintenance
 * window. A count opens the alarms view showing exactly those alarms. Only critical may pulse.
 */
import { ALARM_SEVERITIES, SEVERITY_LABELS } from '../../../shared/alarms.js';
import { alarmBook } from '../alarms/alarm-book.js';
import { useAlarmBookRevision } from '../alarms/use-alarm-book.js';
import { useConsoleStore } from '../store/store.js';
import { formatCount } from './format.js';

export function AlarmCounts() {
  useAlarmBookRevision();
  const showAlarms = useConsoleStore((state) => state.showAlarms);
  const counts = alarmBook.unacknowledgedCounts();
  const isLoaded = alarmBook.isLoaded;
  return (
    <ul className="counts alarm-counts" aria-label="Unacknowledged alarms" data-testid="alarm-counts" data-loaded={isLoaded}>
      <li className="alarm-counts-caption" aria-hidden="true">
        Alarms
      </li>
      {ALARM_SEVERITIES.map((severity) => {
        const count = counts[severity];
        return (
          <li key={severity} className={`count-item alarm-count severity-${severity}${count === 0 ? ' is-zero' : ''}`}>
            <button
              type="button"
              className="count-button"
              title={`${formatCount(count)} unacknowledged ${severity} ${count === 1 ? 'alarm' : 'alarms'}: show them`}
              aria-label={`${formatCount(count)} unacknowledged ${severity}`}
              data-testid={`alarm-count-${severity}`}
              data-value={count}
              onClick={() => showAlarms({ severities: [severity], states: ['active', 'cleared'] })}
            >
              <span className="severity-triangle" aria-hidden="true" />
              <span className="count-value">{isLoaded ? formatCount(count) : '–'}</span>
              <span className="count-label">{SEVERITY_LABELS[severity].toLowerCase()}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
