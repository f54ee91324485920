import { describe, expect, it } from 'vitest';
import { CLUSTER_ABOVE, CLUSTER_BELOW_ZOOM, DEVICES_BELOW, DEVICES_FROM_ZOOM, chooseMode } from './display-mode.js';

describe('chooseMode', () => {
  it('clusters at low zoom and shows devices at street zoom whatever the count', () => {
    expect(chooseMode('devices', CLUSTER_BELOW_ZOOM - 1, 10)).toBe('clusters');
    expect(chooseMode('clusters', DEVICES_FROM_ZOOM, 50_000)).toBe('devices');
  });

  it('in between, clusters when many devices are in view', () => {
    expect(chooseMode('devices', 14, CLUSTER_ABOVE + 1)).toBe('clusters');
    expect(chooseMode('clusters', 14, DEVICES_BELOW - 1)).toBe('devices');
  });

  it('keeps its mode between the two thresholds, so the map does not flicker at the edge', () => {
    const between = Math.round((CLUSTER_ABOVE + DEVICES_BELOW) / 2);
    expect(chooseMode('devices', 14, between)).toBe('devices');
    expect(chooseMode('clusters', 14, between)).toBe('clusters');
  });
});
