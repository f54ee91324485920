/**
 * The supervisor review and the alarms drawn on the map as a test sees them: the review's state, tiles
 * and tables, the colour the map painted round a device, the alarm filter.
 */
import type { Page } from 'playwright-core';
import { z } from 'zod';

const WAIT_MS = 30_000;

const pixelsSchema = z.array(z.tuple([z.number(), z.number(), z.number(), z.number()]));

export class ReviewPage {
  constructor(readonly page: Page) {}

  async openReview(): Promise<void> {
    await this.page.evaluate("window.location.hash = '#/review'");
    await this.page.getByTestId('review-view').waitFor({ timeout: WAIT_MS });
  }

  async waitForLoaded(): Promise<void> {
    await this.page.locator('[data-testid="review-view"][data-state="loaded"]').waitFor({ timeout: WAIT_MS });
  }

  async tile(name: 'raised' | 'mtta' | 'mttc'): Promise<string> {
    return ((await this.page.getByTestId(`review-${name}`).locator('.review-tile-value').textContent()) ?? '').trim();
  }

  /** Ids of the noisiest devices (or stations), top first. */
  async noisy(thing: 'device' | 'station'): Promise<string[]> {
    return this.page.getByTestId(`noisy-${thing}`).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''));
  }

  async legend(): Promise<string[]> {
    return this.page.getByTestId('review-legend-item').evaluateAll((items) => items.map((item) => item.textContent ?? ''));
  }

  /**
   * The colours the devices' canvas holds on a circle of `radius` CSS pixels round a page point, as
   * [r, g, b, a], one per step round the circle.
   */
  async ringPixels(point: { x: number; y: number }, radius: number, steps = 24): Promise<[number, number, number, number][]> {
    // Run in the page, as text: this side of the test has no DOM types.
    const script = `(({ x, y, radius, steps }) => {
      const canvas = document.querySelector('canvas.fleet-canvas-devices');
      if (!canvas) return [];
      const context = canvas.getContext('2d');
      const box = canvas.getBoundingClientRect();
      const ratio = canvas.width / box.width;
      const found = [];
      for (let step = 0; step < steps; step++) {
        const angle = (step / steps) * Math.PI * 2;
        const pixelX = Math.round((x - box.left + Math.cos(angle) * radius) * ratio);
        const pixelY = Math.round((y - box.top + Math.sin(angle) * radius) * ratio);
        found.push(Array.from(context.getImageData(pixelX, pixelY, 1, 1).data));
      }
      return found;
    })(${JSON.stringify({ ...point, radius, steps })})`;
    const pixels: unknown = await this.page.evaluate(script);
    return pixelsSchema.parse(pixels);
  }

  /** The URL's hash, as the console wrote it. */
  hash(): string {
    return new URL(this.page.url()).hash;
  }

  async chooseAlarmFilter(value: 'all' | 'any' | 'critical' | 'major' | 'minor' | 'none'): Promise<void> {
    await this.page.getByTestId('alarm-filter').click();
    await this.page.getByTestId(`alarm-choice-${value}`).click();
  }
}

/** "#rrggbb" as [r, g, b]. */
export function rgbOf(hex: string): number[] {
  return [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
}

export function colourDistance(first: readonly number[], second: readonly number[]): number {
  return Math.hypot((first[0] ?? 0) - (second[0] ?? 0), (first[1] ?? 0) - (second[1] ?? 0), (first[2] ?? 0) - (second[2] ?? 0));
}
