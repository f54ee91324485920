import { describe, expect, it } from 'vitest';
import { ALARM_SEVERITIES } from '../../../shared/alarms.js';
import type { FleetDevice } from '../../../shared/console-api.js';
import { AlarmBook } from '../alarms/alarm-book.js';
import { testAlarm } from '../alarms/alarm-test-data.js';
import { FleetModel } from '../sync/fleet-model.js';
import { testSnapshot } from '../sync/fleet-test-data.js';
import { ALARM_LEVEL_COUNT, AlarmLevels, NO_ALARM_LEVEL, alarmLevelBounds, devicesPassing, fillAlarmLevels, levelOf, severityOfLevel } from './alarm-levels.js';
import { ALARM_SHIFT, BUCKET_COUNT, BUCKET_MASK, HIDDEN_BUCKET, STALE_BUCKET, buildClusters, packBucket } from './cluster-grid.js';
import { fillClusterInput } from './fleet-scan.js';

const START = 1_700_000_000_000;

function fleetOf(count: number): FleetModel {
  const devices: FleetDevice[] = Array.from({ length: count }, (_, index) => ({ id: `car-${index}`, kind: 'car', stationId: null, label: `car-${index}`, serialNumber: `VIN-${index}`, plate: null }));
  const model = new FleetModel(() => START);
  model.applySnapshot(testSnapshot('e1', 1, devices, devices.map((_, index) => ({ index, lastSeenMs: START, latitude: 48.85, longitude: 2.35 + index * 1e-5 })), START));
  return model;
}

describe('alarm levels', () => {
  it('ranks severities so that higher is worse, and back', () => {
    expect(ALARM_SEVERITIES.map(levelOf)).toEqual([4, 3, 2, 1]);
    for (const severity of ALARM_SEVERITIES) expect(severityOfLevel(levelOf(severity))).toBe(severity);
    expect(severityOfLevel(NO_ALARM_LEVEL)).toBeNull();
    expect(severityOfLevel(ALARM_LEVEL_COUNT + 1)).toBeNull();
  });

  it('writes each alarmed device its worst level, index-aligned, and lists them in device order', () => {
    const levels = new Uint8Array(5).fill(9);
    const indexOf = (id: string) => ['a', 'b', 'c', 'd', 'e'].indexOf(id);
    const alarmed = fillAlarmLevels(levels, { indexOf }, new Map([['d', 'critical'], ['b', 'minor'], ['gone', 'major']] as const));
    expect(Array.from(levels)).toEqual([0, 2, 0, 4, 0]);
    expect(Array.from(alarmed)).toEqual([1, 3]);
  });

  it('follows the book: rebuilt on a change, counted by level, suppressed and closed alarms left out', () => {
    const model = fleetOf(6);
    const book = new AlarmBook();
    const levels = new AlarmLevels(model, book);
    expect(levels.alarmed.length).toBe(0);
    let told = 0;
    levels.subscribe(() => told++);
    book.applySnapshot(
      {
        alarms: [
          testAlarm(1, { deviceId: 'car-2', severity: 'major' }),
          testAlarm(2, { deviceId: 'car-2', severity: 'critical', isCleared: true }),
          testAlarm(3, { deviceId: 'car-4', severity: 'warning' }),
          testAlarm(4, { deviceId: 'car-5', severity: 'critical', isSuppressed: true }),
        ],
        maintenance: [],
        serverTimeMs: START,
      },
      START,
    );
    expect(told).toBe(1);
    // A cleared alarm that nobody acknowledged is still open: still ringed.
    expect(Array.from(levels.levels)).toEqual([0, 0, 4, 0, 1, 0]);
    expect(Array.from(levels.countByLevel)).toEqual([0, 1, 0, 0, 1]);
    book.applyChanges({ alarms: [testAlarm(2, { deviceId: 'car-2', severity: 'critical', isCleared: true, isAcknowledged: true, closedAtMs: START, revision: 2 })], serverTimeMs: START }, START);
    expect(levels.levelAt(2)).toBe(3);
    expect(told).toBe(2);
    levels.dispose();
  });

  it('bounds each filter to its levels, and counts the devices each keeps', () => {
    expect(alarmLevelBounds('all')).toEqual({ min: 0, max: 4 });
    expect(alarmLevelBounds('any')).toEqual({ min: 1, max: 4 });
    expect(alarmLevelBounds('major')).toEqual({ min: 3, max: 4 });
    expect(alarmLevelBounds('none')).toEqual({ min: 0, max: 0 });
    // 100 devices: 2 critical, 3 major, 0 minor, 5 warning.
    const counts = [0, 5, 0, 3, 2];
    expect(devicesPassing('all', counts, 100)).toBe(100);
    expect(devicesPassing('any', counts, 100)).toBe(10);
    expect(devicesPassing('critical', counts, 100)).toBe(2);
    expect(devicesPassing('major', counts, 100)).toBe(5);
    expect(devicesPassing('warning', counts, 100)).toBe(10);
    expect(devicesPassing('none', counts, 100)).toBe(90);
  });
});

describe('clusters with alarms', () => {
  it('packs the alarm level beside the bucket without touching it', () => {
    expect(BUCKET_COUNT).toBeLessThanOrEqual(BUCKET_MASK);
    expect(packBucket(STALE_BUCKET, ALARM_LEVEL_COUNT)).toBeLessThan(HIDDEN_BUCKET);
    expect(packBucket(STALE_BUCKET, 3) & BUCKET_MASK).toBe(STALE_BUCKET);
    expect(packBucket(STALE_BUCKET, 3) >> ALARM_SHIFT).toBe(3);
  });

  it('counts the alarmed devices of each cluster and keeps the worst level, the breakdown by state unchanged', () => {
    const model = fleetOf(40);
    const book = new AlarmBook();
    book.applySnapshot(
      { alarms: [testAlarm(1, { deviceId: 'car-3', severity: 'minor' }), testAlarm(2, { deviceId: 'car-30', severity: 'critical' }), testAlarm(3, { deviceId: 'car-31', severity: 'warning' })], maintenance: [], serverTimeMs: START },
      START,
    );
    const levels = new AlarmLevels(model, book);
    const x = new Float64Array(model.count);
    const y = new Float64Array(model.count);
    const bucket = new Uint8Array(model.count);
    fillClusterInput(model, null, START, x, y, bucket, levels.levels);
    // At zoom 10 the 40 devices, a few metres apart, are one cluster.
    const set = buildClusters({ x, y, bucket, count: model.count }, { zoom: 10, cellPx: 96, mergePx: 48, minClusterSize: 3 });
    expect(set.clusterCount).toBe(1);
    expect(set.alarmCount[0]).toBe(3);
    expect(set.alarmLevel[0]).toBe(levelOf('critical'));
    expect(set.breakdown.reduce((sum, count) => sum + count, 0)).toBe(40);
    // Without alarms the clusters say none.
    fillClusterInput(model, null, START, x, y, bucket, null);
    const quiet = buildClusters({ x, y, bucket, count: model.count }, { zoom: 10, cellPx: 96, mergePx: 48, minClusterSize: 3 });
    expect(quiet.alarmCount[0]).toBe(0);
    expect(quiet.alarmLevel[0]).toBe(0);
    levels.dispose();
  });
});
