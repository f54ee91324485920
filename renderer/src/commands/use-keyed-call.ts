/** A KeyedCall for a component: made once, its state read with React. */
import { useState, useSyncExternalStore } from 'react';
import type { Result } from '../../../shared/result.js';
import { KeyedCall, type CallState, type Keyed } from './keyed-call.js';

export function useKeyedCall<Request extends Keyed, Answer>(
  call: (request: Request) => Promise<Result<Answer>>,
  onAnswer: (answer: Answer, request: Request) => void,
): readonly [CallState<Request, Answer>, KeyedCall<Request, Answer>] {
  // The first call and answer handler stay: both only reach the controller and the book, which do not change.
  const [keyedCall] = useState(() => new KeyedCall(call, onAnswer));
  const state = useSyncExternalStore(
    (listener) => keyedCall.subscribe(listener),
    () => keyedCall.state,
  );
  return [state, keyedCall];
}
