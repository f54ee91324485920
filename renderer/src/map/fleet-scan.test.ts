import { describe, expect, it } from 'vitest';
import { statusCode } from '../../../shared/fleet.js';
import { FleetModel } from '../sync/fleet-model.js';
import { testDevices, testSnapshot } from '../sync/fleet-test-data.js';
import { HIDDEN_BUCKET, STALE_BUCKET } from './cluster-grid.js';
import { countInView, fillClusterInput } from './fleet-scan.js';
import { worldSizeAt } from './marker-geometry.js';

const NOW = 1_000_000;

function fleet(): FleetModel {
  const model = new FleetModel(() => NOW);
  model.applySnapshot(
    testSnapshot(
      'e',
      1,
      testDevices(4),
      [
        { index: 0, status: 'available', lastSeenMs: NOW, latitude: 48.85, longitude: 2.35 },
        // A car not heard from for a minute is stale.
        { index: 1, status: 'inUse', lastSeenMs: NOW - 60_000, latitude: 48.86, longitude: 2.36 },
        // Offline is never stale: it is already known to be gone.
        { index: 2, status: 'offline', lastSeenMs: NOW - 60_000, latitude: 48.87, longitude: 2.37 },
        { index: 3, status: 'charging', lastSeenMs: NOW, latitude: 45.0, longitude: 5.0 },
      ],
      NOW,
    ),
  );
  return model;
}

describe('fillClusterInput', () => {
  it('gives each device its bucket: its status, stale, or hidden when filtered out, and copies positions', () => {
    const model = fleet();
    const x = new Float64Array(4);
    const y = new Float64Array(4);
    const bucket = new Uint8Array(4);
    fillClusterInput(model, Uint8Array.from([1, 1, 1, 0]), NOW, x, y, bucket);
    expect(Array.from(bucket)).toEqual([statusCode('available'), STALE_BUCKET, statusCode('offline'), HIDDEN_BUCKET]);
    expect(Array.from(x)).toEqual(Array.from(model.projectedX));
    expect(Array.from(y)).toEqual(Array.from(model.projectedY));
  });
});

describe('countInView', () => {
  it('counts the shown devices in the view only', () => {
    const model = fleet();
    const zoom = 12;
    const worldSize = worldSizeAt(zoom);
    // A view round Paris, 1920×1080 pixels, centred on the first device.
    const centreX = (model.projectedX[0] ?? 0) * worldSize;
    const centreY = (model.projectedY[0] ?? 0) * worldSize;
    const frame = { zoom, worldSize, offsetX: -(centreX - 960), offsetY: -(centreY - 540), width: 1920, height: 1080, radius: 3, nowMs: NOW };
    expect(countInView(model, null, frame)).toBe(3);
    expect(countInView(model, Uint8Array.from([1, 0, 1, 1]), frame)).toBe(2);
  });
});
