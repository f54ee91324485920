import { describe, expect, it } from 'vitest';
import type { DeviceSeries, SeriesPoint } from '../../../shared/device-history.js';
import {
  CHART_SPECS,
  CHART_WINDOWS,
  chartRange,
  formatPointTime,
  formatTick,
  formatValue,
  summarise,
  timeTicks,
  toChartRows,
  zoneOffsetMs,
} from './chart-series.js';

const T0 = Date.UTC(2025, 10, 27, 13, 0, 0);
const BUCKET = 20_000;

function point(atMs: number, values: Partial<SeriesPoint>): SeriesPoint {
  return { atMs, batteryPercent: null, speedKmh: null, rangeKm: null, energyWh: null, powerW: null, ...values };
}

function series(points: readonly SeriesPoint[]): DeviceSeries {
  return { deviceId: 'car-1', fromMs: T0, toMs: T0 + 3_600_000, bucketMs: BUCKET, points };
}

const spec = (kind: 'car' | 'chargePoint', id: string) => {
  const found = CHART_SPECS[kind].find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no chart ${id}`);
  return found;
};

describe('chart windows', () => {
  it('offers 1 h, 6 h, 24 h and 7 d, each ending now', () => {
    expect(CHART_WINDOWS.map((window) => window.label)).toEqual(['1 h', '6 h', '24 h', '7 d']);
    const now = T0 + 12_345;
    expect(chartRange('6h', now)).toEqual({ fromMs: T0 + 13_000 - 6 * 3_600_000, toMs: T0 + 13_000 });
    expect(chartRange('7d', now).toMs - chartRange('7d', now).fromMs).toBe(7 * 86_400_000);
  });

  it('puts few enough time labels on each window to fit a panel-wide axis', () => {
    for (const window of CHART_WINDOWS) {
      const { fromMs, toMs } = chartRange(window.id, T0 + 1_234_567);
      const ticks = timeTicks(fromMs, toMs, window.tickStepMs, 'Europe/Paris');
      expect(ticks.length, window.label).toBeGreaterThanOrEqual(3);
      expect(ticks.length, window.label).toBeLessThanOrEqual(6);
    }
  });
});

describe('from a series to chart rows', () => {
  it('takes one quantity, scaled to its unit, oldest first', () => {
    const rows = toChartRows(
      series([point(T0, { powerW: 3_700, energyWh: 12_000 }), point(T0 + BUCKET, { powerW: 7_400, energyWh: 12_050 })]),
      spec('chargePoint', 'power').pick,
    );
    expect(rows).toEqual([
      { atMs: T0, value: 3.7 },
      { atMs: T0 + BUCKET, value: 7.4 },
    ]);
  });

  it('skips buckets without the quantity and breaks the line where the device was silent', () => {
    const battery = spec('car', 'battery').pick;
    const rows = toChartRows(
      series([
        point(T0, { batteryPercent: 80 }),
        point(T0 + BUCKET, { batteryPercent: null, speedKmh: 20 }),
        point(T0 + 2 * BUCKET, { batteryPercent: 79 }),
        // Ten buckets of nothing: a break, not a straight line across.
        point(T0 + 12 * BUCKET, { batteryPercent: 70 }),
      ]),
      battery,
    );
    expect(rows).toEqual([
      { atMs: T0, value: 80 },
      { atMs: T0 + 2 * BUCKET, value: 79 },
      { atMs: T0 + 3 * BUCKET, value: null },
      { atMs: T0 + 12 * BUCKET, value: 70 },
    ]);
  });

  it('gives no rows when nothing was said in the window', () => {
    expect(toChartRows(series([]), spec('car', 'speed').pick)).toEqual([]);
    expect(toChartRows(series([point(T0, { speedKmh: 12 })]), spec('car', 'battery').pick)).toEqual([]);
  });

  it('summarises latest, range and change over the window', () => {
    const rows = [
      { atMs: T0, value: 100.5 },
      { atMs: T0 + BUCKET, value: null },
      { atMs: T0 + 2 * BUCKET, value: 112.75 },
    ];
    expect(summarise(rows)).toEqual({ latest: { atMs: T0 + 2 * BUCKET, value: 112.75 }, min: 100.5, max: 112.75, change: 12.25 });
    expect(summarise([])).toEqual({ latest: null, min: null, max: null, change: null });
  });

  it('writes values with their unit', () => {
    expect(formatValue(12.345, spec('chargePoint', 'energy'))).toBe('12.3 kWh');
    expect(formatValue(64, spec('car', 'battery'))).toBe('64 %');
    expect(formatValue(null, spec('car', 'speed'))).toBe('—');
  });
});

describe('time on the axis in the operator’s zone', () => {
  it('knows a zone’s offset, daylight saving included', () => {
    expect(zoneOffsetMs(T0, 'Europe/Paris')).toBe(3_600_000);
    expect(zoneOffsetMs(Date.UTC(2025, 6, 1), 'Europe/Paris')).toBe(7_200_000);
    expect(zoneOffsetMs(T0, 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
    expect(zoneOffsetMs(T0, 'UTC')).toBe(0);
  });

  it('puts ticks on whole local hours and local midnights', () => {
    const from = Date.UTC(2025, 10, 27, 10, 20);
    expect(timeTicks(from, from + 3 * 3_600_000, 3_600_000, 'Asia/Kolkata').map((tick) => formatTick(tick, '6h', 'Asia/Kolkata'))).toEqual([
      '16:00',
      '17:00',
      '18:00',
    ]);
    const days = timeTicks(from, from + 3 * 86_400_000, 86_400_000, 'Europe/Paris');
    expect(days.map((tick) => new Date(tick).toISOString())).toEqual(['2025-11-27T23:00:00.000Z', '2025-11-28T23:00:00.000Z', '2025-11-29T23:00:00.000Z']);
    expect(formatTick(days[0] ?? 0, '7d', 'Europe/Paris')).toBe('Fri 28');
  });

  it('keeps midnight at midnight across a daylight-saving change', () => {
    // Paris leaves summer time on 26 October 2025.
    const from = Date.UTC(2025, 9, 24, 12);
    const days = timeTicks(from, from + 4 * 86_400_000, 86_400_000, 'Europe/Paris');
    expect(days.map((tick) => new Date(tick).toISOString())).toEqual([
      '2025-10-24T22:00:00.000Z',
      '2025-10-25T22:00:00.000Z',
      '2025-10-26T23:00:00.000Z',
      '2025-10-27T23:00:00.000Z',
    ]);
  });

  it('writes the time of a point with its day', () => {
    expect(formatPointTime(T0, 'Europe/Paris')).toBe('Thu 27 Nov, 14:00');
  });
});
