/**
 * The right-hand panel of the alarms view: the alarm (what, how bad, where it stands, every time with
 * its age), what the operator's role allows (acknowledge, assign, comment), and tabs for its history,
 * its device as it is now (state and a small map) and the device's timeline.
 */
import { useState } from 'react';
import { ALARM_STATE_LABELS, ALARM_TYPE_INFO, MAX_COMMENT_LENGTH, SEVERITY_LABELS, alarmState, mayDo } from '../../../shared/alarms.js';
import type { Alarm, AlarmDetail } from '../../../shared/alarms.js';
import { Field } from '../panel/Field.js';
import { PanelTabs, tabId, tabPanelId, type TabChoice } from '../panel/PanelTabs.js';
import { TimelineTab } from '../panel/TimelineTab.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { formatAbsolute, formatAge, formatCount } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import { commentAlarm } from './alarm-actions.js';
import { alarmBook } from './alarm-book.js';
import { AlarmDeviceContext } from './AlarmDeviceContext.js';
import { AlarmHistory } from './AlarmHistory.js';
import type { AlarmNames } from './alarm-filters.js';
import { ALARM_STATE_SHORT } from './alarm-words.js';
import { AssigneePicker } from './AssigneePicker.js';
import { MaintenanceAction } from './MaintenanceAction.js';
import type { Assignees } from './use-assignees.js';
import { useAlarmDetail } from './use-alarm-detail.js';
import { useAlarmBookRevision } from './use-alarm-book.js';

type AlarmTab = 'history' | 'device' | 'timeline';

const TABS: readonly TabChoice<AlarmTab>[] = [
  { id: 'history', label: 'History' },
  { id: 'device', label: 'Device' },
  { id: 'timeline', label: 'Timeline' },
];

function TimeField({ label, atMs, nowMs, suffix, testId }: { readonly label: string; readonly atMs: number | null; readonly nowMs: number; readonly suffix?: string; readonly testId?: string }) {
  return (
    <Field label={label} title={atMs === null ? undefined : formatAbsolute(atMs)} tone={atMs === null ? 'muted' : undefined}>
      <span data-testid={testId}>{atMs === null ? '—' : `${formatAge(atMs, nowMs)}${suffix ?? ''}`}</span>
    </Field>
  );
}

function CommentBox({ controller, alarmId, onDetail }: { readonly controller: FleetController; readonly alarmId: number; readonly onDetail: (detail: AlarmDetail) => void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setSending] = useState(false);
  const send = () => {
    if (text.trim() === '' || isSending) return;
    setSending(true);
    void commentAlarm(controller, alarmBook, alarmId, text).then((outcome) => {
      setSending(false);
      if (!outcome.ok) {
        setProblem(outcome.text);
        return;
      }
      setText('');
      setProblem(null);
      onDetail(outcome.detail);
    });
  };
  return (
    <form
      className="alarm-comment"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <textarea
        className="dialog-comment"
        rows={2}
        maxLength={MAX_COMMENT_LENGTH}
        placeholder="Add a comment (Ctrl+Enter sends)"
        aria-label="Comment"
        data-testid="alarm-comment-input"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" className="panel-button" data-testid="alarm-comment-send" disabled={isSending || text.trim() === ''}>
        {isSending ? 'Sending…' : 'Comment'}
      </button>
      {problem && (
        <p className="panel-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

interface AlarmPanelProps {
  readonly controller: FleetController;
  readonly alarmId: number;
  /** An alarm the book does not hold (closed), from the list that showed it. */
  readonly fallback: Alarm | undefined;
  readonly names: AlarmNames;
  readonly assignees: Assignees;
  readonly isAssigning: boolean;
  readonly onAcknowledge: (alarm: Alarm) => void;
  readonly onAssign: (alarmIds: readonly number[], assignee: string | null) => void;
  readonly onClose: () => void;
}

export function AlarmPanel({ controller, alarmId, fallback, names, assignees, isAssigning, onAcknowledge, onAssign, onClose }: AlarmPanelProps) {
  useAlarmBookRevision();
  const role = useConsoleStore((state) => state.session?.operator.role ?? null);
  const [tab, setTab] = useState<AlarmTab>('history');
  const { detail, error, setDetail } = useAlarmDetail(alarmId);
  const localNow = useNow();
  const nowMs = localNow + alarmBook.serverOffsetMs;
  const fleetNow = localNow + controller.model.serverOffsetMs;
  const alarm = alarmBook.get(alarmId) ?? (detail && fallback && fallback.revision > detail.alarm.revision ? fallback : (detail?.alarm ?? fallback));

  if (!alarm) {
    return (
      <aside className="alarm-panel" data-testid="alarm-panel" aria-label={`Alarm ${alarmId}`}>
        <header className="panel-header">
          <div className="panel-heading-block">
            <div className="panel-kind">Alarm #{alarmId}</div>
          </div>
          <button type="button" className="close-button" onClick={onClose} title="Close (Esc)" aria-label="Close panel">
            ×
          </button>
        </header>
        {error ? <p className="panel-error" role="alert">Could not load the alarm: {error}</p> : <p className="panel-loading">Loading the alarm…</p>}
      </aside>
    );
  }

  const state = alarmState(alarm);
  const info = ALARM_TYPE_INFO[alarm.type];
  const deviceLabel = names.deviceLabel(alarm.deviceId);
  const stationName = names.stationName(alarm.stationId);
  const isOpen = state !== 'closed';
  const idPrefix = 'alarm-panel';
  const details = Object.entries(alarm.details);

  return (
    <aside className={`alarm-panel severity-${alarm.severity}`} data-testid="alarm-panel" data-alarm-id={alarm.id} data-state={state} aria-label={`Alarm ${alarm.id}`}>
      <header className="panel-header">
        <div className="panel-heading-block">
          <div className="panel-kind">
            Alarm #{alarm.id} · {alarm.deviceKind === 'car' ? 'car' : 'charge point'}
          </div>
          <h2 className="panel-title alarm-title" data-testid="alarm-panel-type" title={info.description}>
            {info.label}
          </h2>
          <div className="panel-subtitle">
            {deviceLabel !== alarm.deviceId ? `${deviceLabel} · ${alarm.deviceId}` : alarm.deviceId}
            {stationName && ` · ${stationName}`}
          </div>
        </div>
        <div className="panel-actions">
          <button type="button" className="close-button" onClick={onClose} title="Close (Esc)" aria-label="Close panel">
            ×
          </button>
        </div>
      </header>

      <div className="panel-status alarm-status-line">
        <span className={`severity-badge severity-${alarm.severity}`} data-testid="alarm-panel-severity">
          <span className="severity-mark" aria-hidden="true" />
          {SEVERITY_LABELS[alarm.severity]}
        </span>
        <span className={`state-badge state-${state}`} data-testid="alarm-panel-state" title={ALARM_STATE_LABELS[state]}>
          <span className={`state-dot state-${state}`} aria-hidden="true" />
          {ALARM_STATE_SHORT[state]}
        </span>
        {alarm.escalatedAtMs !== null && (
          <span className="alarm-tag tag-escalated" title={`Escalated ${formatAbsolute(alarm.escalatedAtMs)}: left unacknowledged too long`}>
            escalated
          </span>
        )}
        {alarm.isSuppressed && (
          <span className="alarm-tag" title="Raised while a maintenance window covered the device: not counted or notified">
            maintenance
          </span>
        )}
      </div>

      <div className="alarm-summary">
        <p className="alarm-message" data-testid="alarm-panel-message">
          {alarm.message}
        </p>
        {details.length > 0 && (
          <dl className="fields alarm-details" data-testid="alarm-panel-details">
            {details.map(([key, value]) => (
              <Field key={key} label={key}>
                <span className="mono">{value === null ? '—' : String(value)}</span>
              </Field>
            ))}
          </dl>
        )}
        <dl className="fields alarm-times">
          <Field label="Occurrences">
            <span data-testid="alarm-panel-occurrences">{formatCount(alarm.occurrences)}</span>
            {alarm.commentCount > 0 && <span className="field-note"> · {alarm.commentCount === 1 ? '1 comment' : `${alarm.commentCount} comments`}</span>}
          </Field>
          <TimeField label="Raised" atMs={alarm.raisedAtMs} nowMs={nowMs} />
          <TimeField label="Last occurred" atMs={alarm.lastOccurredAtMs} nowMs={nowMs} />
          <TimeField label="Cleared" atMs={alarm.isCleared ? alarm.clearedAtMs : null} nowMs={nowMs} />
          <TimeField label="Acknowledged" atMs={alarm.isAcknowledged ? alarm.acknowledgedAtMs : null} nowMs={nowMs} suffix={alarm.acknowledgedBy ? ` by ${alarm.acknowledgedBy}` : ''} testId="alarm-panel-acknowledged" />
          {alarm.closedAtMs !== null && <TimeField label="Closed" atMs={alarm.closedAtMs} nowMs={nowMs} />}
          <Field label="Assignee" tone={alarm.assignee === null ? 'muted' : undefined}>
            {role !== null && mayDo(role, 'assign') && isOpen ? (
              <AssigneePicker assignees={assignees} current={alarm.assignee} isBusy={isAssigning} testId="alarm-panel-assign" onAssign={(assignee) => onAssign([alarm.id], assignee)} />
            ) : (
              (alarm.assignee ?? 'nobody')
            )}
          </Field>
        </dl>
        {role !== null && isOpen && (
          <div className="alarm-actions">
            {mayDo(role, 'acknowledge') && !alarm.isAcknowledged && (
              <button type="button" className="primary-button" data-testid="alarm-panel-acknowledge" onClick={() => onAcknowledge(alarm)} title="Acknowledge (a)">
                Acknowledge <kbd>a</kbd>
              </button>
            )}
            <MaintenanceAction controller={controller} deviceId={alarm.deviceId} />
          </div>
        )}
        {role !== null && mayDo(role, 'comment') && <CommentBox controller={controller} alarmId={alarm.id} onDetail={setDetail} />}
      </div>

      <PanelTabs tabs={TABS} selected={tab} onSelect={setTab} idPrefix={idPrefix} label="Alarm views" />
      <div className="panel-body" role="tabpanel" id={tabPanelId(idPrefix)} aria-labelledby={tabId(idPrefix, tab)} tabIndex={0} data-testid={`alarm-panel-${tab}`}>
        {tab === 'history' && <AlarmHistory events={detail?.events ?? null} error={error} nowMs={nowMs} />}
        {tab === 'device' && <AlarmDeviceContext controller={controller} deviceId={alarm.deviceId} severity={alarm.severity} nowMs={fleetNow} />}
        {tab === 'timeline' && <TimelineTab controller={controller} deviceId={alarm.deviceId} nowMs={fleetNow} />}
      </div>
    </aside>
  );
}
