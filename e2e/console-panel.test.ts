/**
 * The device panel and the station view in headless Chromium, against the real backend and the simulated
 * fleet: a car's state with the age of every value, its timeline as its lock flaps, its battery chart once
 * history is written, its station with the charge points and the cars parked there. Screenshots are kept
 * in test-results/console/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, openSignedInConsole, prepareConsoleRun } from './support/console-browser.js';
import type { ConsolePage } from './support/console-page.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';

const WAIT_MS = 30_000;

describe('the device panel and the station view', () => {
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  let console: ConsolePage;
  let carId = '';
  let stationId = '';

  const panel = () => page.getByTestId('device-panel');
  const text = async (testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

  beforeAll(async () => {
    await prepareConsoleRun();
    // Nobody drives: every car stays parked at its station, so the station view has cars to show.
    system = await startSystem({ drivingShare: 0 });
    await system.waitUntilAllOnline();
    browser = await launchChromium();
    ({ page, console } = await openSignedInConsole(browser, system));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('shows a car’s state with its age, and each sensor with the time since it changed', async () => {
    const parked = [...system.simulation.world.cars.values()].filter((car) => car.trip === null && car.speedKmh === 0).map((car) => car.id);
    carId = await console.openFirstDeviceOnScreen(parked);
    stationId = system.simulation.world.cars.get(carId)?.stationId ?? '';
    expect(await page.getByTestId('panel-tab-state').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => text('car-battery'), { timeout: WAIT_MS }).toMatch(/^\d{1,3} %$/);
    // The car section says how old its values are; every sensor says for how long it has held its value.
    expect(await page.getByTestId('section-age').first().textContent()).toMatch(/as of (just now|\d+ s ago)/);
    for (const sensor of ['doorsOpen', 'locked', 'plugged', 'charging', 'ignition']) {
      expect(await text(`sensor-since-${sensor}`)).toMatch(/^for \d+ (s|min|h|d)/);
    }
    const identity = await text('device-identity');
    expect(identity).toContain(system.network.devices.find((device) => device.id === carId)?.plate ?? '?');
    expect(identity).toContain(system.network.stations.find((station) => station.id === stationId)?.name ?? '?');
    await expect.poll(() => text('device-panel-age'), { timeout: WAIT_MS }).toMatch(/last heard (just now|\d+ s ago)/);

    // The Follow toggle is a button that says whether it is on.
    const follow = page.getByTestId('follow-toggle');
    await follow.click();
    expect(await follow.getAttribute('aria-pressed')).toBe('true');
    await follow.click();
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    await page.screenshot({ path: join(ARTIFACTS, 'panel-1-car-state.png') });
  });

  it('lists the car’s events, newest first, as its lock changes', async () => {
    // The car's lock is reported flipping every 1.5 s: each flip is an event in its history.
    system.simulation.faults.inject(carId, { kind: 'flapping', everyMs: 1_500, sensor: 'locked' });
    try {
      // Reached from the keyboard: the selected tab takes the focus, arrows move between tabs.
      await page.getByTestId('panel-tab-state').focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.getByTestId('panel-tab-timeline').getAttribute('aria-selected')).toBe('true');
      await expect
        .poll(async () => (await page.getByTestId('timeline-event').allTextContents()).filter((row) => /locked|unlocked/i.test(row)).length, { timeout: WAIT_MS })
        .toBeGreaterThanOrEqual(2);
    } finally {
      system.simulation.faults.clear(carId);
    }
    const rows = await page.getByTestId('timeline-event').allTextContents();
    expect(rows[0]).toMatch(/(just now|\d+ s ago)/);
    const times = await page.locator('[data-testid="timeline-event"] time').evaluateAll((nodes) => nodes.map((node) => Date.parse(node.getAttribute('datetime') ?? '')));
    expect(times).toEqual([...times].sort((left, right) => right - left));
    // The absolute time is on hover, in the operator's zone.
    expect(await page.locator('[data-testid="timeline-event"] time').first().getAttribute('title')).toMatch(/^Happened \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} /);
    await page.screenshot({ path: join(ARTIFACTS, 'panel-2-car-timeline.png') });
  });

  it('charts the car’s battery once history is written', async () => {
    await page.getByTestId('panel-tab-charts').click();
    await page.getByTestId('chart-window-1h').click();
    expect(await page.getByTestId('chart-window-1h').getAttribute('aria-pressed')).toBe('true');
    // The chart refetches at most every 15 s while the car changes; history builds up as states come in.
    await expect
      .poll(async () => Number((await page.getByTestId('chart-battery').getAttribute('data-points', { timeout: 500 }).catch(() => null)) ?? 0), { timeout: 60_000, interval: 1_000 })
      .toBeGreaterThanOrEqual(2);
    const line = page.locator('[data-testid="chart-battery"] .recharts-line-curve');
    await line.waitFor({ timeout: WAIT_MS });
    expect((await line.getAttribute('d')) ?? '').toMatch(/^M[\d.]+,[\d.]+L/);
    expect(await text('chart-battery')).toMatch(/100 %/);
    await page.screenshot({ path: join(ARTIFACTS, 'panel-3-car-charts.png') });

    // A week: the same history, or an honest empty chart, never a hanging "Loading".
    await page.getByTestId('chart-window-7d').click();
    await page.locator('[data-testid="chart-battery"], [data-testid="chart-empty-battery"]').first().waitFor({ timeout: WAIT_MS });
    expect(await panel().textContent()).not.toMatch(/Loading history/);
  });

  it('opens the car’s station with its charge points and the cars parked there, and a charge point from it', async () => {
    await page.getByTestId('panel-tab-state').click();
    await page.getByTestId('station-link').click();
    const station = page.getByTestId('station-panel');
    await station.waitFor({ timeout: WAIT_MS });
    const stationName = system.network.stations.find((candidate) => candidate.id === stationId)?.name ?? '?';
    expect(await text('station-panel-name')).toBe(stationName);

    const chargePointIds = system.network.devices.filter((device) => device.kind === 'chargePoint' && device.stationId === stationId).map((device) => device.id);
    await expect.poll(() => page.getByTestId('station-charge-point').count(), { timeout: WAIT_MS }).toBe(chargePointIds.length);
    const shownChargePoints = await page.getByTestId('station-charge-point').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-device-id')));
    expect([...shownChargePoints].sort()).toEqual([...chargePointIds].sort());
    const parkedHere = await page.getByTestId('station-car').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-device-id')));
    expect(parkedHere).toContain(carId);
    expect(await text('station-counts')).toMatch(/\d+ cars? parked/);
    await page.screenshot({ path: join(ARTIFACTS, 'panel-4-station.png') });

    // Back to the car it came from, and to the station again.
    await page.getByTestId('station-back').click();
    await page.getByTestId('device-panel-id').filter({ hasText: carId }).waitFor({ timeout: WAIT_MS });
    await page.getByTestId('panel-back-to-station').click();
    await station.waitFor({ timeout: WAIT_MS });

    const chargePointId = chargePointIds[0] ?? '';
    await page.locator(`[data-testid="station-charge-point"][data-device-id="${chargePointId}"]`).click();
    await page.getByTestId('device-panel-id').filter({ hasText: chargePointId }).waitFor({ timeout: WAIT_MS });
    await expect.poll(() => text('connectors'), { timeout: WAIT_MS }).toMatch(/#\d/);
    expect(await text('panel-back-to-station')).toContain(stationName);
    await page.screenshot({ path: join(ARTIFACTS, 'panel-5-charge-point-from-station.png') });
    await page.getByTestId('panel-tab-charts').click();
    await page.locator('[data-testid="chart-power"], [data-testid="chart-empty-power"]').first().waitFor({ timeout: WAIT_MS });
    expect(await text('charts')).toMatch(/Power kW[\s\S]*Energy register kWh/);
    await page.screenshot({ path: join(ARTIFACTS, 'panel-6-charge-point-charts.png') });
    await page.getByTestId('panel-tab-state').click();

    // Esc closes the charge point and shows the station under it; Esc again closes the station.
    await page.keyboard.press('Escape');
    await station.waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Escape');
    await station.waitFor({ state: 'detached', timeout: WAIT_MS });
  });
});
