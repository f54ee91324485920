/**
 * The web console in headless Chromium against the real backend and the simulated fleet: log in, see the
 * whole fleet live on the map, open a device. Screenshots are kept in test-results/console/.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, prepareConsoleRun } from './support/console-browser.js';
import { ConsolePage } from './support/console-page.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';


describe('the web console in Chromium', () => {
  let system: RunningSystem;
  let browser: Browser;

  beforeAll(async () => {
    await prepareConsoleRun();
    system = await startSystem();
    await system.waitUntilAllOnline();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('refuses a wrong password with a clear message', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const console = new ConsolePage(page);
    await page.goto(system.url);
    await console.logIn(system.username, 'not-the-password');
    expect(await console.loginError()).toMatch(/wrong username or password/i);
    await page.screenshot({ path: join(ARTIFACTS, '1-login-refused.png') });
    await page.close();
  });

  it('logs in, shows the whole fleet live on the map, and opens a device’s panel on click', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const console = new ConsolePage(page);
    await page.goto(system.url);
    await console.logIn(system.username, system.password);
    await console.waitForFleet(system.network.devices.length);
    await expect.poll(() => console.count('devices'), { timeout: 5_000 }).toBe(system.network.devices.length);
    expect(await console.count('offline')).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, '2-map.png') });

    const cars = system.network.devices.filter((device) => device.kind === 'car').map((device) => device.id);
    const carId = await console.openFirstDeviceOnScreen(cars);
    const plate = system.network.devices.find((device) => device.id === carId)?.plate ?? '';
    await expect.poll(() => console.panelText(), { timeout: 10_000 }).toMatch(/battery/i);
    expect(await console.panelText()).toContain(plate);
    await expect.poll(async () => (await page.getByTestId('device-panel-age').textContent()) ?? '', { timeout: 10_000 }).toMatch(/ago|now/i);
    await page.screenshot({ path: join(ARTIFACTS, '3-car-panel.png') });

    const chargePoints = system.network.devices.filter((device) => device.kind === 'chargePoint').map((device) => device.id);
    await console.closePanel();
    await console.openFirstDeviceOnScreen(chargePoints);
    // The panel opens at once and fills in when the backend answers device:get.
    await expect.poll(() => console.panelText(), { timeout: 10_000 }).toMatch(/connector/i);
    await page.screenshot({ path: join(ARTIFACTS, '4-charge-point-panel.png') });
    await page.close();
  });
});
