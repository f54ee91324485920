/**
 * TanStack Virtual's virtualizer for rows of one fixed height, kept by hand rather than through its
 * `useVirtualizer` hook, whose returned functions the React Compiler lint cannot vouch for. The
 * options change only with the row count, applied before paint.
 */
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect, type VirtualizerOptions } from '@tanstack/react-virtual';
import { useLayoutEffect, useReducer, useState } from 'react';

export type RowVirtualizer = Virtualizer<HTMLDivElement, Element>;

export function useRowVirtualizer(count: number, rowHeight: number, getScrollElement: () => HTMLDivElement | null, overscan = 12): RowVirtualizer {
  const [, rerender] = useReducer((version: number) => version + 1, 0);
  const [virtualizer] = useState(() => {
    const options: VirtualizerOptions<HTMLDivElement, Element> = {
      count,
      getScrollElement,
      estimateSize: () => rowHeight,
      overscan,
      observeElementRect,
      observeElementOffset,
      scrollToFn: elementScroll,
      onChange: () => rerender(),
    };
    return new Virtualizer(options);
  });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => {
    if (virtualizer.options.count !== count) {
      virtualizer.setOptions({ ...virtualizer.options, count });
      rerender();
    }
    return virtualizer._willUpdate();
  });
  return virtualizer;
}
