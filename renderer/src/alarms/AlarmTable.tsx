/**
 * The alarms as a virtualised table (only the rows on screen exist): a severity mark, then type,
 * device, station, state, occurrences and times, in tabular numbers. Rows are coloured only by their
 * mark; an unacknowledged critical alarm's mark pulses. Column heads sort; a click opens, the box ticks.
 */
import { memo, useEffect, useRef } from 'react';
import { ALARM_STATE_LABELS, ALARM_TYPE_INFO, SEVERITY_LABELS, alarmState } from '../../../shared/alarms.js';
import type { Alarm } from '../../../shared/alarms.js';
import { useRowVirtualizer } from '../find/use-row-virtualizer.js';
import { formatAbsolute, formatCount } from '../ui/format.js';
import type { AlarmNames, AlarmSort, AlarmSortKey } from './alarm-filters.js';
import { ALARM_STATE_SHORT, shortAge } from './alarm-words.js';

const ROW_HEIGHT = 30;

const COLUMNS: readonly { readonly key: AlarmSortKey; readonly label: string; readonly className: string; readonly title: string }[] = [
  { key: 'severity', label: 'Severity', className: 'cell-severity', title: 'Most severe first, then the most recently active' },
  { key: 'type', label: 'Type', className: 'cell-type', title: 'What the detector saw' },
  { key: 'device', label: 'Device', className: 'cell-device', title: 'Plate or serial number, and id' },
  { key: 'station', label: 'Station', className: 'cell-station', title: 'The device’s station when the alarm was raised' },
  { key: 'state', label: 'State', className: 'cell-state', title: 'Active or cleared; acknowledged or not' },
  { key: 'occurrences', label: 'Occ.', className: 'cell-number', title: 'Occurrences: how many times the condition came back while the alarm was open' },
  { key: 'raised', label: 'Raised', className: 'cell-age', title: 'When the alarm was raised' },
  { key: 'last', label: 'Last', className: 'cell-age', title: 'The latest occurrence' },
  { key: 'assignee', label: 'Assignee', className: 'cell-assignee', title: 'Who looks after it' },
];

interface RowProps {
  readonly alarm: Alarm;
  readonly position: number;
  readonly top: number;
  readonly isCursor: boolean;
  readonly isOpen: boolean;
  readonly isTicked: boolean;
  readonly deviceLabel: string;
  readonly stationName: string;
  readonly raisedAge: string;
  readonly lastAge: string;
  readonly onOpen: (alarm: Alarm, position: number) => void;
  readonly onToggle: (alarmId: number) => void;
}

/** Memoised on what it shows, ages included, so the once-a-second tick redraws only rows whose text changes. */
const AlarmRow = memo(function AlarmRow({ alarm, position, top, isCursor, isOpen, isTicked, deviceLabel, stationName, raisedAge, lastAge, onOpen, onToggle }: RowProps) {
  const state = alarmState(alarm);
  const info = ALARM_TYPE_INFO[alarm.type];
  const isUrgent = alarm.severity === 'critical' && !alarm.isAcknowledged && state !== 'closed';
  return (
    <div
      className={`alarm-row severity-${alarm.severity} state-${state}${isCursor ? ' is-cursor' : ''}${isOpen ? ' is-open' : ''}${isTicked ? ' is-ticked' : ''}${isUrgent ? ' is-urgent' : ''}${alarm.isSuppressed ? ' is-suppressed' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      role="row"
      aria-selected={isOpen}
      data-testid="alarm-row"
      data-alarm-id={alarm.id}
      data-device-id={alarm.deviceId}
      data-type={alarm.type}
      data-severity={alarm.severity}
      data-state={state}
      data-raised-at={alarm.raisedAtMs}
      data-cursor={isCursor}
      onClick={() => onOpen(alarm, position)}
    >
      <span className="cell-tick" role="gridcell">
        <input
          type="checkbox"
          checked={isTicked}
          aria-label={`Select alarm ${alarm.id}`}
          data-testid="alarm-tick"
          onClick={(event) => event.stopPropagation()}
          onChange={() => onToggle(alarm.id)}
        />
      </span>
      <span className="cell-severity" role="gridcell" title={`${SEVERITY_LABELS[alarm.severity]}${alarm.escalatedAtMs !== null ? ', escalated' : ''}`}>
        <span className="severity-mark" aria-hidden="true" />
        {SEVERITY_LABELS[alarm.severity]}
        {alarm.escalatedAtMs !== null && <span className="alarm-tag tag-escalated">esc.</span>}
      </span>
      <span className="cell-type" role="gridcell" title={`${info.description}\n${alarm.message}`}>
        {info.label}
      </span>
      <span className="cell-device" role="gridcell" title={alarm.deviceId}>
        <span className="device-label">{deviceLabel}</span>
        {deviceLabel !== alarm.deviceId && <span className="device-id">{alarm.deviceId}</span>}
      </span>
      <span className="cell-station" role="gridcell" title={stationName || undefined}>
        {stationName || '—'}
      </span>
      <span className="cell-state" role="gridcell" title={`${ALARM_STATE_LABELS[state]}${alarm.isSuppressed ? ' · raised during maintenance' : ''}`}>
        <span className={`state-dot state-${state}`} aria-hidden="true" />
        {ALARM_STATE_SHORT[state]}
        {alarm.isSuppressed && <span className="alarm-tag">maint.</span>}
      </span>
      <span className="cell-number" role="gridcell">
        {formatCount(alarm.occurrences)}
      </span>
      <span className="cell-age" role="gridcell" title={`Raised ${formatAbsolute(alarm.raisedAtMs)}`}>
        {raisedAge}
      </span>
      <span className="cell-age" role="gridcell" title={`Last occurred ${formatAbsolute(alarm.lastOccurredAtMs)}`}>
        {lastAge}
      </span>
      <span className={`cell-assignee${alarm.assignee === null ? ' is-empty' : ''}`} role="gridcell">
        {alarm.assignee ?? '—'}
      </span>
    </div>
  );
});

interface AlarmTableProps {
  readonly rows: readonly Alarm[];
  readonly cursorId: number | null;
  readonly cursorPosition: number;
  readonly openId: number | null;
  readonly ticked: ReadonlySet<number>;
  readonly nowMs: number;
  readonly names: AlarmNames;
  readonly sort: AlarmSort;
  readonly onSort: (key: AlarmSortKey) => void;
  readonly onOpen: (alarm: Alarm, position: number) => void;
  readonly onToggle: (alarmId: number) => void;
  readonly onToggleAll: (isTicking: boolean) => void;
}

export function AlarmTable({ rows, cursorId, cursorPosition, openId, ticked, nowMs, names, sort, onSort, onOpen, onToggle, onToggleAll }: AlarmTableProps) {
  const scrollElement = useRef<HTMLDivElement>(null);
  const virtualizer = useRowVirtualizer(rows.length, ROW_HEIGHT, () => scrollElement.current);
  const tickedShown = rows.reduce((count, alarm) => count + (ticked.has(alarm.id) ? 1 : 0), 0);

  // The cursor stays in view as j/k move it, or as rows move around it.
  useEffect(() => {
    if (cursorPosition >= 0 && cursorPosition < rows.length) virtualizer.scrollToIndex(cursorPosition, { align: 'auto' });
  }, [cursorId, cursorPosition, rows.length, virtualizer]);

  return (
    <div className="alarm-table" role="grid" aria-label="Alarms" aria-rowcount={rows.length} data-testid="alarm-table" data-count={rows.length}>
      <div className="alarm-columns" role="row">
        <span className="cell-tick" role="columnheader">
          <input
            type="checkbox"
            aria-label="Select every alarm shown"
            title="Select every alarm shown"
            checked={rows.length > 0 && tickedShown === rows.length}
            ref={(element) => {
              if (element) element.indeterminate = tickedShown > 0 && tickedShown < rows.length;
            }}
            onChange={(event) => onToggleAll(event.target.checked)}
            disabled={rows.length === 0}
          />
        </span>
        {COLUMNS.map((column) => {
          const isSorted = sort.key === column.key;
          return (
            <span key={column.key} className={column.className} role="columnheader" aria-sort={isSorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
              <button type="button" className={`sort-button${isSorted ? ' is-sorted' : ''}`} title={column.title} data-testid={`alarm-sort-${column.key}`} onClick={() => onSort(column.key)}>
                {column.label}
                {isSorted && <span className="sort-arrow">{sort.direction === 'asc' ? '▲' : '▼'}</span>}
              </button>
            </span>
          );
        })}
      </div>
      <div className="alarm-scroll" ref={scrollElement}>
        <div className="alarm-space" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const alarm = rows[item.index];
            // Rows past a list that just shrank, for the one render before the virtualizer hears of it.
            if (!alarm) return null;
            return (
              <AlarmRow
                key={alarm.id}
                alarm={alarm}
                position={item.index}
                top={item.start}
                isCursor={alarm.id === cursorId}
                isOpen={alarm.id === openId}
                isTicked={ticked.has(alarm.id)}
                deviceLabel={names.deviceLabel(alarm.deviceId)}
                stationName={names.stationName(alarm.stationId)}
                raisedAge={shortAge(alarm.raisedAtMs, nowMs)}
                lastAge={shortAge(alarm.lastOccurredAtMs, nowMs)}
                onOpen={onOpen}
                onToggle={onToggle}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
