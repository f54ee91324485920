/**
 * One operator click that makes commands, with its idempotency key. A new click gets a new key; a retry
 * after a lost answer sends the very same request and key again, so the backend hands back the command
 * it may already have made instead of making a second one (a second reboot, a second unlock).
 */
import type { Result } from '../../../shared/result.js';

/** A key per click: a UUID without its dashes (the hub accepts letters, digits, _ and -). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

export interface Keyed {
  readonly idempotencyKey: string;
}

export type CallState<Request extends Keyed, Answer> =
  | { readonly phase: 'idle' }
  | { readonly phase: 'sending'; readonly request: Request }
  | { readonly phase: 'answered'; readonly request: Request; readonly answer: Answer }
  | {
      readonly phase: 'failed';
      readonly request: Request;
      readonly error: { readonly code: string; readonly message: string };
      /** The answer was lost, not refused: the same request may be sent again. */
      readonly isRetryable: boolean;
    };

export class KeyedCall<Request extends Keyed, Answer> {
  #state: CallState<Request, Answer> = { phase: 'idle' };
  #listeners = new Set<() => void>();

  constructor(
    private readonly call: (request: Request) => Promise<Result<Answer>>,
    /** Called with every answer and its request, before listeners hear of it (to put it in the command book). */
    private readonly onAnswer: (answer: Answer, request: Request) => void = () => undefined,
    private readonly newKey: () => string = newIdempotencyKey,
  ) {}

  get state(): CallState<Request, Answer> {
    return this.#state;
  }

  /** A new click: a new key. Ignored while a request is on its way, so a double click sends once. */
  send(build: (idempotencyKey: string) => Request): Promise<void> {
    if (this.#state.phase === 'sending') return Promise.resolve();
    return this.#run(build(this.newKey()));
  }

  /** The failed request again, with its own key. */
  retry(): Promise<void> {
    const state = this.#state;
    if (state.phase !== 'failed') return Promise.resolve();
    return this.#run(state.request);
  }

  reset(): void {
    if (this.#state.phase === 'sending') return;
    this.#set({ phase: 'idle' });
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #run(request: Request): Promise<void> {
    this.#set({ phase: 'sending', request });
    const answer = await this.call(request);
    if (answer.ok) {
      this.onAnswer(answer.value, request);
      this.#set({ phase: 'answered', request, answer: answer.value });
    } else {
      this.#set({ phase: 'failed', request, error: answer.error, isRetryable: answer.error.code === 'unavailable' });
    }
  }

  #set(state: CallState<Request, Answer>): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}
