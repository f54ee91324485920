/**
 * A live book (alarms, commands, reservations) for React, at most a few times a second: a storm of
 * pushes must not redraw a table on every one. Components read the book itself during render; the
 * revision only says when.
 */
import { useEffect, useState } from 'react';

export interface Revisioned {
  readonly revision: number;
  subscribe(listener: () => void): () => void;
}

export const BOOK_REFRESH_MS = 250;

/** The book's revision, re-read after changes at most once per `refreshMs`. */
export function useRevision(book: Revisioned, refreshMs: number = BOOK_REFRESH_MS): number {
  const [revision, setRevision] = useState(book.revision);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastAt = 0;
    const refresh = () => {
      timer = null;
      lastAt = performance.now();
      setRevision(book.revision);
    };
    const schedule = () => {
      if (timer === null) timer = setTimeout(refresh, Math.max(0, lastAt + refreshMs - performance.now()));
    };
    // Whatever changed between the first render and this effect is picked up at once.
    schedule();
    const stop = book.subscribe(schedule);
    return () => {
      stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, [book, refreshMs]);
  return revision;
}
