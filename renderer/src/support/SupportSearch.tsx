/**
 * The support view's toolbar: the customer reference (focused when the view opens; Enter searches and
 * puts the customer in the URL, so that the page can be shared) and how far back to look.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CUSTOMER_REF_PATTERN } from '../../../shared/reservations.js';
import { SUPPORT_SPANS, type SupportSpanId } from './support-span.js';

export interface SupportSearchProps {
  readonly customerRef: string | null;
  readonly spanId: SupportSpanId;
  /** A search for the same customer asks again: the operator wants it fresh. */
  onSearch(customerRef: string): void;
  onSpan(spanId: SupportSpanId): void;
}

export function SupportSearch({ customerRef, spanId, onSearch, onSpan }: SupportSearchProps) {
  const [text, setText] = useState(customerRef ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);
  // A link pasted or the browser's back button brings another customer: the field follows.
  const [shownRef, setShownRef] = useState(customerRef);
  if (shownRef !== customerRef) {
    setShownRef(customerRef);
    setText(customerRef ?? '');
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = text.trim();
    if (!CUSTOMER_REF_PATTERN.test(wanted)) {
      setProblem(wanted === '' ? 'Type a customer reference.' : 'A customer reference is 1 to 64 of A–Z a–z 0–9 . _ : @ -');
      return;
    }
    setProblem(null);
    onSearch(wanted);
  };

  return (
    <form className="support-search" role="search" aria-label="Customer" onSubmit={submit}>
      <label className="support-search-field">
        <span className="support-search-label">Customer</span>
        <input
          ref={inputRef}
          type="search"
          className="support-search-input"
          data-testid="support-search-input"
          placeholder="Reference, e.g. C-1042 or ana@example.org"
          value={text}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'support-search-problem' : undefined}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <button type="submit" className="filter-button" data-testid="support-search-submit">
        Search
      </button>
      <div className="segmented" role="group" aria-label="Reservations of the last">
        {SUPPORT_SPANS.map((span) => (
          <button
            key={span.id}
            type="button"
            className={`segment${span.id === spanId ? ' is-on' : ''}`}
            aria-pressed={span.id === spanId}
            title={`Reservations of the last ${span.label}, and those booked ahead`}
            data-testid={`support-span-${span.id}`}
            onClick={() => onSpan(span.id)}
          >
            {span.label}
          </button>
        ))}
      </div>
      {problem && (
        <span className="support-search-problem" id="support-search-problem" role="alert" data-testid="support-search-problem">
          {problem}
        </span>
      )}
    </form>
  );
}
