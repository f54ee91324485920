/**
 * A call the hub did not carry out, said plainly (its own message: "The support role may not send
 * Immobilise."), with Retry where the answer was only lost: the retry reuses the click's key.
 */
import type { CommandType } from '../../../shared/commands.js';
import { commandName } from './command-words.js';
import type { CallState, KeyedCall } from './keyed-call.js';
interface CallProblemProps {
  /** "Reboot (Hard) was not sent". */
  readonly what: string;
  readonly message: string;
  readonly isRetryable: boolean;
  readonly onRetry: () => void;
  readonly onDismiss: () => void;
}

export function CallProblem({ what, message, isRetryable, onRetry, onDismiss }: CallProblemProps) {
  return (
    <div className="command-error-block" role="alert" data-testid="command-error">
      <p className="command-error">
        <strong>{what}:</strong> {message}
        {isRetryable && ' It may have reached the backend; a retry cannot send it twice.'}
      </p>
      <div className="command-error-actions">
        {isRetryable && (
          <button type="button" className="primary-button" data-testid="command-retry" onClick={onRetry}>
            Retry
          </button>
        )}
        <button type="button" className="quiet-button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

interface SentCommand {
  readonly idempotencyKey: string;
  readonly type: CommandType;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** A command (one or bulk) that the hub did not take, from its keyed call's state; nothing otherwise. */
export function SendProblem<Request extends SentCommand, Answer>({ call, sender }: { readonly call: CallState<Request, Answer>; readonly sender: KeyedCall<Request, Answer> }) {
  if (call.phase !== 'failed') return null;
  return (
    <CallProblem
      what={`${commandName(call.request.type, call.request.params ?? {})} was not sent`}
      message={call.error.message}
      isRetryable={call.isRetryable}
      onRetry={() => void sender.retry()}
      onDismiss={() => sender.reset()}
    />
  );
}
