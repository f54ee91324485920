/**
 * The supervisor review and alarms on the map, in headless Chromium against the real backend: alarms
 * raised through the running backend's alarm service (hours apart, some acknowledged or cleared) show
 * in the review's tiles, bars and noisiest tables; a noisy device opens on the map with its panel, is
 * ringed in its worst severity's colour and lists its alarms in the tooltip; the alarm filter (bar and
 * URL) keeps the devices the backend says are alarmed, and follows new alarms. Screenshots in
 * test-results/console/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { severityRank, type AlarmSeverity, type AlarmType } from '../shared/alarms.js';
import type { OperatorIdentity } from '../shared/console-api.js';
import { SEVERITY_COLOURS } from '../renderer/src/ui/status-colours.js';
import { ARTIFACTS, launchChromium, openSignedInConsole, prepareConsoleRun } from './support/console-browser.js';
import type { ConsolePage } from './support/console-page.js';
import { FindPage } from './support/find-page.js';
import { MapPage } from './support/map-page.js';
import { ReviewPage, colourDistance, rgbOf } from './support/review-page.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';

const WAIT_MS = 20_000;
const HOUR = 3_600_000;

describe('the supervisor review and alarms on the map', () => {
  let system: RunningSystem;
  let browser: Browser;
  let operator: OperatorIdentity;
  /** Charge points stand still: their markers stay where the test looks. */
  let chargePoints: string[];
  let noisiest: string;
  let raisedByTest = 0;

  function raise(deviceId: string, type: AlarmType, severity: AlarmSeverity, hoursAgo: number): void {
    system.backend.alarms.raise({ deviceId, type, severity, message: `test ${type}`, atMs: Date.now() - hoursAgo * HOUR });
    raisedByTest++;
  }

  /** Devices by their worst open, unsuppressed alarm, as the backend holds them now. */
  function worstByDevice(): Map<string, AlarmSeverity> {
    const worst = new Map<string, AlarmSeverity>();
    for (const alarm of system.backend.alarms.open()) {
      if (alarm.isSuppressed || alarm.closedAtMs !== null) continue;
      const before = worst.get(alarm.deviceId);
      if (before === undefined || severityRank(alarm.severity) < severityRank(before)) worst.set(alarm.deviceId, alarm.severity);
    }
    return worst;
  }

  beforeAll(async () => {
    await prepareConsoleRun();
    system = await startSystem();
    await system.waitUntilAllOnline();
    operator = (await system.login()).operator;
    chargePoints = system.network.devices.filter((device) => device.kind === 'chargePoint').map((device) => device.id);
    const [first = '', second = '', third = '', fourth = '', fifth = '', sixth = ''] = chargePoints;
    noisiest = first;
    // The noisiest: four kinds of trouble over the day, the worst critical.
    raise(first, 'authFailures', 'critical', 20);
    raise(first, 'staleSensor', 'minor', 14);
    raise(first, 'clockOffset', 'warning', 6);
    raise(first, 'firmwareFailed', 'major', 2);
    raise(second, 'firmwareFailed', 'major', 9);
    raise(second, 'clockOffset', 'warning', 3);
    raise(third, 'staleSensor', 'minor', 5);
    raise(fourth, 'authFailures', 'critical', 12);
    raise(fifth, 'clockOffset', 'warning', 16);
    raise(sixth, 'staleSensor', 'minor', 7);
    await system.backend.alarms.flush();
    // Some get a look, some clear, so the means have something to average.
    const open = system.backend.alarms.open();
    const fourthAlarms = open.filter((alarm) => alarm.deviceId === fourth).map((alarm) => alarm.id);
    const acknowledged = await system.backend.alarms.acknowledge(operator, fourthAlarms, 'Looked at it: the reader was replaced');
    expect(acknowledged.ok).toBe(true);
    system.backend.alarms.clear({ deviceId: fifth, type: 'clockOffset', atMs: Date.now() - 15 * HOUR });
    await system.backend.alarms.flush();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  async function openConsole(hash = ''): Promise<{ page: Page; console: ConsolePage; review: ReviewPage; map: MapPage; find: FindPage }> {
    const { page, console } = await openSignedInConsole(browser, system, { hash });
    return { page, console, review: new ReviewPage(page), map: new MapPage(page), find: new FindPage(page) };
  }

  it('shows the alarms raised over the day by type and severity, the means, and the noisiest devices and stations', async () => {
    const { page, review } = await openConsole();
    await review.openReview();
    await review.waitForLoaded();
    // Detectors may raise their own alarms meanwhile: at least the test's are counted.
    expect(Number((await review.tile('raised')).replace(/,/g, ''))).toBeGreaterThanOrEqual(raisedByTest);
    expect(await review.tile('mtta')).toMatch(/^\d+ (h|d)( \d+ (min|h))?$/);
    expect(await review.tile('mttc')).toMatch(/^\d+ (s|min|h|d)/);
    expect((await review.noisy('device'))[0]).toBe(noisiest);
    const noisiestStation = system.network.devices.find((device) => device.id === noisiest)?.stationId;
    expect(await review.noisy('station')).toContain(noisiestStation);
    const byType = await review.legend();
    for (const label of ['Authentication failures', 'Stale sensor', 'Clock offset', 'Firmware update failed']) expect(byType.some((text) => text.startsWith(label))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'review.png') });

    await page.getByTestId('review-split-severity').click();
    await expect.poll(async () => (await review.legend()).map((text) => text.replace(/\d+$/, ''))).toEqual(expect.arrayContaining(['Critical', 'Major', 'Minor', 'Warning']));
    await page.getByTestId('review-period-7d').click();
    await review.waitForLoaded();
    expect(await page.getByTestId('review-chart').getAttribute('data-buckets')).toBe('28');
    await page.screenshot({ path: join(ARTIFACTS, 'review-severity-7d.png') });
    await page.close();
  });

  it('opens a noisy device on the map with its panel, ringed in its worst alarm’s colour, its alarms in the tooltip', async () => {
    const { page, console, review, map } = await openConsole();
    await review.openReview();
    await review.waitForLoaded();
    await page.getByTestId('noisy-device').first().click();
    await page.getByTestId('device-panel-id').filter({ hasText: noisiest }).waitFor({ timeout: WAIT_MS });
    await expect.poll(() => review.hash(), { timeout: WAIT_MS }).toMatch(new RegExp(`^#/map.*panel=device:${noisiest}`));
    await map.waitForMode('devices');
    await expect.poll(() => console.devicePoint(noisiest), { timeout: WAIT_MS }).not.toBeNull();
    const point = (await console.devicePoint(noisiest)) ?? { x: 0, y: 0 };
    const zoom = (await map.state()).zoom;
    // markerRadius and the ring's place (device-painter.ts) at this zoom.
    const radius = zoom >= 16 ? 6 : 2.5 + (zoom - 11) * 0.7;
    const critical = rgbOf(SEVERITY_COLOURS.dark.critical);
    await expect
      .poll(async () => (await review.ringPixels(point, radius * 1.3 + 1.5)).filter((pixel) => colourDistance(pixel, critical) < 90).length, { timeout: WAIT_MS })
      .toBeGreaterThanOrEqual(12);

    await page.mouse.move(point.x, point.y);
    const alarms = page.getByTestId('tooltip-alarms');
    await alarms.waitFor({ timeout: WAIT_MS });
    const text = (await alarms.textContent()) ?? '';
    expect(text).toContain('Critical · Authentication failures');
    expect(text).toContain('Major · Firmware update failed');
    await page.screenshot({ path: join(ARTIFACTS, 'map-alarm-rings.png') });
    await page.close();
  });

  it('filters map and list by alarm, from the bar and the URL, and follows new alarms', async () => {
    const { page, review, find, map } = await openConsole('#/map?alarm=critical');
    const count = async (keep: (severity: AlarmSeverity) => boolean) => {
      const expected = [...worstByDevice().values()].filter(keep).length;
      const { shown } = await find.filterCount();
      const listed = await find.listCount();
      return shown === expected && listed === expected ? 'agree' : `bar ${shown}, list ${listed}, backend ${expected}`;
    };
    await expect.poll(() => count((severity) => severity === 'critical'), { timeout: WAIT_MS }).toBe('agree');
    expect(await page.getByTestId('alarm-filter').textContent()).toContain('Critical alarms');

    await review.chooseAlarmFilter('major');
    await expect.poll(() => review.hash()).toContain('alarm=major');
    await expect.poll(() => count((severity) => severityRank(severity) <= severityRank('major')), { timeout: WAIT_MS }).toBe('agree');

    // A new alarm reaches the filter without touching it.
    const quiet = chargePoints.slice(6).find((deviceId) => !worstByDevice().has(deviceId)) ?? '';
    raise(quiet, 'authFailures', 'major', 0);
    await system.backend.alarms.flush();
    await expect.poll(async () => (await find.visibleRows()).some((row) => row.id === quiet), { timeout: WAIT_MS }).toBe(true);
    await expect.poll(() => count((severity) => severityRank(severity) <= severityRank('major')), { timeout: WAIT_MS }).toBe('agree');

    await review.chooseAlarmFilter('any');
    await expect.poll(() => count(() => true), { timeout: WAIT_MS }).toBe('agree');
    // Close to the station where most of the test's alarmed charge points stand, ringed.
    await page.locator(`[data-testid="list-row"][data-device-id="${chargePoints[1] ?? ''}"]`).click();
    await map.waitForZoom(17);
    await map.waitForMode('devices');
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(ARTIFACTS, 'map-alarm-filter.png') });

    await review.chooseAlarmFilter('all');
    await expect.poll(() => review.hash()).not.toContain('alarm=');
    await map.zoomBy(-6);
    await map.waitForMode('clusters');
    await page.screenshot({ path: join(ARTIFACTS, 'map-alarm-clusters.png') });
    await page.close();
  });
});
