import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLOCK_TOLERANCE_MS } from '../state/index.js';
import { AlarmConfigError, DEFAULT_ALARM_THRESHOLDS, parseAlarmThresholds, readAlarmThresholds } from './thresholds.js';

describe('alarm thresholds', () => {
  it('fills what a file leaves out with the defaults', () => {
    const thresholds = parseAlarmThresholds({ flapping: { maxTransitions: 20 }, lowBattery: { belowPercent: 10, clearAtPercent: 15 } });
    expect(thresholds.flapping).toEqual({ ...DEFAULT_ALARM_THRESHOLDS.flapping, maxTransitions: 20 });
    expect(thresholds.lowBattery).toEqual({ belowPercent: 10, clearAtPercent: 15 });
    expect(thresholds.offline).toEqual(DEFAULT_ALARM_THRESHOLDS.offline);
    expect(DEFAULT_ALARM_THRESHOLDS.clockOffset.limitSeconds * 1000).toBe(DEFAULT_CLOCK_TOLERANCE_MS);
  });

  it('refuses misspelt keys, wrong types and thresholds that contradict each other, saying where', () => {
    expect(() => parseAlarmThresholds({ flaping: {} })).toThrow(/flaping/);
    expect(() => parseAlarmThresholds({ flapping: { maxTransitons: 3 } })).toThrow(/flapping: Unrecognized key: "maxTransitons"/);
    expect(() => parseAlarmThresholds({ offline: { afterIntervals: '6' } })).toThrow(/offline\.afterIntervals/);
    expect(() => parseAlarmThresholds({ lowBattery: { belowPercent: 30 } })).toThrow(/lowBattery\.clearAtPercent/);
    // A 10 s hold while flapping needs 30 s between changes to raise: a sensor flipping every 20 s would be both.
    expect(() => parseAlarmThresholds({ flapping: { windowSeconds: 300, maxTransitions: 10 }, impossibleCombination: { holdSeconds: 10 } })).toThrow(
      /impossibleCombination\.holdSeconds/,
    );
  });

  it('reads a file, and says which file is wrong', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'alarm-config-'));
    try {
      expect(await readAlarmThresholds(null)).toEqual(DEFAULT_ALARM_THRESHOLDS);
      const path = join(directory, 'alarms.json');
      await writeFile(path, JSON.stringify({ offline: { afterIntervals: 3 } }));
      expect((await readAlarmThresholds(path)).offline.afterIntervals).toBe(3);
      await writeFile(path, '{ offline: 3 }');
      await expect(readAlarmThresholds(path)).rejects.toThrow(AlarmConfigError);
      await expect(readAlarmThresholds(join(directory, 'missing.json'))).rejects.toThrow(/Cannot read the alarm config/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
