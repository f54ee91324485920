/**
 * What the alarms view shows: severity, state, type, station and assignee, suppressed or not, with how
 * many alarms pass and a way back to everything. The filters live in the store (and the URL hash).
 */
import { useState, type ReactNode } from 'react';
import { ALARM_SEVERITIES, ALARM_STATES, ALARM_STATE_LABELS, ALARM_TYPES, ALARM_TYPE_INFO, SEVERITY_LABELS } from '../../../shared/alarms.js';
import type { Alarm, AlarmSeverity, AlarmType } from '../../../shared/alarms.js';
import { Popover } from '../find/Popover.js';
import { foldForSearch } from '../find/search-index.js';
import { useConsoleStore } from '../store/store.js';
import { formatCount } from '../ui/format.js';
import { isFilteringAlarms, presentValues, type AlarmNames } from './alarm-filters.js';
import { ALARM_STATE_SHORT } from './alarm-words.js';

function typeLabel(name: string): string {
  const type = ALARM_TYPES.find((each) => each === name);
  return type ? ALARM_TYPE_INFO[type].label : name;
}

function toggled<Value>(values: readonly Value[], value: Value): Value[] {
  return values.includes(value) ? values.filter((each) => each !== value) : [...values, value];
}

function Group({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="filter-group" role="group" aria-label={label}>
      {children}
    </div>
  );
}

/** A tickable line of a filter menu. */
function Choice({ isChosen, label, detail, testId, onToggle }: { readonly isChosen: boolean; readonly label: ReactNode; readonly detail?: string; readonly testId?: string; readonly onToggle: () => void }) {
  return (
    <li role="option" aria-selected={isChosen} className={`choice${isChosen ? ' is-chosen' : ''}`} data-testid={testId} onClick={onToggle}>
      <span className="choice-check" aria-hidden="true">
        {isChosen ? '✓' : ''}
      </span>
      <span className="choice-label">{label}</span>
      {detail !== undefined && <span className="choice-detail">{detail}</span>}
    </li>
  );
}

function TypeChoices({ open }: { readonly open: readonly Alarm[] }) {
  const types = useConsoleStore((state) => state.alarmFilters.types);
  const setAlarmFilters = useConsoleStore((state) => state.setAlarmFilters);
  const counts = new Map<AlarmType, number>();
  for (const alarm of open) counts.set(alarm.type, (counts.get(alarm.type) ?? 0) + 1);
  return (
    <ul className="choice-list" role="listbox" aria-multiselectable="true" aria-label="Alarm types">
      {ALARM_TYPES.map((type) => (
        <Choice
          key={type}
          isChosen={types.includes(type)}
          label={<span title={ALARM_TYPE_INFO[type].description}>{ALARM_TYPE_INFO[type].label}</span>}
          detail={formatCount(counts.get(type) ?? 0)}
          testId={`alarm-type-choice-${type}`}
          onToggle={() => setAlarmFilters({ types: toggled(types, type) })}
        />
      ))}
    </ul>
  );
}

function StationChoices({ open, names }: { readonly open: readonly Alarm[]; readonly names: AlarmNames }) {
  const stationIds = useConsoleStore((state) => state.alarmFilters.stationIds);
  const setAlarmFilters = useConsoleStore((state) => state.setAlarmFilters);
  const [query, setQuery] = useState('');
  const needle = foldForSearch(query);
  const present = presentValues(open).stationIds;
  const offered = [...new Set([...stationIds, ...present])]
    .map((stationId) => ({ stationId, name: names.stationName(stationId) }))
    .filter((station) => stationIds.includes(station.stationId) || foldForSearch(station.name).includes(needle))
    .sort((left, right) => left.name.localeCompare(right.name));
  return (
    <div className="station-choices">
      <input className="popover-input" autoFocus placeholder="Stations with alarms" value={query} spellCheck={false} onChange={(event) => setQuery(event.target.value)} />
      <ul className="choice-list" role="listbox" aria-multiselectable="true" aria-label="Stations">
        {offered.length === 0 && <li className="choice-empty">No station matches.</li>}
        {offered.map(({ stationId, name }) => (
          <Choice key={stationId} isChosen={stationIds.includes(stationId)} label={name} onToggle={() => setAlarmFilters({ stationIds: toggled(stationIds, stationId) })} />
        ))}
      </ul>
    </div>
  );
}

function AssigneeChoices({ open }: { readonly open: readonly Alarm[] }) {
  const assignees = useConsoleStore((state) => state.alarmFilters.assignees);
  const me = useConsoleStore((state) => state.session?.operator.username ?? null);
  const setAlarmFilters = useConsoleStore((state) => state.setAlarmFilters);
  const offered = [...new Set([...(me === null ? [] : [me]), ...presentValues(open).assignees, ...assignees.filter((name) => name !== '')])];
  return (
    <ul className="choice-list" role="listbox" aria-multiselectable="true" aria-label="Assignees">
      <Choice isChosen={assignees.includes('')} label="Nobody (unassigned)" testId="alarm-assignee-choice-none" onToggle={() => setAlarmFilters({ assignees: toggled(assignees, '') })} />
      {offered.map((name) => (
        <Choice key={name} isChosen={assignees.includes(name)} label={name === me ? `${name} (me)` : name} onToggle={() => setAlarmFilters({ assignees: toggled(assignees, name) })} />
      ))}
    </ul>
  );
}

interface AlarmFilterBarProps {
  /** Every open alarm the console holds (suppressed included), for the counts and the menus. */
  readonly open: readonly Alarm[];
  readonly shown: number;
  readonly names: AlarmNames;
}

export function AlarmFilterBar({ open, shown, names }: AlarmFilterBarProps) {
  const filters = useConsoleStore((state) => state.alarmFilters);
  const setAlarmFilters = useConsoleStore((state) => state.setAlarmFilters);
  const clearAlarmFilters = useConsoleStore((state) => state.clearAlarmFilters);
  const isActive = isFilteringAlarms(filters);
  const bySeverity: Record<AlarmSeverity, number> = { critical: 0, major: 0, minor: 0, warning: 0 };
  let suppressed = 0;
  for (const alarm of open) {
    if (alarm.isSuppressed) suppressed += 1;
    else bySeverity[alarm.severity] += 1;
  }
  const countLabel = (values: readonly string[], singular: string, label: (value: string) => string) =>
    values.length === 0 ? `Any ${singular}` : values.length === 1 ? label(values[0] ?? '') : `${values.length} ${singular}s`;

  return (
    <div className="filter-bar alarm-filter-bar" data-testid="alarm-filter-bar">
      <Group label="Severity">
        {ALARM_SEVERITIES.map((severity) => {
          const isOn = filters.severities.includes(severity);
          return (
            <button
              key={severity}
              type="button"
              className={`filter-chip severity-chip severity-${severity}${isOn ? ' is-on' : ''}`}
              aria-pressed={isOn}
              data-testid={`alarm-severity-chip-${severity}`}
              title={`${formatCount(bySeverity[severity])} open ${severity} alarms (not suppressed)`}
              onClick={() => setAlarmFilters({ severities: toggled(filters.severities, severity) })}
            >
              <span className="severity-mark" aria-hidden="true" />
              {SEVERITY_LABELS[severity]}
              <span className="chip-count">{formatCount(bySeverity[severity])}</span>
            </button>
          );
        })}
      </Group>

      <Group label="State">
        {ALARM_STATES.map((state) => {
          const isOn = filters.states.includes(state);
          return (
            <button
              key={state}
              type="button"
              className={`filter-chip alarm-state-chip${isOn ? ' is-on' : ''}`}
              aria-pressed={isOn}
              data-testid={`alarm-state-chip-${state}`}
              title={state === 'closed' ? 'Closed alarms (cleared and acknowledged), from the last 30 days' : ALARM_STATE_LABELS[state]}
              onClick={() => setAlarmFilters({ states: toggled(filters.states, state) })}
            >
              <span className={`state-dot state-${state}`} aria-hidden="true" />
              {ALARM_STATE_SHORT[state]}
            </button>
          );
        })}
      </Group>

      <Popover
        label={countLabel(filters.types, 'type', typeLabel)}
        title="Filter by alarm type"
        isActive={filters.types.length > 0}
        testId="alarm-type-filter"
      >
        {() => <TypeChoices open={open} />}
      </Popover>
      <Popover label={countLabel(filters.stationIds, 'station', (stationId) => names.stationName(stationId))} title="Filter by station" isActive={filters.stationIds.length > 0} testId="alarm-station-filter">
        {() => <StationChoices open={open} names={names} />}
      </Popover>
      <Popover
        label={countLabel(filters.assignees, 'assignee', (name) => (name === '' ? 'Unassigned' : name))}
        title="Filter by assignee"
        isActive={filters.assignees.length > 0}
        testId="alarm-assignee-filter"
      >
        {() => <AssigneeChoices open={open} />}
      </Popover>

      <button
        type="button"
        className={`filter-button${filters.showSuppressed ? ' is-active' : ''}`}
        aria-pressed={filters.showSuppressed}
        data-testid="alarm-suppressed-toggle"
        title="Alarms raised while a maintenance window covered the device: kept, but not counted or notified"
        onClick={() => setAlarmFilters({ showSuppressed: !filters.showSuppressed })}
      >
        {filters.showSuppressed ? 'Hide' : 'Show'} suppressed <span className="chip-count">{formatCount(suppressed)}</span>
      </button>

      <span className="filter-spacer" />
      <span className="filter-count" data-testid="alarm-count" data-shown={shown}>
        <strong>{formatCount(shown)}</strong> {shown === 1 ? 'alarm' : 'alarms'}
      </span>
      <button type="button" className="filter-button clear-button" disabled={!isActive} data-testid="alarm-clear-filters" onClick={clearAlarmFilters}>
        Clear
      </button>
    </div>
  );
}
