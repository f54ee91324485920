/**
 * A call the hub did not carry out, said plainly (its own message: "The support role may not send
 * Immobilise."), with Retry where the answer was only lost: the retry reuses the click's key.
 */
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
