import { describe, expect, it } from 'vitest';
import { DrawnMarks } from './drawn-marks.js';

describe('DrawnMarks', () => {
  it('tells whether a delta touches a device drawn in the last frame, and forgets those drawn before', () => {
    const marks = new DrawnMarks();
    marks.mark(Int32Array.from([3, 7, 9]), 2, 10);
    expect(marks.touches(Uint32Array.of(1, 7))).toBe(true);
    expect(marks.touches(Uint32Array.of(9))).toBe(false);
    marks.mark(Int32Array.from([9]), 1, 10);
    expect(marks.touches(Uint32Array.of(3, 7))).toBe(false);
    expect(marks.touches(Uint32Array.of(9))).toBe(true);
    marks.reset(10);
    expect(marks.touches(Uint32Array.of(9))).toBe(false);
  });
});
