/**
 * The alarms view's actions in one place, for the keyboard, the bulk bar and the panel alike: "a"
 * opens the comment dialog (the comment is required for critical alarms), the answer goes into the
 * book, and what happened — refusals named one by one — stays on screen until the next action.
 */
import { useCallback, useState } from 'react';
import type { Alarm } from '../../../shared/alarms.js';
import { useConsoleStore } from '../store/store.js';
import { fleetController } from '../sync/fleet-controller.js';
import { acknowledgeAlarms, assignAlarms, type ActionOutcome } from './alarm-actions.js';
import { alarmBook } from './alarm-book.js';
import { needsComment, plural, type AcknowledgeTargets } from './triage.js';

export interface AcknowledgeDialogState {
  readonly alarms: readonly Alarm[];
  /** Asked for but already acknowledged: said in the dialog, not sent. */
  readonly skipped: number;
  readonly isCommentRequired: boolean;
  readonly isSending: boolean;
  /** Why the last try did not go through, in words. */
  readonly problem: string | null;
  readonly refusals: readonly string[];
}

export interface Triage {
  readonly dialog: AcknowledgeDialogState | null;
  readonly outcome: ActionOutcome | null;
  readonly isAssigning: boolean;
  startAcknowledge(targets: AcknowledgeTargets): void;
  submitAcknowledge(comment: string): void;
  cancelAcknowledge(): void;
  assign(alarmIds: readonly number[], assignee: string | null): void;
  dismissOutcome(): void;
}

const NOTHING_UNDER_CURSOR = 'Nothing to acknowledge: move to an alarm with j / k, or tick alarms with x.';

function untick(alarms: readonly Alarm[]): void {
  const done = new Set(alarms.map((alarm) => alarm.id));
  const state = useConsoleStore.getState();
  if (state.alarmSelection.some((alarmId) => done.has(alarmId))) state.setAlarmSelection(state.alarmSelection.filter((alarmId) => !done.has(alarmId)));
}

export function useTriage(): Triage {
  const [dialog, setDialog] = useState<AcknowledgeDialogState | null>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const [isAssigning, setAssigning] = useState(false);

  const startAcknowledge = useCallback((targets: AcknowledgeTargets) => {
    if (targets.alarms.length === 0) {
      const text = targets.skipped > 0 ? `Already acknowledged: ${plural(targets.skipped, 'alarm')}.` : NOTHING_UNDER_CURSOR;
      setOutcome({ tone: 'failed', text, refusals: [], alarms: [] });
      return;
    }
    setDialog({ alarms: targets.alarms, skipped: targets.skipped, isCommentRequired: needsComment(targets.alarms), isSending: false, problem: null, refusals: [] });
  }, []);

  const submitAcknowledge = useCallback(
    (comment: string) => {
      if (!dialog || dialog.isSending) return;
      if (dialog.isCommentRequired && comment.trim() === '') {
        setDialog({ ...dialog, problem: 'A comment is required to acknowledge a critical alarm: say what was seen or done.' });
        return;
      }
      setDialog({ ...dialog, isSending: true, problem: null });
      void acknowledgeAlarms(fleetController, alarmBook, dialog.alarms, comment).then((result) => {
        untick(result.alarms);
        if (result.tone === 'failed') {
          // Nothing went through: the dialog stays, with the comment, so the operator can fix and retry.
          setDialog({ ...dialog, isSending: false, problem: result.text, refusals: result.refusals.map((refusal) => refusal.text) });
          return;
        }
        setDialog(null);
        setOutcome(result);
      });
    },
    [dialog],
  );

  const assign = useCallback((alarmIds: readonly number[], assignee: string | null) => {
    if (alarmIds.length === 0) return;
    setAssigning(true);
    void assignAlarms(fleetController, alarmBook, alarmIds, assignee).then((result) => {
      setAssigning(false);
      setOutcome(result);
    });
  }, []);

  return {
    dialog,
    outcome,
    isAssigning,
    startAcknowledge,
    submitAcknowledge,
    cancelAcknowledge: useCallback(() => setDialog(null), []),
    assign,
    dismissOutcome: useCallback(() => setOutcome(null), []),
  };
}
