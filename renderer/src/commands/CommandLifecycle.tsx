/**
 * One command's life, step by step as the command book holds it (live from the hub's pushes): each
 * status with its age (the absolute time on hover) and what the device or the backend said, until when a
 * queued command waits, and a way to cancel it while it still waits.
 */
import type { Command } from '../../../shared/commands.js';
import { formatAbsolute, formatAge } from '../ui/format.js';
import { STATUS_TONES, STATUS_WORDS, stepDetail, waitingNotice } from './command-words.js';

interface CommandLifecycleProps {
  readonly command: Command;
  readonly nowMs: number;
  /** Offered while the command is queued; null: no cancel (another operator's view, a bulk row). */
  readonly onCancel: ((commandId: string) => void) | null;
  readonly isCancelling: boolean;
}

export function CommandLifecycle({ command, nowMs, onCancel, isCancelling }: CommandLifecycleProps) {
  const waiting = waitingNotice(command, nowMs);
  return (
    <div className="command-lifecycle" data-testid="command-lifecycle" data-command-id={command.id} data-status={command.status}>
      <ol className="command-steps">
        {command.transitions.map((step, position) => (
          <li key={`${step.status}-${step.atMs}-${position}`} className={`command-step tone-command-${STATUS_TONES[step.status]}`} data-testid="command-step" data-status={step.status}>
            <span className="command-step-mark" aria-hidden="true" />
            <span className="command-step-status">{STATUS_WORDS[step.status]}</span>
            <time className="command-step-age" dateTime={new Date(step.atMs).toISOString()} title={formatAbsolute(step.atMs)}>
              {formatAge(step.atMs, nowMs)}
            </time>
            <span className="command-step-detail">{stepDetail(step.status, step.detail)}</span>
          </li>
        ))}
      </ol>
      {(waiting || (onCancel && command.status === 'queued')) && (
        <div className="command-waiting">
          {waiting && <span data-testid="command-waiting">{waiting}</span>}
          {onCancel && command.status === 'queued' && (
            <button type="button" className="quiet-button" disabled={isCancelling} data-testid="command-cancel" onClick={() => onCancel(command.id)}>
              {isCancelling ? 'Cancelling…' : 'Cancel command'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
