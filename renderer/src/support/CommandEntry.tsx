/**
 * A command on the customer timeline: what was sent and by whom, how it ended with the reason in words
 * (a failure stands out), and each step of its life with what the device or the backend said.
 */
import type { Command } from '../../../shared/commands.js';
import { formatAbsolute } from '../ui/format.js';
import type { StoryEntry } from './customer-story.js';
import { EntryFrame, StatusPill } from './EntryFrame.js';
import { STATUS_WORDS, commandName } from '../commands/command-words.js';
import { commandReason, isCommandTrouble } from './story-words.js';
import { clockTime } from './support-time.js';

export function CommandEntry({ entry, command, nowMs, isCursor }: { readonly entry: StoryEntry; readonly command: Command; readonly nowMs: number; readonly isCursor: boolean }) {
  const reason = commandReason(command);
  const isTrouble = isCommandTrouble(command.status);
  const lastIndex = command.transitions.length - 1;
  return (
    <EntryFrame
      entry={entry}
      nowMs={nowMs}
      isCursor={isCursor}
      title={
        <>
          {commandName(command.type, command.params)} <span className="support-by">sent by {command.operator}</span>
        </>
      }
      status={
        <StatusPill tone={entry.tone} testId="support-command-status">
          {STATUS_WORDS[command.status]}
        </StatusPill>
      }
    >
      {reason && (
        <p className={`support-reason is-${isTrouble ? 'bad' : 'plain'}`} data-testid="support-command-reason">
          {reason}
        </p>
      )}
      <ol className="support-steps" aria-label="Steps">
        {command.transitions.map((step, index) => (
          <li key={`${step.status}-${step.atMs}-${index}`} className={`support-step${index === lastIndex && isTrouble ? ' is-bad' : ''}`} data-testid="support-command-step">
            <span className="support-step-status">{STATUS_WORDS[step.status]}</span>{' '}
            <time dateTime={new Date(step.atMs).toISOString()} title={formatAbsolute(step.atMs)}>
              {clockTime(step.atMs)}
            </time>
            {/* The last step's detail is the reason above; the others' are said here. */}
            {step.detail && index !== lastIndex && <span className="support-step-detail">{step.detail}</span>}
          </li>
        ))}
      </ol>
    </EntryFrame>
  );
}
