/**
 * Under the table: the ticked alarms and what can be done to all of them at once (acknowledge,
 * assign), and the outcome of the latest action, refusals named one by one.
 */
import { mayDo } from '../../../shared/alarms.js';
import type { OperatorRole } from '../../../shared/fleet.js';
import type { ActionOutcome } from './alarm-actions.js';
import { AssigneePicker } from './AssigneePicker.js';
import { plural } from './triage.js';
import type { Assignees } from './use-assignees.js';

interface BulkBarProps {
  readonly ticked: readonly number[];
  /** Ticked alarms not shown by the current filters: still acted on, so said. */
  readonly hidden: number;
  readonly role: OperatorRole | null;
  readonly assignees: Assignees;
  readonly isAssigning: boolean;
  readonly outcome: ActionOutcome | null;
  readonly onAcknowledge: () => void;
  readonly onAssign: (assignee: string | null) => void;
  readonly onClear: () => void;
  readonly onDismiss: () => void;
}

export function BulkBar({ ticked, hidden, role, assignees, isAssigning, outcome, onAcknowledge, onAssign, onClear, onDismiss }: BulkBarProps) {
  if (ticked.length === 0 && !outcome) return null;
  return (
    <div className="alarm-bulk-bar" data-testid="alarm-bulk-bar">
      {ticked.length > 0 && (
        <div className="bulk-actions">
          <span className="bulk-count" data-testid="alarm-selection-count">
            <strong>{ticked.length}</strong> selected{hidden > 0 && <span className="bulk-hidden"> ({hidden} not shown by the filters)</span>}
          </span>
          {role !== null && mayDo(role, 'acknowledge') && (
            <button type="button" className="primary-button" data-testid="bulk-acknowledge" onClick={onAcknowledge} title="Acknowledge the selected alarms (a)">
              Acknowledge <kbd>a</kbd>
            </button>
          )}
          {role !== null && mayDo(role, 'assign') && <AssigneePicker assignees={assignees} isBusy={isAssigning} testId="bulk-assign" onAssign={onAssign} />}
          <button type="button" className="quiet-button" onClick={onClear} title="Untick every alarm (Esc)">
            Clear selection
          </button>
        </div>
      )}
      {outcome && (
        <div className={`action-outcome tone-${outcome.tone}`} role="status" data-testid="alarm-outcome" data-tone={outcome.tone}>
          <span className="outcome-text">{outcome.text}</span>
          {outcome.refusals.length > 0 && (
            <ul className="outcome-refusals" aria-label={plural(outcome.refusals.length, 'refusal')}>
              {outcome.refusals.map((refusal) => (
                <li key={refusal.alarmId}>{refusal.text}</li>
              ))}
            </ul>
          )}
          <button type="button" className="close-button" aria-label="Dismiss" title="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
