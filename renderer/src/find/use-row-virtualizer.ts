/**
 * Virtualised rows of one fixed height: only the rows on screen (and a few either side) exist. The range
 * is arithmetic, so a list of 100,000 devices costs what a list of 30 does. TanStack Virtual, used here
 * before, keeps a measurement object per row and rebuilt all 100,000 whenever the count changed: 40 ms
 * and a garbage collection at each snapshot and filter change, on the core the map draws with.
 */
import { useLayoutEffect, useRef, useState } from 'react';

export interface VirtualRow {
  readonly index: number;
  /** Pixels from the top of the list. */
  readonly start: number;
  readonly key: number;
}

export interface RowVirtualizer {
  getTotalSize(): number;
  getVirtualItems(): readonly VirtualRow[];
  /** Scrolls just enough for the row to be in view ('auto': nothing when it already is). */
  scrollToIndex(index: number, options?: { readonly align?: 'auto' }): void;
}

export interface RowRange {
  /** First row drawn, and one past the last. */
  readonly first: number;
  readonly end: number;
}

/** The rows a viewport shows, with `overscan` more either side, before clipping to the row count. */
export function rowRange(rowHeight: number, scrollTop: number, viewportHeight: number, overscan: number): RowRange {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan;
  return { first, end };
}

/** Where to scroll for row `index` to be in view, moving as little as possible. */
export function scrollTopFor(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop || rowHeight > viewportHeight) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return Math.max(0, top + rowHeight - viewportHeight);
  return scrollTop;
}

export function useRowVirtualizer(count: number, rowHeight: number, getScrollElement: () => HTMLDivElement | null, overscan = 12): RowVirtualizer {
  const [range, setRange] = useState<RowRange>({ first: 0, end: 0 });
  const watched = useRef<{ element: HTMLDivElement; stop: () => void } | null>(null);

  // The scroll element may come and go (an empty list shows a message instead): follow whichever is there.
  useLayoutEffect(() => {
    const element = getScrollElement();
    if (watched.current?.element === element) return;
    watched.current?.stop();
    watched.current = null;
    if (!element) return;
    const read = () => {
      const next = rowRange(rowHeight, element.scrollTop, element.clientHeight, overscan);
      setRange((current) => (current.first === next.first && current.end === next.end ? current : next));
    };
    read();
    element.addEventListener('scroll', read, { passive: true });
    const observer = new ResizeObserver(read);
    observer.observe(element);
    watched.current = {
      element,
      stop: () => {
        element.removeEventListener('scroll', read);
        observer.disconnect();
      },
    };
  });
  useLayoutEffect(
    () => () => {
      watched.current?.stop();
      watched.current = null;
    },
    [],
  );

  const end = Math.min(range.end, count);
  const items: VirtualRow[] = [];
  for (let index = range.first; index < end; index++) items.push({ index, start: index * rowHeight, key: index });
  return {
    getTotalSize: () => count * rowHeight,
    getVirtualItems: () => items,
    scrollToIndex(index) {
      const element = getScrollElement();
      if (!element) return;
      const top = scrollTopFor(index, rowHeight, element.scrollTop, element.clientHeight);
      if (top !== element.scrollTop) element.scrollTop = top;
    },
  };
}
