import { describe, expect, it } from 'vitest';
import { rowRange, scrollTopFor } from './use-row-virtualizer.js';

describe('fixed-height rows', () => {
  it('draws the rows in view and a few either side, whatever the length of the list', () => {
    expect(rowRange(24, 0, 240, 3)).toEqual({ first: 0, end: 13 });
    // Half a row scrolled: the row cut at the top and the one revealed at the bottom both count.
    expect(rowRange(24, 2_400_012, 240, 3)).toEqual({ first: 99_997, end: 100_014 });
  });

  it('scrolls just enough to show a row, and not at all when it is in view', () => {
    expect(scrollTopFor(5, 24, 0, 240)).toBe(0);
    expect(scrollTopFor(10, 24, 0, 240)).toBe(24);
    expect(scrollTopFor(2, 24, 120, 240)).toBe(48);
    expect(scrollTopFor(0, 24, 0, 10)).toBe(0);
  });
});
