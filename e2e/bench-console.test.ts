/**
 * bench:console at small scale, end to end: its backend process with a fleet and the feeder, the built
 * console in headless Chromium, every scenario, and the profile. Checks that the harness measures what
 * it says: frames counted, the update rate reaching the page, every device drawn, the map where each
 * scenario puts it, and a profile that names the page's functions. Its figures are not judged here.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOptions } from '../bench/console/options.js';
import { runConsoleBench } from '../bench/console/run.js';
import { PROJECT_ROOT } from './support/electron.js';

const DEVICES = 2000;
const RATE = 1000;

describe('bench:console at small scale', () => {
  let results = '';

  afterAll(async () => {
    if (results) await rm(results, { recursive: true, force: true });
  });

  it('counts frames, receives the update rate, draws every device and profiles the worst scenario', async () => {
    if (!existsSync(join(PROJECT_ROOT, 'out', 'renderer', 'index.html'))) throw new Error('the console is not built: run npm run build');
    results = await mkdtemp(join(tmpdir(), 'cyberponies-bench-console-test-'));
    const flags = ['--devices', String(DEVICES), '--rate', String(RATE), '--seconds', '2', '--warmup', '0.25', '--runs', '1', '--no-pin', '--results', results];
    // PGlite whatever DATABASE_URL says: the store is not what this measures.
    const result = await runConsoleBench({ ...parseOptions(flags), databaseUrl: null });

    expect(result.runs).toHaveLength(1);
    const connect = result.runs[0]?.connect;
    expect(connect?.drawnBy).toMatch(/^(map|nextFrame)$/);
    expect(connect?.connectToDrawnMs).toBeGreaterThan(0);
    expect(connect?.loginToDrawnMs).toBeGreaterThanOrEqual(connect?.connectToDrawnMs ?? Number.POSITIVE_INFINITY);

    // Where each scenario left the map (pan and zoom goes between 12 and 14).
    const zooms = { city: [12, 12], street: [16, 16], panZoom: [12, 14] } as const;
    for (const name of ['city', 'street', 'panZoom'] as const) {
      const figures = result.runs[0]?.scenarios[name];
      expect(figures, name).toBeDefined();
      if (!figures) continue;
      expect(figures.frameMs.frames, name).toBeGreaterThan(10);
      expect(figures.frameMs.p50, name).toBeGreaterThan(0);
      expect(figures.frameMs.max, name).toBeGreaterThanOrEqual(figures.frameMs.p95);
      expect(figures.scriptMsPerFrame, name).toBeGreaterThan(0);
      expect(figures.memory.heapUsedMb, name).toBeGreaterThan(0);
      expect(figures.memory.rendererRssMb, name).toBeGreaterThan(0);
      expect(figures.cpuPercentOfOneCore.renderer, name).toBeGreaterThan(0);
      // The feeder keeps to its rate, and each device speaks less often than the hub's window, so every
      // message reaches the page as one row.
      expect(figures.updates.appliedPerSecond, name).toBeGreaterThan(RATE * 0.9);
      expect(figures.updates.appliedPerSecond, name).toBeLessThan(RATE * 1.1);
      expect(figures.updates.pageRowsPerSecond, name).toBeGreaterThan(RATE * 0.75);
      expect(figures.updates.pageRowsPerSecond, name).toBeLessThan(RATE * 1.25);
      expect(figures.updates.pageDeltasPerSecond, name).toBeGreaterThan(5);
      expect(figures.zoom, name).toBeGreaterThanOrEqual(zooms[name][0]);
      expect(figures.zoom, name).toBeLessThanOrEqual(zooms[name][1]);
      expect(existsSync(join(results, `console-${name}.png`)), name).toBe(true);
    }

    expect(result.verdicts.map((verdict) => verdict.target)).toContain('connect to fully drawn ≤ 1000 ms');
    const profile = result.profile;
    expect(profile).not.toBeNull();
    expect(existsSync(profile?.file ?? '')).toBe(true);
    expect(profile?.summary.bySelf.length).toBeGreaterThan(3);
    // The page's own code shows up, found in the served bundle.
    expect(profile?.summary.byTotal.some((entry) => entry.where.includes('.js:') && entry.source !== null)).toBe(true);
  }, 120_000);
});
