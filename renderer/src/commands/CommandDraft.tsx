/**
 * A command being prepared, inline: its parameters, then, for a destructive one, the question that says
 * what will happen to which device. Enter goes on (and confirms), Esc cancels; both stay inside the card,
 * so Esc does not also close the panel.
 */
import type { KeyboardEvent, ReactNode } from 'react';
import { COMMANDS, type CommandType } from '../../../shared/commands.js';
import { CommandForm } from './CommandForm.js';
import type { FormValues } from './command-form.js';

export interface DraftProps {
  readonly type: CommandType;
  readonly step: 'form' | 'confirm';
  readonly values: FormValues;
  readonly problems: Readonly<Record<string, string>>;
  /** The confirmation's question, in the confirm step. */
  readonly question: string | null;
  /** What the queue policy means here (an offline device), said before anything is sent. */
  readonly notice: string | null;
  readonly isSending: boolean;
  readonly idPrefix: string;
  readonly connectorHint?: string | null;
  /** The form leads to a confirmation rather than sending at once. */
  readonly willConfirm: boolean;
  /** The confirm button's label: "Reboot", "Reboot 37 charge points (Soft)". */
  readonly confirmLabel: string;
  readonly onChange: (name: string, value: string) => void;
  readonly onSubmit: () => void;
  readonly onCancel: () => void;
  readonly children?: ReactNode;
}

function keepKeysInside(event: KeyboardEvent<HTMLFormElement>, onCancel: () => void): void {
  if (event.key === 'Escape') {
    event.preventDefault();
    event.stopPropagation();
    onCancel();
    return;
  }
  // The console's single-key shortcuts (j, k, g m…) would otherwise act on the map behind the card.
  event.stopPropagation();
  if (event.key === 'Enter' && event.target instanceof HTMLInputElement && event.target.type === 'radio') {
    event.preventDefault();
    event.currentTarget.requestSubmit();
  }
}

export function CommandDraft(props: DraftProps) {
  const { type, step, values, problems, question, notice, isSending, idPrefix, connectorHint, willConfirm, confirmLabel, onChange, onSubmit, onCancel, children } = props;
  const spec = COMMANDS[type];
  const isConfirming = step === 'confirm';
  return (
    <form
      className={`command-draft${isConfirming ? ' is-confirming' : ''}${spec.isDestructive ? ' is-destructive' : ''}`}
      aria-label={isConfirming ? `Confirm ${spec.label}` : spec.label}
      data-testid={isConfirming ? 'command-confirm' : 'command-draft'}
      data-command={type}
      noValidate
      onKeyDown={(event) => keepKeysInside(event, onCancel)}
      onSubmit={(event) => {
        event.preventDefault();
        if (!isSending) onSubmit();
      }}
    >
      {isConfirming ? (
        <p className="command-question" data-testid="command-question">
          {question}
        </p>
      ) : (
        <>
          <div className="command-draft-title">{spec.label}</div>
          <CommandForm type={type} values={values} problems={problems} onChange={onChange} idPrefix={idPrefix} connectorHint={connectorHint} />
        </>
      )}
      {notice && (
        <p className={`command-notice${spec.queue === 'never' ? ' is-warning' : ''}`} data-testid="command-notice">
          {notice}
        </p>
      )}
      {children}
      <div className="command-draft-actions">
        <span className="dialog-hint">
          <kbd>Enter</kbd> {isConfirming ? 'confirm' : willConfirm ? 'go on' : 'send'} · <kbd>Esc</kbd> cancel
        </span>
        <button type="button" className="quiet-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className={`primary-button${spec.isDestructive && isConfirming ? ' is-destructive' : ''}`} autoFocus={isConfirming} disabled={isSending} data-testid="command-submit">
          {isSending ? 'Sending…' : isConfirming ? confirmLabel : willConfirm ? 'Go on…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
