/**
 * "a": a small dialog to acknowledge the current or ticked alarms with a comment — required when one of
 * them is critical. Enter sends (Shift+Enter starts a new line), Esc cancels.
 */
import { useState } from 'react';
import { MAX_COMMENT_LENGTH, SEVERITY_LABELS } from '../../../shared/alarms.js';
import { alarmName, plural } from './triage.js';
import type { AcknowledgeDialogState } from './use-triage.js';
import { useEscape } from '../ui/use-escape.js';

const LISTED = 6;

interface AcknowledgeDialogProps {
  readonly dialog: AcknowledgeDialogState;
  readonly onSubmit: (comment: string) => void;
  readonly onCancel: () => void;
}

export function AcknowledgeDialog({ dialog, onSubmit, onCancel }: AcknowledgeDialogProps) {
  const [comment, setComment] = useState('');

  useEscape(onCancel);
  const { alarms, isCommentRequired } = dialog;
  const critical = alarms.filter((alarm) => alarm.severity === 'critical').length;
  const title = alarms.length === 1 ? 'Acknowledge this alarm' : `Acknowledge ${plural(alarms.length, 'alarm')}`;
  return (
    <div className="overlay-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      <form
        className="acknowledge-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid="acknowledge-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit(comment);
        }}
      >
        <h2>{title}</h2>
        <ul className="acknowledge-list">
          {alarms.slice(0, LISTED).map((alarm) => (
            <li key={alarm.id} className={`severity-${alarm.severity}`}>
              <span className="severity-mark" aria-hidden="true" />
              <span className="acknowledge-severity">{SEVERITY_LABELS[alarm.severity]}</span>
              <span className="acknowledge-name">{alarmName(alarm)}</span>
            </li>
          ))}
          {alarms.length > LISTED && <li className="acknowledge-more">and {plural(alarms.length - LISTED, 'more alarm')}</li>}
        </ul>
        {dialog.skipped > 0 && <p className="dialog-note">{plural(dialog.skipped, 'ticked alarm')} already acknowledged, left out.</p>}
        <label className="dialog-label" htmlFor="acknowledge-comment">
          Comment{' '}
          <span className={isCommentRequired ? 'is-required' : 'is-optional'}>
            {isCommentRequired ? `required: ${critical === 1 ? 'a critical alarm' : `${critical} critical alarms`}` : 'optional'}
          </span>
        </label>
        <textarea
          id="acknowledge-comment"
          className="dialog-comment"
          data-testid="acknowledge-comment"
          autoFocus
          rows={3}
          maxLength={MAX_COMMENT_LENGTH}
          placeholder={isCommentRequired ? 'What was seen, what is being done' : 'What was seen, what is being done (optional)'}
          value={comment}
          aria-invalid={dialog.problem !== null}
          onChange={(event) => setComment(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              onSubmit(comment);
            }
          }}
        />
        {dialog.problem && (
          <div className="dialog-problem" role="alert" data-testid="acknowledge-problem">
            {dialog.problem}
            {dialog.refusals.length > 0 && (
              <ul>
                {dialog.refusals.map((refusal) => (
                  <li key={refusal}>{refusal}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <footer className="dialog-actions">
          <span className="dialog-hint">
            <kbd>Enter</kbd> acknowledge · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line · <kbd>Esc</kbd> cancel
          </span>
          <button type="button" className="quiet-button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary-button" data-testid="acknowledge-submit" disabled={dialog.isSending}>
            {dialog.isSending ? 'Acknowledging…' : 'Acknowledge'}
          </button>
        </footer>
      </form>
    </div>
  );
}
