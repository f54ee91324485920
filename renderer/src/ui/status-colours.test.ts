import { describe, expect, it } from 'vitest';
import { themeSchema } from '../../../shared/bridge.js';
import { DEVICE_STATUSES, statusCode } from '../../../shared/fleet.js';
import { CLUSTER_SEGMENTS, STALE_AGE_COLOUR, STATUS_COLOURS, segmentColour, statusColour, statusColoursByCode, withOpacity } from './status-colours.js';

describe('status colours', () => {
  it('gives every state a distinct colour in every theme', () => {
    for (const theme of themeSchema.options) {
      const colours = DEVICE_STATUSES.map((status) => statusColour(status, theme));
      for (const colour of colours) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
      expect(new Set(colours).size).toBe(DEVICE_STATUSES.length);
    }
  });

  it('indexes colours by wire code for the draw loop', () => {
    const byCode = statusColoursByCode('dark');
    for (const status of DEVICE_STATUSES) expect(byCode[statusCode(status)]).toBe(STATUS_COLOURS.dark[status]);
  });

  it('keeps the hues CONSOLE.md names: green available, red faulted, blue in use', () => {
    const channels = (hex: string) => [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
    const [availableRed = 0, availableGreen = 0, availableBlue = 0] = channels(statusColour('available', 'dark'));
    expect(availableGreen).toBeGreaterThan(Math.max(availableRed, availableBlue));
    const [faultedRed = 0, faultedGreen = 0, faultedBlue = 0] = channels(statusColour('faulted', 'dark'));
    expect(faultedRed).toBeGreaterThan(Math.max(faultedGreen, faultedBlue));
    const [inUseRed = 0, inUseGreen = 0, inUseBlue = 0] = channels(statusColour('inUse', 'light'));
    expect(inUseBlue).toBeGreaterThan(Math.max(inUseRed, inUseGreen));
  });

  it('dims a colour for stale devices', () => {
    expect(withOpacity('#3fb950', 0.55)).toBe('rgba(63, 185, 80, 0.55)');
    expect(() => withOpacity('green', 1)).toThrow(RangeError);
  });
});

describe('cluster ring segments', () => {
  it('covers every state once, plus stale in amber, in both themes', () => {
    expect(new Set(CLUSTER_SEGMENTS.filter((segment) => segment !== 'stale'))).toEqual(new Set(DEVICE_STATUSES));
    for (const theme of themeSchema.options) {
      expect(segmentColour('stale', theme)).toBe(STALE_AGE_COLOUR);
      expect(segmentColour('faulted', theme)).toBe(statusColour('faulted', theme));
    }
  });
});
