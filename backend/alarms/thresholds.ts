/**
 * The detectors' thresholds: defaults that suit the Autolib-like demo fleet, each overridable from a
 * JSON file (`--alarm-config`, CYBERPONIES_ALARM_CONFIG) that names only what it changes, e.g.
 * `{ "flapping": { "maxTransitions": 20 } }`. docs/alarms.md says what each one means.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DEFAULT_CLOCK_TOLERANCE_MS } from '../state/index.js';

const positive = z.number().positive();
const count = z.number().int().positive();

/** Unknown keys are refused, so that a misspelt threshold is not silently ignored. */
export const alarmThresholdsSchema = z
  .strictObject({
    offline: z.strictObject({
      /** Silent for longer than this many of its kind's expected intervals (EXPECTED_INTERVAL_SECONDS). */
      afterIntervals: positive.default(6),
    }).prefault({}),
    flapping: z.strictObject({
      /** More than `maxTransitions` changes of one sensor (or connector status) within `windowSeconds`. */
      windowSeconds: positive.default(300),
      maxTransitions: count.default(10),
      /** Cleared once every flapping sensor has stayed at or below the threshold for this long. */
      quietSeconds: positive.default(120),
    }).prefault({}),
    impossibleCombination: z.strictObject({
      /**
       * How long a combination must hold, on consecutive messages, before it is raised. At least
       * flapping's windowSeconds / maxTransitions, so that a sensor flipping fast enough to look
       * impossible at every other message is flapping's alarm and not this one's.
       */
      holdSeconds: positive.default(30),
      /** Faster than this counts as moving (GPS speed noise stays below it). */
      movingSpeedKmh: positive.default(5),
    }).prefault({}),
    lowBattery: z.strictObject({
      /** Raised below this while not charging… */
      belowPercent: z.number().min(0).max(100).default(20),
      /** …and cleared at or above this (or once charging). */
      clearAtPercent: z.number().min(0).max(100).default(25),
    }).prefault({}),
    clockOffset: z.strictObject({
      limitSeconds: positive.default(DEFAULT_CLOCK_TOLERANCE_MS / 1000),
    }).prefault({}),
    staleSensor: z.strictObject({
      /** A car's odometer unchanged while its position moved this far… */
      odometerAfterKm: positive.default(2),
      /** …or its battery unchanged while it moved this far. */
      batteryAfterKm: positive.default(10),
      /** A charge point's energy register unchanged for this long while charging at `minPowerW` or more. */
      energyAfterMinutes: positive.default(10),
      minPowerW: positive.default(1000),
    }).prefault({}),
    authFailures: z.strictObject({
      /** At least `failures` failed logins in the device's name within `windowSeconds`… */
      failures: count.default(5),
      windowSeconds: positive.default(600),
      /** …cleared by a successful login, or after this long without a failure. */
      quietSeconds: positive.default(1800),
    }).prefault({}),
  })
  .refine((thresholds) => thresholds.lowBattery.clearAtPercent > thresholds.lowBattery.belowPercent, {
    message: 'lowBattery.clearAtPercent must be above lowBattery.belowPercent',
    path: ['lowBattery', 'clearAtPercent'],
  })
  .refine(
    (thresholds) => thresholds.impossibleCombination.holdSeconds >= thresholds.flapping.windowSeconds / thresholds.flapping.maxTransitions,
    {
      message: 'impossibleCombination.holdSeconds must be at least flapping.windowSeconds / flapping.maxTransitions, or one flapping sensor raises two alarms',
      path: ['impossibleCombination', 'holdSeconds'],
    },
  );

export type AlarmThresholds = z.output<typeof alarmThresholdsSchema>;

export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = alarmThresholdsSchema.parse({});

export class AlarmConfigError extends Error {}

/** The thresholds a parsed JSON document asks for, on top of the defaults. */
export function parseAlarmThresholds(json: unknown, source = 'alarm config'): AlarmThresholds {
  const parsed = alarmThresholdsSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  throw new AlarmConfigError(`Invalid ${source}:\n  ${lines.join('\n  ')}`);
}

/** Reads the thresholds file; null: the defaults. */
export async function readAlarmThresholds(path: string | null): Promise<AlarmThresholds> {
  if (path === null) return DEFAULT_ALARM_THRESHOLDS;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AlarmConfigError(`Cannot read the alarm config ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AlarmConfigError(`The alarm config ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseAlarmThresholds(json, `alarm config ${path}`);
}
