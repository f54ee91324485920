/**
 * Alarms end to end in headless Chromium, against the real backend and the simulated fleet (issue 5):
 * a car's lock reported flapping raises an alarm that is on the console's screen within 2 s of being
 * raised; an operator triages it from the keyboard alone (g a, j, Enter, a, a comment, Enter); the
 * acknowledgement and its comment are in the alarm's history; when the sensor calms down the alarm
 * clears and, being acknowledged, closes and leaves the list. Screenshots in test-results/console/.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmSeverity, AlarmType } from '../shared/alarms.js';
import { AlarmsPage } from './support/alarms-page.js';
import { ARTIFACTS, launchChromium, openSignedInConsole, prepareConsoleRun } from './support/console-browser.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';

const WAIT_MS = 30_000;
/** Issue 5: "the console shows it within 2 s". */
const SHOWN_WITHIN_MS = 2_000;
const COMMENT = 'Lock sensor flapping on the kerb; technician booked for tomorrow morning.';
/**
 * The flapping detector, set to see a lock flipping every second within seconds and to clear soon after it
 * stops: more than 10 changes in 20 s raise, and 8 s at or below that clear.
 */
const FLAPPING = { windowSeconds: 20, maxTransitions: 10, quietSeconds: 8 } as const;
const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;

describe('alarms in the console', () => {
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  let alarms: AlarmsPage;
  let carId = '';
  let alarmId = 0;
  let configDir = '';

  const text = async (testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

  beforeAll(async () => {
    await prepareConsoleRun();
    // Nobody drives: the flapping car stays parked, and no other car's trip raises anything meanwhile.
    configDir = await mkdtemp(join(tmpdir(), 'cyberponies-console-alarms-'));
    const alarmConfig = join(configDir, 'alarms.json');
    await writeFile(alarmConfig, JSON.stringify({ flapping: FLAPPING }));
    system = await startSystem({ drivingShare: 0, backendConfig: { alarmConfig } });
    await system.waitUntilAllOnline();
    browser = await launchChromium();
    ({ page } = await openSignedInConsole(browser, system));
    alarms = new AlarmsPage(page);
    await page.getByTestId('alarm-counts').and(page.locator('[data-loaded="true"]')).waitFor({ timeout: WAIT_MS });
  }, 180_000);

  afterAll(async () => {
    if (carId) system?.simulation.faults.clear(carId);
    await browser?.close();
    await system?.close();
    if (configDir) await rm(configDir, { recursive: true, force: true });
  });

  it('shows a flapping sensor’s alarm within 2 s of its being raised', async () => {
    await alarms.goToAlarms();
    expect(page.url()).toMatch(/#\/alarms$/);
    carId = [...system.simulation.world.cars.values()].find((car) => car.trip === null && car.speedKmh === 0)?.id ?? '';
    expect(carId).not.toBe('');

    const sighting = alarms.watchForRow(carId, 'flapping');
    system.simulation.faults.inject(carId, { kind: 'flapping', everyMs: 1_000, sensor: 'locked' });
    const { alarmId: shownId, raisedAtMs, seenAtServerMs } = await sighting;
    alarmId = shownId;
    const delayMs = seenAtServerMs - raisedAtMs;
    console.info(`flapping alarm ${alarmId} on ${carId}: on screen ${delayMs} ms after it was raised`);
    expect(delayMs).toBeLessThanOrEqual(SHOWN_WITHIN_MS);

    const row = (await alarms.visibleRows()).find((each) => each.alarmId === alarmId);
    expect(row).toMatchObject({ deviceId: carId, type: 'flapping', severity: 'minor', state: 'active' });
    expect(await alarms.headerCount('minor')).toBeGreaterThanOrEqual(1);
  });

  it('is triaged from the keyboard: g a, j, Enter, a, a comment, Enter', async () => {
    // From the map, as an operator would come to it.
    await alarms.keys('g', 'm');
    await page.getByTestId('alarms-view').waitFor({ state: 'detached', timeout: WAIT_MS });
    await alarms.goToAlarms();
    await alarms.moveCursorTo(alarmId);
    await alarms.keys('Enter');
    await alarms.waitForPanel(alarmId);
    expect(page.url()).toContain(`panel=alarm:${alarmId}`);
    expect(await text('alarm-panel-type')).toBe('Flapping sensor');
    expect(await text('alarm-panel-message')).toMatch(/lock/i);

    await alarms.keys('a');
    const dialog = page.getByTestId('acknowledge-dialog');
    await dialog.waitFor({ timeout: WAIT_MS });
    await page.keyboard.type(COMMENT);
    await page.screenshot({ path: join(ARTIFACTS, 'alarms-3-comment-dialog.png') });
    await alarms.keys('Enter');
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });

    await expect.poll(() => text('alarm-panel-state'), { timeout: WAIT_MS }).toBe('Acknowledged');
    expect(await text('alarm-panel-acknowledged')).toMatch(/by admin$/);
    await expect.poll(async () => (await alarms.historyTexts()).join('\n'), { timeout: WAIT_MS }).toContain(COMMENT);
    const history = await alarms.historyTexts();
    expect(history.some((entry) => /^Acknowledged · admin/.test(entry))).toBe(true);
    expect(history.at(-1)).toMatch(/^Raised · system/);
    expect((await alarms.visibleRows()).find((each) => each.alarmId === alarmId)?.state).toBe('acknowledged');
  });

  it('shows alarms of every severity, the panel and the header counts', async () => {
    // The sensor calms down now; while the detector waits for quiet, the view fills with other alarms.
    system.simulation.faults.clear(carId);
    const chargePoints = system.network.devices.filter((device) => device.kind === 'chargePoint');
    const cars = system.network.devices.filter((device) => device.kind === 'car' && device.id !== carId);
    const raised: { readonly deviceId: string; readonly type: AlarmType; readonly severity: AlarmSeverity; readonly message: string }[] = [
      { deviceId: chargePoints[0]?.id ?? '', type: 'deviceFault', severity: 'critical', message: 'Connector 1 Faulted: GroundFailure' },
      { deviceId: chargePoints[1]?.id ?? '', type: 'deviceFault', severity: 'critical', message: 'Connector 2 Faulted: OverCurrentFailure' },
      { deviceId: cars[0]?.id ?? '', type: 'deviceFault', severity: 'critical', message: 'Fault code BMS-17: cell over-temperature' },
      { deviceId: cars[1]?.id ?? '', type: 'impossibleCombination', severity: 'major', message: 'Cable connected while the charge hatch never opened' },
      { deviceId: chargePoints[2]?.id ?? '', type: 'firmwareFailed', severity: 'major', message: 'Firmware 5.2.1 InstallationFailed' },
      { deviceId: cars[2]?.id ?? '', type: 'authFailures', severity: 'major', message: '7 failed logins in 10 min' },
      { deviceId: cars[3]?.id ?? '', type: 'lowBattery', severity: 'minor', message: 'Battery 14 % while not charging' },
      { deviceId: chargePoints[3]?.id ?? '', type: 'staleSensor', severity: 'minor', message: 'Energy register unchanged for 12 min while charging at 7.2 kW' },
      { deviceId: cars[4]?.id ?? '', type: 'clockOffset', severity: 'warning', message: 'Clock 94 s ahead' },
      { deviceId: chargePoints[4]?.id ?? '', type: 'clockOffset', severity: 'warning', message: 'Clock 3 min behind' },
    ];
    const before = Object.fromEntries(await Promise.all(SEVERITIES.map(async (severity) => [severity, await alarms.headerCount(severity)] as const)));
    const atMs = Date.now();
    raised.forEach((alarm, index) => system.backend.alarms.raise({ ...alarm, atMs: atMs - (index + 1) * 47_000 }));
    await expect.poll(async () => (await alarms.visibleRows()).length, { timeout: WAIT_MS }).toBeGreaterThanOrEqual(raised.length + 1);
    await expect.poll(() => alarms.headerCount('critical'), { timeout: WAIT_MS }).toBe((before.critical ?? 0) + 3);
    expect(await alarms.headerCount('warning')).toBeGreaterThanOrEqual((before.warning ?? 0) + 2);

    // Most severe first.
    const rows = await alarms.visibleRows();
    const ranks = rows.map((row) => ['critical', 'major', 'minor', 'warning'].indexOf(row.severity));
    expect(ranks).toEqual([...ranks].sort((left, right) => left - right));
    await page.keyboard.press('Escape');
    await alarms.panel().waitFor({ state: 'detached', timeout: WAIT_MS });
    await page.mouse.move(0, 1079);
    await page.screenshot({ path: join(ARTIFACTS, 'alarms-1-view.png') });
    await page.locator('header.header').screenshot({ path: join(ARTIFACTS, 'alarms-4-header-counts.png') });

    // The first critical alarm's panel, with its device's context.
    const critical = rows.find((row) => row.severity === 'critical');
    if (!critical) throw new Error('no critical row');
    await alarms.row(critical.alarmId).click();
    await alarms.waitForPanel(critical.alarmId);
    await page.getByTestId('panel-tab-device').click();
    await page.getByTestId('alarm-minimap').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('device-identity').waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: join(ARTIFACTS, 'alarms-2-panel.png') });

    // Its device on the main map, and back to the alarm with g a: each view keeps what it had open.
    await page.getByTestId('alarm-open-on-map').click();
    await page.getByTestId('device-panel-id').filter({ hasText: critical.deviceId }).waitFor({ timeout: WAIT_MS });
    expect(page.url()).toMatch(new RegExp(`#/map\\?panel=device:${critical.deviceId}$`));
    // The device's panel lists its open alarms, and one opens the alarm again.
    const deviceAlarm = page.getByTestId('device-alarms').getByRole('button', { name: /Device fault/ });
    await deviceAlarm.waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: join(ARTIFACTS, 'alarms-6-device-panel.png') });
    await deviceAlarm.click();
    await alarms.waitForPanel(critical.alarmId);
    await alarms.keys('g', 'm');
    await page.getByTestId('device-panel-id').filter({ hasText: critical.deviceId }).waitFor({ timeout: WAIT_MS });
    await alarms.goToAlarms();
    await alarms.waitForPanel(critical.alarmId);
    await page.getByTestId('panel-tab-history').click();

    // A critical alarm will not be acknowledged without a comment: the dialog says so and keeps it open.
    await alarms.keys('a');
    await page.getByTestId('acknowledge-dialog').waitFor({ timeout: WAIT_MS });
    await alarms.keys('Enter');
    expect(await text('acknowledge-problem')).toMatch(/comment is required/);
    await page.screenshot({ path: join(ARTIFACTS, 'alarms-5-critical-needs-comment.png') });
    await alarms.keys('Escape');
    await page.getByTestId('acknowledge-dialog').waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await alarms.headerCount('critical')).toBe((before.critical ?? 0) + 3);

    // A header count opens the view filtered to exactly what it counts.
    await alarms.keys('g', 'm');
    await page.getByTestId('alarm-count-major').click();
    await page.getByTestId('alarms-view').waitFor({ timeout: WAIT_MS });
    expect(page.url()).toMatch(/#\/alarms\?severity=major&state=active,cleared$/);
    const majors = await alarms.headerCount('major');
    expect(majors).toBeGreaterThanOrEqual(3);
    await expect.poll(async () => (await alarms.visibleRows()).map((row) => row.severity), { timeout: WAIT_MS }).toEqual(Array.from({ length: majors }, () => 'major'));
    await page.getByTestId('alarm-clear-filters').click();
  });

  it('clears once the sensor is quiet and, being acknowledged, closes and leaves the list', async () => {
    await alarms.row(alarmId).waitFor({ state: 'detached', timeout: (FLAPPING.windowSeconds + FLAPPING.quietSeconds + 30) * 1000 });
    expect(await alarms.heldAlarmIds()).not.toContain(alarmId);

    // Still there among the closed ones, with its whole story.
    await page.getByTestId('alarm-state-chip-closed').click();
    await alarms.row(alarmId).waitFor({ timeout: WAIT_MS });
    expect((await alarms.visibleRows()).find((row) => row.alarmId === alarmId)?.state).toBe('closed');
    await alarms.row(alarmId).click();
    await alarms.waitForPanel(alarmId);
    await expect.poll(async () => (await alarms.historyTexts()).map((entry) => entry.split(' · ')[0]), { timeout: WAIT_MS }).toEqual(
      expect.arrayContaining(['Raised', 'Acknowledged', 'Cleared', 'Closed']),
    );
  });
});
