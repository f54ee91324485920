/** Assign to an operator, or to nobody: a plain select, reachable from the keyboard. */
import type { Assignees } from './use-assignees.js';

const NOBODY = '';
const ASK = '#ask';

interface AssigneePickerProps {
  readonly assignees: Assignees;
  /** The current assignee of a single alarm; undefined for several. */
  readonly current?: string | null;
  readonly isBusy: boolean;
  readonly testId: string;
  readonly onAssign: (assignee: string | null) => void;
}

export function AssigneePicker({ assignees, current, isBusy, testId, onAssign }: AssigneePickerProps) {
  const value = current === undefined ? ASK : (current ?? NOBODY);
  const names = assignees.operators.map((operator) => operator.username);
  // An assignee the backend no longer lists stays visible rather than silently shown as someone else.
  if (current && !names.includes(current)) names.unshift(current);
  return (
    <select
      className="assignee-picker"
      data-testid={testId}
      value={value}
      disabled={isBusy}
      title={assignees.error ? `Operators unavailable: ${assignees.error}` : 'Assign to an operator'}
      onChange={(event) => {
        if (event.target.value !== ASK) onAssign(event.target.value === NOBODY ? null : event.target.value);
      }}
    >
      {current === undefined && (
        <option value={ASK} disabled>
          Assign to…
        </option>
      )}
      <option value={NOBODY}>Nobody</option>
      {names.map((name) => {
        const role = assignees.operators.find((operator) => operator.username === name)?.role;
        return (
          <option key={name} value={name}>
            {role ? `${name} · ${role}` : name}
          </option>
        );
      })}
    </select>
  );
}
