/** The commands on offer for a selection, grouped by the kind of device they are for. */
import { COMMANDS, type CommandType } from '../../../shared/commands.js';
import { hasParameters } from './command-form.js';
import type { KindChoices } from './bulk-selection.js';
import { KIND_WORDS, policyWords } from './command-words.js';

interface BulkChoicesProps {
  readonly choices: readonly KindChoices[];
  readonly activeType: CommandType | null;
  readonly onChoose: (type: CommandType) => void;
}

export function BulkChoices({ choices, activeType, onChoose }: BulkChoicesProps) {
  return (
    <div className="bulk-choices">
      {choices.map((choice) => {
        const words = KIND_WORDS[choice.kind];
        return (
          <section key={choice.kind} className="bulk-kind" aria-label={`Commands for ${words.many}`} data-testid={`bulk-kind-${choice.kind}`}>
            <h3 className="panel-heading">
              <span>For the {words.many}</span>
              <span className="heading-count">{choice.count}</span>
            </h3>
            {choice.types.length === 0 ? (
              <p className="panel-empty">Your role may send no command to {words.many}.</p>
            ) : (
              <div className="command-bar" role="toolbar" aria-label={`Commands for ${words.many}`}>
                {choice.types.map((type) => {
                  const spec = COMMANDS[type];
                  return (
                    <button
                      key={type}
                      type="button"
                      className={`command-button${spec.isDestructive ? ' is-destructive' : ''}`}
                      aria-pressed={activeType === type}
                      title={policyWords(type)}
                      data-testid={`bulk-command-${type}`}
                      onClick={() => onChoose(type)}
                    >
                      {spec.label}
                      {hasParameters(type) && '…'}
                    </button>
                  );
                })}
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}
