/**
 * Finding devices in headless Chromium, against the real backend and the simulated fleet: filters (from
 * a shared link, the filter bar and the header counts) agree with the console's own data in both the
 * count and the list; Ctrl+K finds a car by a plate typed anyhow and a station by name, and opens them;
 * the list opens devices by click and by j/k/Enter; ? lists the shortcuts. Screenshots in
 * test-results/console/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, openSignedInConsole, prepareConsoleRun } from './support/console-browser.js';
import type { ConsolePage } from './support/console-page.js';
import { FindPage, type HeldDevice } from './support/find-page.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';

const WAIT_MS = 15_000;

describe('finding devices in the web console', () => {
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

  /** A signed-in console at `hash`, with the whole fleet. */
  async function openConsole(hash = ''): Promise<{ page: Page; find: FindPage; console: ConsolePage }> {
    const { page, console } = await openSignedInConsole(browser, system, { hash });
    return { page, find: new FindPage(page), console };
  }

  /**
   * Waits until the filter bar's count, the list's count and the console's data agree on `matches`,
   * and every row on screen passes it. States change as cars drive, so the three are read until they
   * settle on the same answer.
   */
  async function expectShownToMatch(find: FindPage, matches: (device: HeldDevice) => boolean): Promise<number> {
    let expected = -1;
    // '' once they agree; otherwise what disagrees, for the failure message.
    const disagreement = async () => {
      const held = await find.heldDevices();
      expected = held.filter(matches).length;
      const byId = new Map(held.map((device) => [device.id, device]));
      const rows = await find.visibleRows();
      const strayRows = rows.filter((row) => {
        const device = byId.get(row.id);
        return device === undefined || !matches(device) || row.kind !== device.kind || row.status !== device.status;
      });
      const { shown } = await find.filterCount();
      const listed = await find.listCount();
      const problems = [
        shown === expected ? '' : `filter bar counts ${shown}`,
        listed === expected ? '' : `list holds ${listed}`,
        strayRows.length === 0 ? '' : `rows not matching: ${strayRows.map((row) => row.id).join(', ')}`,
        rows.length > 0 || expected === 0 ? '' : 'no row on screen',
      ].filter((problem) => problem !== '');
      return problems.length === 0 ? '' : `${problems.join('; ')} where the data says ${expected}`;
    };
    await expect.poll(disagreement, { timeout: WAIT_MS, interval: 300 }).toBe('');
    return expected;
  }

  it('keeps a shared link’s filters through the login, and shows what the filters say, in count and list alike', async () => {
    const { page, find } = await openConsole('#/map?status=charging&kind=car');
    expect(await find.isPressed('state-chip-charging')).toBe(true);
    expect(await find.isPressed('kind-chip-car')).toBe(true);
    expect(await find.isPressed('kind-chip-chargePoint')).toBe(false);
    const chargingCars = await expectShownToMatch(find, (device) => device.kind === 'car' && device.status === 'charging');
    expect(chargingCars).toBeGreaterThan(0);
    expect((await find.filterCount()).total).toBe(system.network.devices.length);

    // Add a state: cars charging or available.
    await page.getByTestId('state-chip-available').click();
    await expectShownToMatch(find, (device) => device.kind === 'car' && (device.status === 'charging' || device.status === 'available'));
    expect(await find.hash()).toMatch(/^#\/map\?kind=car&status=charging,available$/);
    await page.screenshot({ path: join(ARTIFACTS, 'find-1-filters-and-list.png') });

    // Charge points only, any state, on one station picked by typing its name.
    await page.getByTestId('kind-chip-car').click();
    await page.getByTestId('kind-chip-chargePoint').click();
    await page.getByTestId('state-chip-charging').click();
    await page.getByTestId('state-chip-available').click();
    const station = system.network.stations[3];
    if (!station) throw new Error('the test fleet has no fourth station');
    await page.getByTestId('station-filter').click();
    await page.getByTestId('station-filter-input').fill(station.name.slice(0, -1));
    await page.getByTestId('station-choice').filter({ hasText: station.name }).first().click();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('station-filter').textContent()).toContain(station.name);
    const atStation = await expectShownToMatch(find, (device) => device.kind === 'chargePoint' && device.stationId === station.id);
    expect(atStation).toBe(system.network.devices.filter((device) => device.kind === 'chargePoint' && device.stationId === station.id).length);

    // Firmware, with its count.
    await page.getByTestId('clear-filters').click();
    await page.getByTestId('firmware-filter').click();
    await page.getByTestId('firmware-choice').filter({ hasText: '2.3.7' }).click();
    await page.keyboard.press('Escape');
    await expectShownToMatch(find, (device) => device.firmware === '2.3.7');

    // A header count is a filter too: "available" shows only those, clicking again shows everything.
    await page.getByTestId('clear-filters').click();
    await page.getByTestId('count-available').click();
    expect(await find.isPressed('state-chip-available')).toBe(true);
    await expectShownToMatch(find, (device) => device.status === 'available');
    await page.getByTestId('count-available').click();
    await expectShownToMatch(find, () => true);
    expect(await find.hash()).toBe('#/map');
    await page.close();
  });

  it('finds a car by its plate typed without dashes and a station by its name, and opens them', async () => {
    const { page, find } = await openConsole();
    const car = system.network.devices.find((device) => device.kind === 'car' && device.plate !== null && device.id.endsWith('7'));
    if (!car?.plate) throw new Error('the test fleet has no car with a plate');

    await find.openSearch();
    // "12" is in ids, plates, serials and street numbers: the screenshot shows both groups at work.
    await page.getByTestId('search-input').fill('12');
    await page.getByTestId('search-result').and(page.locator('[data-kind="station"]')).first().waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: join(ARTIFACTS, 'find-2-search-palette.png') });
    await find.searchFor(car.plate.replaceAll('-', ' ').toLowerCase(), 'device', car.id);
    expect(await page.getByTestId('search-stats').textContent()).toMatch(/devices searched in [\d.]+ ms/);
    await page.keyboard.press('Enter');
    await page.getByTestId('device-panel-id').filter({ hasText: car.id }).waitFor({ timeout: WAIT_MS });
    expect(await find.isSearchOpen()).toBe(false);
    expect(await find.hash()).toContain(`panel=device:${car.id}`);
    // f follows the selected car, and stops again.
    await page.keyboard.press('f');
    await expect.poll(() => page.getByTestId('follow-toggle').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('f');
    await expect.poll(() => page.getByTestId('follow-toggle').getAttribute('aria-pressed')).toBe('false');

    const station = system.network.stations[7];
    if (!station) throw new Error('the test fleet has no eighth station');
    await page.getByTestId('search-button').click();
    await find.searchFor(station.name, 'station', station.name);
    await page.getByTestId('search-result').and(page.locator('[data-kind="station"]')).filter({ hasText: station.name }).first().click();
    await page.getByTestId('station-panel-name').filter({ hasText: station.name }).waitFor({ timeout: WAIT_MS });
    expect(await find.hash()).toContain(`panel=station:${station.id}`);

    // Esc closes the palette first, then the panel.
    await find.openSearch();
    await page.keyboard.press('Escape');
    expect(await find.isSearchOpen()).toBe(false);
    expect(await page.getByTestId('station-panel').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByTestId('station-panel').waitFor({ state: 'detached', timeout: WAIT_MS });
    await page.close();
  });

  it('opens a device from the list by click, and moves through it with j, k and Enter', async () => {
    const { page, find } = await openConsole('#/map?kind=charge-point');
    await expectShownToMatch(find, (device) => device.kind === 'chargePoint');
    const rows = await find.visibleRows();
    const [first, second, third] = rows;
    if (!first || !second || !third) throw new Error('fewer than three rows in the list');

    await page.locator(`[data-testid="list-row"][data-device-id="${second.id}"]`).click();
    await page.getByTestId('device-panel-id').filter({ hasText: second.id }).waitFor({ timeout: WAIT_MS });
    await expect.poll(async () => (await find.visibleRows()).find((row) => row.isSelected)?.id).toBe(second.id);

    // From the selected row: down twice, up once, Enter opens the third row's device.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await expect.poll(async () => (await find.visibleRows()).find((row) => row.isCursor)?.id).toBe(third.id);
    await page.keyboard.press('Enter');
    await page.getByTestId('device-panel-id').filter({ hasText: third.id }).waitFor({ timeout: WAIT_MS });

    // l hides the list and shows it again; letters typed in a field are text, not shortcuts.
    const canvasWidth = async () => (await page.getByTestId('fleet-canvas').boundingBox())?.width ?? 0;
    const mapWidth = async () => (await page.locator('.map-area').boundingBox())?.width ?? -1;
    await page.keyboard.press('l');
    await page.getByTestId('device-list').waitFor({ state: 'detached', timeout: WAIT_MS });
    // The map takes the list's room, and knows it: its canvas covers the wider map.
    await expect.poll(async () => Math.abs((await canvasWidth()) - (await mapWidth())), { timeout: WAIT_MS }).toBeLessThan(2);
    await page.getByTestId('station-filter').click();
    await page.getByTestId('station-filter-input').pressSequentially('lj');
    expect(await page.getByTestId('device-list').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('l');
    await page.getByTestId('device-list').waitFor({ timeout: WAIT_MS });
    await expect.poll(async () => Math.abs((await canvasWidth()) - (await mapWidth())), { timeout: WAIT_MS }).toBeLessThan(2);
    await page.close();
  });

  it('lists every shortcut with ?, and closes the list with Esc', async () => {
    const { page } = await openConsole();
    await page.keyboard.press('?');
    const help = page.getByTestId('help-overlay');
    await help.waitFor({ timeout: WAIT_MS });
    const text = (await help.textContent()) ?? '';
    for (const words of ['Ctrl', 'Search devices', 'Map', 'Follow the selected car', 'Next / previous device']) expect(text).toContain(words);
    await page.screenshot({ path: join(ARTIFACTS, 'find-3-shortcuts.png') });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached', timeout: WAIT_MS });
    await page.close();
  });
});
