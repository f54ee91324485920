/** The operators alarms can be assigned to, asked once per session of the view and kept. */
import { useEffect, useState } from 'react';
import type { OperatorRole } from '../../../shared/fleet.js';
import { fleetController } from '../sync/fleet-controller.js';

export interface Assignees {
  readonly operators: readonly { readonly username: string; readonly role: OperatorRole }[];
  readonly error: string | null;
}

let cached: Assignees | null = null;

export function useAssignees(isWanted: boolean): Assignees {
  const [assignees, setAssignees] = useState<Assignees>(cached ?? { operators: [], error: null });
  useEffect(() => {
    if (!isWanted || cached) return;
    let isCurrent = true;
    void fleetController.request('alarm:assignees', {}).then((answer) => {
      const next: Assignees = answer.ok ? { operators: answer.value.operators, error: null } : { operators: [], error: answer.error.message };
      if (answer.ok) cached = next;
      if (isCurrent) setAssignees(next);
    });
    return () => {
      isCurrent = false;
    };
  }, [isWanted]);
  return assignees;
}
