/**
 * Maintenance windows in the console, in headless Chromium against the real backend and the simulated
 * fleet (issue 5, "a maintenance window that suppresses a device's alarms"): an admin puts a charge point
 * under maintenance for 1 h from the keyboard and sees the banner; an alarm raised for it meanwhile is
 * kept but not counted, and shows in the alarms view only with "Show suppressed"; ending the window from
 * the banner brings the alarm back into the counts. A dispatcher sees the banner, and a planned window,
 * but cannot create or end one. Screenshots in test-results/console/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OperatorIdentity } from '../shared/console-api.js';
import { AlarmsPage } from './support/alarms-page.js';
import { ARTIFACTS, launchChromium, openSignedInConsole, prepareConsoleRun } from './support/console-browser.js';
import { ConsolePage } from './support/console-page.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';

const WAIT_MS = 30_000;
const HOUR = 3_600_000;
/** "16:00", or "Sat 28 Nov, 00:25" when the hour ends after midnight. */
const CLOCK = '(\\w{3} \\d{1,2} \\w{3}, )?\\d{2}:\\d{2}';
const REASON = 'Connector 2 replaced by Enedis, ticket 4821';

const heldAlarmSchema = z.array(z.object({ id: z.number(), deviceId: z.string(), type: z.string(), isSuppressed: z.boolean() }));

/** Opens a device's or a station's panel the way a shared link does. */
async function openPanel(page: Page, kind: 'device' | 'station', id: string): Promise<void> {
  await page.evaluate((hash) => Reflect.set(Reflect.get(globalThis, 'location'), 'hash', hash), `#/map?panel=${kind}:${id}`);
  await page.getByTestId(kind === 'device' ? 'device-panel' : 'station-panel').waitFor({ timeout: WAIT_MS });
}

/** The alarms the page holds, as its test hook reads them. */
async function heldAlarms(page: Page) {
  const alarms = await page.evaluate(() => {
    const hook: unknown = Reflect.get(globalThis, '__cyberponiesAlarms');
    const read: unknown = hook ? Reflect.get(Object(hook), 'alarms') : undefined;
    return typeof read === 'function' ? Reflect.apply(read, hook, []) : [];
  });
  return heldAlarmSchema.parse(alarms);
}

describe('maintenance windows in the console', () => {
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  let alarms: AlarmsPage;
  let admin: OperatorIdentity;
  let chargePointId = '';
  let stationId = '';
  let alarmId = 0;
  let criticalBefore = 0;

  const text = async (testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

  beforeAll(async () => {
    await prepareConsoleRun();
    system = await startSystem({ drivingShare: 0 });
    await system.waitUntilAllOnline();
    admin = (await system.login()).operator;
    const chargePoint = system.network.devices.find((device) => device.kind === 'chargePoint');
    if (!chargePoint) throw new Error('the test fleet has no charge point');
    chargePointId = chargePoint.id;
    stationId = chargePoint.stationId;
    browser = await launchChromium();
    ({ page } = await openSignedInConsole(browser, system));
    alarms = new AlarmsPage(page);
    await page.getByTestId('alarm-counts').and(page.locator('[data-loaded="true"]')).waitFor({ timeout: WAIT_MS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('puts a charge point under maintenance for 1 h from the keyboard, and shows the banner', async () => {
    await openPanel(page, 'device', chargePointId);
    expect(await page.getByTestId('maintenance-banner').count()).toBe(0);

    await page.getByTestId('maintenance-action').focus();
    await alarms.keys('Enter');
    const dialog = page.getByTestId('maintenance-dialog');
    await dialog.waitFor({ timeout: WAIT_MS });
    // This device, from now, for 1 h: the defaults; the reason has the focus.
    expect(await page.getByTestId('maintenance-scope-device').isChecked()).toBe(true);
    expect(await page.getByTestId('maintenance-start-now').isChecked()).toBe(true);
    expect(await page.getByTestId('maintenance-duration-1h').isChecked()).toBe(true);
    expect(await page.getByTestId('maintenance-reason').evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);

    // Without a reason it is not sent, and says why.
    await alarms.keys('Enter');
    expect(await text('maintenance-problem-reason')).toMatch(/reason is required/);
    expect(system.backend.alarms.maintenance()).toHaveLength(0);

    // Esc cancels; the panel stays open.
    await alarms.keys('Escape');
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await page.getByTestId('device-panel').count()).toBe(1);

    await page.getByTestId('maintenance-action').focus();
    await alarms.keys('Enter');
    await dialog.waitFor({ timeout: WAIT_MS });
    await page.keyboard.type(REASON);
    expect(await text('maintenance-summary')).toMatch(new RegExp(`^From now until ${CLOCK} · 1 h$`));
    await page.screenshot({ path: join(ARTIFACTS, 'maintenance-1-dialog.png') });
    await alarms.keys('Enter');
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });

    const banner = page.getByTestId('maintenance-banner');
    await banner.waitFor({ timeout: WAIT_MS });
    expect(await text('maintenance-when')).toMatch(new RegExp(`^Under maintenance until ${CLOCK} \\((1 h|59 min) left\\)$`));
    expect(await banner.textContent()).toContain(`${REASON} · by admin`);
    expect(await page.getByTestId('maintenance-end').textContent()).toBe('End now');

    const [window] = system.backend.alarms.maintenance();
    expect(window).toMatchObject({ deviceId: chargePointId, stationId: null, reason: REASON, createdBy: 'admin', endedAtMs: null });
    expect((window?.endsAtMs ?? 0) - (window?.startsAtMs ?? 0)).toBe(HOUR);
    await page.mouse.move(0, 1079);
    await page.screenshot({ path: join(ARTIFACTS, 'maintenance-2-banner.png') });
  });

  it('keeps an alarm raised meanwhile out of the counts, and shows it only with "Show suppressed"', async () => {
    criticalBefore = await alarms.headerCount('critical');
    system.backend.alarms.raise({ deviceId: chargePointId, type: 'deviceFault', severity: 'critical', message: 'Connector 2 Faulted: GroundFailure', atMs: Date.now() });
    await expect.poll(async () => (await heldAlarms(page)).filter((alarm) => alarm.deviceId === chargePointId).length, { timeout: WAIT_MS }).toBe(1);
    const held = (await heldAlarms(page)).find((alarm) => alarm.deviceId === chargePointId);
    expect(held).toMatchObject({ type: 'deviceFault', isSuppressed: true });
    alarmId = held?.id ?? 0;
    expect(await alarms.headerCount('critical')).toBe(criticalBefore);

    await alarms.goToAlarms();
    expect(await alarms.row(alarmId).count()).toBe(0);
    await page.getByTestId('alarm-suppressed-toggle').click();
    await alarms.row(alarmId).waitFor({ timeout: WAIT_MS });
    expect(await alarms.row(alarmId).textContent()).toContain('maint.');
    await page.getByTestId('alarm-suppressed-toggle').click();
    await alarms.row(alarmId).waitFor({ state: 'detached', timeout: WAIT_MS });

    // Back to the map, where the device's panel is still open.
    await alarms.keys('g', 'm');
    await page.getByTestId('device-panel-id').filter({ hasText: chargePointId }).waitFor({ timeout: WAIT_MS });
  });

  it('ends the window from the banner: the alarm is counted again', async () => {
    await page.getByTestId('maintenance-end').click();
    await page.getByTestId('maintenance-banner').waitFor({ state: 'detached', timeout: WAIT_MS });
    await expect.poll(async () => (await heldAlarms(page)).find((alarm) => alarm.id === alarmId)?.isSuppressed, { timeout: WAIT_MS }).toBe(false);
    await expect.poll(() => alarms.headerCount('critical'), { timeout: WAIT_MS }).toBe(criticalBefore + 1);
    expect(system.backend.alarms.maintenance()).toHaveLength(0);

    await alarms.goToAlarms();
    await alarms.row(alarmId).waitFor({ timeout: WAIT_MS });
    // From the alarm's panel, the same dialog for the alarm's device, closed again with Esc.
    await alarms.row(alarmId).click();
    await alarms.waitForPanel(alarmId);
    await alarms.panel().getByTestId('maintenance-action').click();
    await page.getByTestId('maintenance-dialog').getByRole('heading').filter({ hasText: chargePointId }).waitFor({ timeout: WAIT_MS });
    await alarms.keys('Escape');
    await page.getByTestId('maintenance-dialog').waitFor({ state: 'detached', timeout: WAIT_MS });
    await alarms.waitForPanel(alarmId);
    await alarms.keys('g', 'm');
  });

  it('shows a dispatcher the banner and a planned window, but no way to create or end one', async () => {
    const nowMs = Date.now();
    const current = await system.backend.alarms.createMaintenance(admin, { deviceId: chargePointId, startsAtMs: nowMs, endsAtMs: nowMs + 2 * HOUR, reason: REASON });
    const planned = await system.backend.alarms.createMaintenance(admin, { stationId, startsAtMs: nowMs + 20 * HOUR, endsAtMs: nowMs + 28 * HOUR, reason: 'Station resurfacing' });
    expect(current.ok && planned.ok).toBe(true);

    // The admin sees the planned one on the station's panel, with the action and a way to cancel it.
    await openPanel(page, 'station', stationId);
    const stationPanel = page.getByTestId('station-panel');
    await stationPanel.getByTestId('maintenance-scheduled').waitFor({ timeout: WAIT_MS });
    expect(await stationPanel.getByTestId('maintenance-when').textContent()).toMatch(/^Scheduled from .+ until .+ \(8 h\)$/);
    expect(await stationPanel.getByTestId('maintenance-end').textContent()).toBe('Cancel');
    expect(await stationPanel.getByTestId('maintenance-action').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'maintenance-3-station-scheduled.png') });

    const password = system.backend.createdOperators.find((operator) => operator.username === 'dispatcher')?.generatedPassword;
    if (!password) throw new Error('the demo dispatcher was not created with a generated password');
    const dispatcherPage = await browser.newPage({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
    try {
      const console = new ConsolePage(dispatcherPage);
      await dispatcherPage.goto(system.url);
      await console.logIn('dispatcher', password);
      await console.waitForFleet(system.network.devices.length);
      await openPanel(dispatcherPage, 'device', chargePointId);
      const panel = dispatcherPage.getByTestId('device-panel');
      await panel.getByTestId('maintenance-banner').waitFor({ timeout: WAIT_MS });
      expect(await panel.getByTestId('maintenance-banner').textContent()).toContain(`${REASON} · by admin`);
      expect(await panel.getByTestId('maintenance-scheduled').textContent()).toMatch(/Scheduled from .+ \(8 h\)Whole station · Station resurfacing · by admin$/);
      expect(await panel.getByTestId('maintenance-action').count()).toBe(0);
      expect(await panel.getByTestId('maintenance-end').count()).toBe(0);
      await dispatcherPage.mouse.move(0, 1079);
      await dispatcherPage.screenshot({ path: join(ARTIFACTS, 'maintenance-4-dispatcher-banner.png') });
    } finally {
      await dispatcherPage.close();
    }
  });
});
