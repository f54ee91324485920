import { describe, expect, it } from 'vitest';
import { areaCentre, followMove, glideSeconds } from './follow.js';

const FULL = { left: 0, top: 0, right: 1920, bottom: 1080 };
/** A panel 400 px wide covers the right of the map. */
const BESIDE_PANEL = { left: 0, top: 0, right: 1520, bottom: 1080 };

describe('followMove', () => {
  it('stays put while the car is in the middle, give or take a pixel', () => {
    expect(followMove({ x: 960, y: 540 }, FULL)).toBe('stay');
    expect(followMove({ x: 961, y: 541 }, FULL)).toBe('stay');
  });

  it('glides to a car that moved within or just beyond the view', () => {
    expect(followMove({ x: 1000, y: 560 }, FULL)).toBe('glide');
    expect(followMove({ x: 2100, y: 540 }, FULL)).toBe('glide');
  });

  it('jumps to a car far outside the view', () => {
    expect(followMove({ x: 960 + 1921, y: 540 }, FULL)).toBe('jump');
    expect(followMove({ x: 960, y: 540 - 1081 }, FULL)).toBe('jump');
  });

  it('centres the car in what is not covered by the side panel', () => {
    expect(areaCentre(BESIDE_PANEL)).toEqual({ x: 760, y: 540 });
    expect(followMove({ x: 760, y: 540 }, BESIDE_PANEL)).toBe('stay');
    expect(followMove({ x: 960, y: 540 }, BESIDE_PANEL)).toBe('glide');
  });
});

describe('glideSeconds', () => {
  it('spreads a glide over the time between two positions, within bounds', () => {
    expect(glideSeconds(800)).toBeCloseTo(0.8);
    expect(glideSeconds(10)).toBe(0.25);
    expect(glideSeconds(60_000)).toBe(1.5);
  });
});
