/**
 * One browser with one console page for one run: Chromium headless at 1920x1080, the probe installed
 * before the console's scripts, and a DevTools session for Chromium's own counters and the CPU profile.
 * Base-map tiles come from the backend's process over HTTP (tile-server.ts), as from a tile server.
 */
import { chromium } from 'playwright-core';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { z } from 'zod';
import { ConsolePage } from '../../e2e/support/console-page.js';
import { drawStreetTile } from '../../e2e/support/tiles.js';
import type { Cores } from './options.js';
import { probeScript } from './page-probe.js';
import { launchOnCore } from './pinning.js';
import type { ProbeMarks, ProbeWindow } from './page-probe.js';

export const VIEWPORT = { width: 1920, height: 1080 } as const;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

const marksSchema = z.object({
  submitAtMs: z.number().nullable(),
  socketOpenAtMs: z.number().nullable(),
  snapshotTextAtMs: z.number().nullable(),
  snapshotAtMs: z.number().nullable(),
  snapshotTextLength: z.number().nullable(),
  snapshotBinaryBytes: z.number().nullable(),
  allDevicesAtMs: z.number().nullable(),
  drawnAtMs: z.number().nullable(),
  drawnBy: z.enum(['map', 'nextFrame']).nullable(),
});
const windowSchema = z.object({
  seconds: z.number(),
  frameTimesMs: z.array(z.number()),
  longTasks: z.array(z.object({ startMs: z.number(), durationMs: z.number() })),
  longFrames: z.array(
    z.object({ startMs: z.number(), durationMs: z.number(), renderStartMs: z.number(), scripts: z.array(z.object({ name: z.string(), durationMs: z.number() })) }),
  ),
  deltas: z.number(),
  deltaRows: z.number(),
  deltaBytes: z.number(),
});
const metricsSchema = z.object({ metrics: z.array(z.object({ name: z.string(), value: z.number() })) });
const boxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
const zoomSchema = z.number().nullable();

/** Chromium's own counters for the page (Performance.getMetrics): seconds of work and bytes. */
export interface PageMetrics {
  readonly scriptSeconds: number;
  readonly taskSeconds: number;
  readonly layoutSeconds: number;
  readonly styleSeconds: number;
  readonly heapUsedBytes: number;
  readonly heapTotalBytes: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Calls the probe inside the page; its answer is parsed, as it comes from another program. */
function callProbe(page: Page, method: 'marks' | 'openWindow' | 'takeWindow'): Promise<unknown> {
  return page.evaluate((name) => {
    const probe: unknown = Reflect.get(globalThis, '__consoleBench');
    const call: unknown = probe ? Reflect.get(Object(probe), name) : undefined;
    return typeof call === 'function' ? Reflect.apply(call, probe, []) : null;
  }, method);
}

export class BenchPage {
  readonly page: Page;
  readonly #browser: Browser;
  readonly #devtools: CDPSession;

  private constructor(browser: Browser, page: Page, devtools: CDPSession) {
    this.#browser = browser;
    this.page = page;
    this.#devtools = devtools;
  }

  /** `cores`: Chromium's core, and the one this process goes back to once Chromium is started. */
  static async open(executablePath: string, expectedDevices: number, maxFrames: number, cores: Cores | null): Promise<BenchPage> {
    const launch = () => chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const browser = await (cores ? launchOnCore(cores.browser, cores.backend, launch) : launch());
    try {
      const page = await browser.newPage({ viewport: VIEWPORT });
      const devtools = await page.context().newCDPSession(page);
      await devtools.send('Performance.enable', { timeDomain: 'timeTicks' });
      await page.addInitScript({ content: probeScript({ expectedDevices, maxFrames }) });
      return new BenchPage(browser, page, devtools);
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  /** Opens the console and logs in through its login page, as an operator does. */
  async logIn(url: string, username: string, password: string): Promise<void> {
    await this.page.goto(url);
    await new ConsolePage(this.page).logIn(username, password);
  }

  async marks(): Promise<ProbeMarks> {
    return marksSchema.parse(await callProbe(this.page, 'marks'));
  }

  /** Waits until the probe has seen the whole fleet drawn; the marks say when each step happened. */
  async waitUntilDrawn(timeoutMs: number): Promise<ProbeMarks> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const marks = await this.marks();
      if (marks.drawnAtMs !== null) return marks;
      if (Date.now() > deadline) throw new Error(`the console did not draw the fleet within ${timeoutMs} ms (marks so far: ${JSON.stringify(marks)})`);
      await sleep(100);
    }
  }

  async openWindow(): Promise<void> {
    await callProbe(this.page, 'openWindow');
  }

  async takeWindow(): Promise<ProbeWindow> {
    return windowSchema.parse(await callProbe(this.page, 'takeWindow'));
  }

  async metrics(): Promise<PageMetrics> {
    const { metrics } = metricsSchema.parse(await this.#devtools.send('Performance.getMetrics'));
    const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? 0;
    return {
      scriptSeconds: value('ScriptDuration'),
      taskSeconds: value('TaskDuration'),
      layoutSeconds: value('LayoutDuration'),
      styleSeconds: value('RecalcStyleDuration'),
      heapUsedBytes: value('JSHeapUsedSize'),
      heapTotalBytes: value('JSHeapTotalSize'),
    };
  }

  async startProfile(): Promise<void> {
    await this.#devtools.send('Profiler.enable');
    await this.#devtools.send('Profiler.setSamplingInterval', { interval: 200 });
    await this.#devtools.send('Profiler.start');
  }

  async stopProfile(): Promise<unknown> {
    const { profile } = await this.#devtools.send('Profiler.stop');
    await this.#devtools.send('Profiler.disable');
    return profile;
  }

  async startTrace(categories: readonly string[]): Promise<void> {
    await this.#browser.startTracing(this.page, { categories: [...categories], screenshots: false });
  }

  async stopTrace(): Promise<Buffer> {
    return this.#browser.stopTracing();
  }

  /** The map's zoom, or null when no map is shown. */
  async mapZoom(): Promise<number | null> {
    return zoomSchema.parse(await this.page.evaluate('window.__cyberponiesFleet?.mapState()?.zoom ?? null'));
  }

  /**
   * The base-map tile the benchmark's tile server answers with: real tiles' size and detail (a one-pixel
   * tile stretched over 256 costs the compositor nothing like one), drawn once in a throwaway browser.
   */
  static async drawTile(executablePath: string): Promise<Buffer> {
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      return await drawStreetTile(browser);
    } finally {
      await browser.close();
    }
  }

  /** The map's area on the page. */
  async mapBox(): Promise<{ x: number; y: number; width: number; height: number }> {
    return boxSchema.parse(await this.page.locator('.leaflet-container').boundingBox());
  }

  /** Zooms by whole levels with the mouse wheel at a point, as an operator does, and waits for the animation. */
  async wheelZoom(levels: number, at: { readonly x: number; readonly y: number }): Promise<void> {
    await this.page.mouse.move(at.x, at.y);
    // Leaflet turns one wheel burst into at most 4 levels: 60 px a level for one, a long burst for 4.
    const steps = Math.abs(levels);
    const perBurst = steps >= 4 ? 4 : 1;
    for (let done = 0; done < steps; done += perBurst) {
      await this.page.mouse.wheel(0, (levels > 0 ? -1 : 1) * (perBurst === 4 ? 5000 : 60));
      await sleep(450);
    }
  }

  /** Drags the map by (dx, dy) at about 60 moves a second; lets go early at `deadlineMs`. */
  async drag(from: { readonly x: number; readonly y: number }, dx: number, dy: number, durationMs: number, deadlineMs = Number.POSITIVE_INFINITY): Promise<void> {
    const steps = Math.max(2, Math.round(durationMs / 16));
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    for (let step = 1; step <= steps && performance.now() < deadlineMs; step++) {
      await this.page.mouse.move(from.x + (dx * step) / steps, from.y + (dy * step) / steps);
      await sleep(16);
    }
    await this.page.mouse.up();
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  async close(): Promise<void> {
    await this.#browser.close();
  }
}
