/**
 * The Fleet Console as a test sees it, the same in headless Chromium and in an Electron window: log in,
 * wait for the fleet, find a device on the map, open its panel.
 */
import type { Page } from 'playwright-core';
import { z } from 'zod';

const pointSchema = z.object({ x: z.number(), y: z.number() }).nullable();
const PAGE_TIMEOUT_MS = 30_000;

const CLICK_ATTEMPTS = 3;
const CLICK_RETRY_MS = 3000;

export class ConsolePage {
  constructor(readonly page: Page) {}

  async logIn(username: string, password: string): Promise<void> {
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
  }

  async loginError(): Promise<string> {
    const error = this.page.getByTestId('login-error').filter({ hasText: /\S/ });
    await error.waitFor({ timeout: PAGE_TIMEOUT_MS });
    return (await error.textContent()) ?? '';
  }

  async connectionState(): Promise<string> {
    return (await this.page.getByTestId('connection-state').textContent()) ?? '';
  }

  /** A header count as a number (the element carries it in data-value). */
  async count(name: 'devices' | 'available' | 'faulted' | 'offline' | 'stale'): Promise<number> {
    const value = await this.page.getByTestId(`count-${name}`).getAttribute('data-value');
    return Number(value);
  }

  /** Waits until the map holds `devices` devices and the header says LIVE. */
  async waitForFleet(devices: number): Promise<void> {
    await this.page.getByTestId('fleet-map').waitFor({ timeout: PAGE_TIMEOUT_MS });
    await this.page.waitForFunction((expected) => {
      const hook: unknown = Reflect.get(globalThis, '__cyberponiesFleet');
      const deviceCount: unknown = hook ? Reflect.get(Object(hook), 'deviceCount') : undefined;
      return typeof deviceCount === 'function' && Reflect.apply(deviceCount, hook, []) === expected;
    }, devices, { timeout: PAGE_TIMEOUT_MS });
    await this.page.getByTestId('connection-state').filter({ hasText: /live/i }).waitFor({ timeout: PAGE_TIMEOUT_MS });
  }

  /** Where a device is drawn, in page pixels, or null when it is off screen. */
  async devicePoint(deviceId: string): Promise<{ x: number; y: number } | null> {
    const point = await this.page.evaluate((id) => {
      const hook: unknown = Reflect.get(globalThis, '__cyberponiesFleet');
      const project: unknown = hook ? Reflect.get(Object(hook), 'projectDevice') : undefined;
      return typeof project === 'function' ? Reflect.apply(project, hook, [id]) : null;
    }, deviceId);
    return pointSchema.parse(point);
  }

  /**
   * Clicks the first of `deviceIds` that is on screen and waits for its panel; returns its id. A moving
   * car can leave the spot it was drawn at before the click lands there (the map redraws moves a few
   * times a second), so a click that opened nothing is tried again where the car is drawn now.
   */
  async openFirstDeviceOnScreen(deviceIds: readonly string[]): Promise<string> {
    for (const deviceId of deviceIds) {
      const panel = this.page.getByTestId('device-panel-id').filter({ hasText: deviceId });
      for (let attempt = 1; attempt <= CLICK_ATTEMPTS; attempt++) {
        const point = await this.devicePoint(deviceId);
        if (!point) break;
        await this.page.mouse.click(point.x, point.y);
        try {
          await panel.waitFor({ timeout: attempt === CLICK_ATTEMPTS ? PAGE_TIMEOUT_MS : CLICK_RETRY_MS });
          return deviceId;
        } catch (error) {
          if (attempt === CLICK_ATTEMPTS) throw error;
        }
      }
    }
    throw new Error(`none of ${deviceIds.length} devices is on screen`);
  }

  async panelText(): Promise<string> {
    return (await this.page.getByTestId('device-panel').textContent()) ?? '';
  }

  async closePanel(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.getByTestId('device-panel').waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
  }
}
