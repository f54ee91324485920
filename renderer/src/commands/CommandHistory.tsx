/**
 * The device's commands, newest first, one line each (what, where it is, who, when); a line opens to its
 * whole lifecycle. Commands still under way and the one just sent are open by default, the rest closed.
 */
import { useState } from 'react';
import { isTerminal, type Command } from '../../../shared/commands.js';
import { formatAbsolute, formatAge } from '../ui/format.js';
import { CommandLifecycle } from './CommandLifecycle.js';
import './command-history.css';
import { STATUS_TONES, STATUS_WORDS, commandName } from './command-words.js';

interface CommandHistoryProps {
  readonly commands: readonly Command[];
  readonly nowMs: number;
  readonly isLoading: boolean;
  readonly error: string | null;
  /** The command this panel sent last, kept open. */
  readonly lastSentId: string | null;
  readonly onCancel: (commandId: string) => void;
  readonly cancellingId: string | null;
}

/** Lines shown before "Show all": the panel is for what is happening, not an audit log. */
const SHOWN_AT_FIRST = 20;

export function CommandHistory({ commands, nowMs, isLoading, error, lastSentId, onCancel, cancellingId }: CommandHistoryProps) {
  // What the operator opened or closed by hand wins over the default.
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [isAll, setAll] = useState(false);
  const shown = isAll ? commands : commands.slice(0, SHOWN_AT_FIRST);
  return (
    <section className="command-history" aria-label="Command history">
      <h3 className="panel-heading">
        <span>History</span>
        <span className="heading-count">{commands.length > 0 ? commands.length : ''}</span>
      </h3>
      {error && (
        <p className="command-error" role="alert">
          The history could not be read: {error}
        </p>
      )}
      {commands.length === 0 && !error && <p className="panel-empty">{isLoading ? 'Reading the history…' : 'No command has been sent to this device.'}</p>}
      <ul className="command-rows" data-testid="command-history">
        {shown.map((command) => {
          const isOpen = toggled.get(command.id) ?? (command.id === lastSentId || !isTerminal(command.status));
          const createdAtMs = command.createdAtMs;
          return (
            <li key={command.id} className="command-row" data-testid="command-row" data-command-id={command.id} data-type={command.type} data-status={command.status}>
              <button
                type="button"
                className="command-row-line"
                aria-expanded={isOpen}
                onClick={() => setToggled((before) => new Map(before).set(command.id, !isOpen))}
              >
                <svg className={`command-row-chevron${isOpen ? ' is-open' : ''}`} viewBox="0 0 10 10" width="10" height="10" aria-hidden="true">
                  <path d="M3.5 2 6.5 5 3.5 8" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
                </svg>
                <span className="command-row-name">{commandName(command.type, command.params)}</span>
                <span className={`command-status tone-command-${STATUS_TONES[command.status]}`} data-testid="command-status">
                  {STATUS_WORDS[command.status]}
                </span>
                <span className="command-row-who" title={command.batchId ? `Part of bulk command ${command.batchId}` : undefined}>
                  {command.operator}
                  {command.batchId && ' · bulk'}
                </span>
                <time className="command-row-age" dateTime={new Date(createdAtMs).toISOString()} title={`Sent ${formatAbsolute(createdAtMs)}`}>
                  {formatAge(createdAtMs, nowMs)}
                </time>
              </button>
              {isOpen && <CommandLifecycle command={command} nowMs={nowMs} onCancel={onCancel} isCancelling={cancellingId === command.id} />}
            </li>
          );
        })}
      </ul>
      {!isAll && commands.length > SHOWN_AT_FIRST && (
        <button type="button" className="link-button" onClick={() => setAll(true)}>
          Show all {commands.length}
        </button>
      )}
    </section>
  );
}
