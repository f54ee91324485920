/** Filter by the devices' alarms: any, a severity or worse, none; each choice with how many devices it keeps. */
import { useSyncExternalStore } from 'react';
import { SEVERITY_LABELS } from '../../../shared/alarms.js';
import { devicesPassing } from '../map/alarm-levels.js';
import { alarmLevels } from '../map/alarm-levels-instance.js';
import type { AlarmFilter as AlarmFilterValue } from '../store/filter-slice.js';
import { useConsoleStore } from '../store/store.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { formatCount } from '../ui/format.js';
import { Popover } from './Popover.js';

interface Choice {
  readonly value: AlarmFilterValue;
  readonly label: string;
  /** The severity whose colour marks the choice. */
  readonly tone: string | null;
}

const CHOICES: readonly Choice[] = [
  { value: 'all', label: 'All devices', tone: null },
  { value: 'any', label: 'Any alarm', tone: 'warning' },
  { value: 'critical', label: SEVERITY_LABELS.critical, tone: 'critical' },
  { value: 'major', label: `${SEVERITY_LABELS.major} or worse`, tone: 'major' },
  { value: 'minor', label: `${SEVERITY_LABELS.minor} or worse`, tone: 'minor' },
  { value: 'none', label: 'No alarm', tone: null },
];

const BUTTON_LABELS: Readonly<Record<AlarmFilterValue, string>> = {
  all: 'Alarms',
  any: 'With alarms',
  critical: 'Critical alarms',
  major: 'Major+ alarms',
  minor: 'Minor+ alarms',
  warning: 'With alarms',
  none: 'Without alarms',
};

function useAlarmLevelsRevision(): number {
  return useSyncExternalStore(
    (listener) => alarmLevels.subscribe(listener),
    () => alarmLevels.revision,
  );
}

function AlarmChoices({ close }: { readonly close: () => void }) {
  const alarm = useConsoleStore((state) => state.filters.alarm);
  const setFilters = useConsoleStore((state) => state.setFilters);
  useAlarmLevelsRevision();
  return (
    <ul className="choice-list" role="listbox">
      {CHOICES.map(({ value, label, tone }) => (
        <li
          key={value}
          role="option"
          aria-selected={alarm === value}
          className={`choice${alarm === value ? ' is-chosen' : ''}`}
          data-testid={`alarm-choice-${value}`}
          onClick={() => {
            setFilters({ alarm: value });
            close();
          }}
        >
          <span className="choice-check" aria-hidden="true">
            {alarm === value ? '✓' : ''}
          </span>
          <span className="choice-label">
            <span className={`severity-swatch${tone ? ` severity-${tone}` : ' is-none'}`} aria-hidden="true" />
            {label}
          </span>
          <span className="choice-detail">{formatCount(devicesPassing(value, alarmLevels.countByLevel, fleetModel.count))}</span>
        </li>
      ))}
    </ul>
  );
}

export function AlarmFilter() {
  const alarm = useConsoleStore((state) => state.filters.alarm);
  return (
    <Popover
      label={<span className="filter-button-text">{BUTTON_LABELS[alarm]}</span>}
      title="Only the devices with (or without) an open alarm of some severity"
      isActive={alarm !== 'all'}
      testId="alarm-filter"
    >
      {(close) => <AlarmChoices close={close} />}
    </Popover>
  );
}
