/**
 * Critical alarm notifications in the web console, in headless Chromium against the real backend and a
 * simulated fleet: the page may notify (permission granted to its origin), and window.Notification is
 * wrapped to record what is shown and to play a click. A critical alarm gives exactly one notification,
 * a tone and the count in the tab's title; clicking it opens the alarm; muted, the next one gives none.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ARTIFACTS, launchChromium, openSignedInConsole, prepareConsoleRun } from './support/console-browser.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';

const WAIT_MS = 15_000;
/** Long enough for a second notification of the same alarm, or one for a muted alarm, to have shown. */
const QUIET_MS = 2_500;
const FLEET = { stations: 20, cars: 30, chargePoints: 40 } as const;

/**
 * Runs before the console's own scripts. The real Notification still shows (and can fail harmlessly in
 * a headless browser); the recorder keeps each one with its onclick, and counts the tones' oscillators.
 */
const RECORDER = `(() => {
  const Real = window.Notification;
  const shown = [];
  let tones = 0;
  function Recorded(title, options) {
    let notification;
    try {
      notification = new Real(title, options);
    } catch {
      notification = { onclick: null, onclose: null, close() {} };
    }
    shown.push({ title, body: (options && options.body) || '', tag: (options && options.tag) || null, notification });
    return notification;
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Recorded.requestPermission = (callback) => Real.requestPermission(callback);
  Recorded.prototype = Real.prototype;
  window.Notification = Recorded;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    tones += 1;
    return start.apply(this, args);
  };
  window.__notifyRecorder = {
    shown: () => shown.map(({ title, body, tag }) => ({ title, body, tag })),
    tones: () => tones,
    click: (index) => {
      const notification = shown[index] && shown[index].notification;
      if (!notification || typeof notification.onclick !== 'function') return false;
      notification.onclick(new Event('click'));
      return true;
    },
  };
})();`;

const shownSchema = z.array(z.object({ title: z.string(), body: z.string(), tag: z.string().nullable() }));

describe('critical alarm notifications in the browser', () => {
  let system: RunningSystem;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let chargePoints: string[] = [];
  let firstAlarmId = 0;

  const notifyState = () => page.getByTestId('notification-controls').getAttribute('data-state');
  const shown = async () => shownSchema.parse(await page.evaluate('window.__notifyRecorder.shown()'));
  const tones = async () => z.number().parse(await page.evaluate('window.__notifyRecorder.tones()'));
  const raiseFault = (deviceId: string) =>
    system.backend.alarms.raise({ deviceId, type: 'deviceFault', message: 'GroundFailure on connector 1', details: { errorCode: 'GroundFailure' }, atMs: Date.now() });
  const openAlarmOf = (deviceId: string) => system.backend.alarms.open().find((alarm) => alarm.deviceId === deviceId && alarm.type === 'deviceFault');

  beforeAll(async () => {
    await prepareConsoleRun();
    system = await startSystem({ fleet: FLEET });
    await system.waitUntilAllOnline();
    chargePoints = system.network.devices.filter((device) => device.kind === 'chargePoint').map((device) => device.id);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
    await context.grantPermissions(['notifications'], { origin: system.url });
    await context.addInitScript({ content: RECORDER });
    ({ page } = await openSignedInConsole(browser, system, { context }));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('starts with no notification and no count in the title', async () => {
    expect(await page.evaluate('Notification.permission')).toBe('granted');
    expect(await shown()).toEqual([]);
    expect(await page.title()).not.toMatch(/^\(\d+\)/);
    expect(await notifyState()).toBe('on');
  });

  it('notifies a new critical alarm exactly once, with a tone and the count in the title', async () => {
    const deviceId = chargePoints[0] ?? '';
    raiseFault(deviceId);
    await expect.poll(async () => (await shown()).length, { timeout: WAIT_MS }).toBe(1);
    firstAlarmId = openAlarmOf(deviceId)?.id ?? 0;
    expect(firstAlarmId).toBeGreaterThan(0);
    const [notification] = await shown();
    expect(notification?.title).toMatch(/^Critical: Device fault, /);
    expect(notification?.body).toContain('GroundFailure on connector 1');
    expect(notification?.tag).toBe(`alarm-${firstAlarmId}`);
    await expect.poll(() => page.title(), { timeout: WAIT_MS }).toMatch(/^\(1\) /);
    expect(await tones()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'notify-0-header.png'), clip: { x: 0, y: 0, width: 1920, height: 120 } });
    // The condition seen again is another occurrence of the same alarm: no second notification.
    raiseFault(deviceId);
    await page.waitForTimeout(QUIET_MS);
    expect(await shown()).toHaveLength(1);
  });

  it('opens that alarm in the alarms view when the notification is clicked', async () => {
    expect(await page.evaluate('window.__notifyRecorder.click(0)')).toBe(true);
    const panel = page.getByTestId('alarm-panel');
    await expect.poll(() => panel.getAttribute('data-alarm-id'), { timeout: WAIT_MS }).toBe(String(firstAlarmId));
    expect(page.url()).toContain(`panel=alarm:${firstAlarmId}`);
    expect(await page.getByTestId('alarm-panel-type').textContent()).toContain('Device fault');
  });

  it('muted, shows no notification and plays no tone for the next one, while the title still counts it', async () => {
    await page.getByTestId('alarm-notify-button').click();
    await page.getByTestId('alarm-mute-toggle').check();
    await expect.poll(notifyState, { timeout: WAIT_MS }).toBe('muted');
    expect(await page.getByTestId('alarm-notify-button').textContent()).toBe('Muted');
    await page.screenshot({ path: join(ARTIFACTS, 'notify-1-controls-muted.png') });
    const tonesBefore = await tones();
    raiseFault(chargePoints[1] ?? '');
    await expect.poll(() => page.title(), { timeout: WAIT_MS }).toMatch(/^\(2\) /);
    await page.waitForTimeout(QUIET_MS);
    expect(await shown()).toHaveLength(1);
    expect(await tones()).toBe(tonesBefore);
  });

  it('unmuted, notifies the next critical alarm again, and the setting survives a reload', async () => {
    await page.getByTestId('alarm-mute-toggle').uncheck();
    await expect.poll(notifyState, { timeout: WAIT_MS }).toBe('on');
    await page.getByTestId('alarm-sound-toggle').uncheck();
    await expect.poll(notifyState, { timeout: WAIT_MS }).toBe('silent');
    await page.screenshot({ path: join(ARTIFACTS, 'notify-2-controls.png') });
    await page.keyboard.press('Escape');
    const tonesBefore = await tones();
    raiseFault(chargePoints[2] ?? '');
    await expect.poll(async () => (await shown()).length, { timeout: WAIT_MS }).toBe(2);
    expect(await tones()).toBe(tonesBefore);
    await page.reload();
    await page.getByTestId('notification-controls').waitFor({ timeout: WAIT_MS });
    expect(await notifyState()).toBe('silent');
    // After the reload the open alarms come in the snapshot: counted, not notified again.
    await expect.poll(() => page.title(), { timeout: WAIT_MS }).toMatch(/^\(3\) /);
    await page.waitForTimeout(QUIET_MS);
    expect(await shown()).toEqual([]);
  });

  it('snoozed, shows nothing until resumed; the panel says until when', async () => {
    await page.getByTestId('alarm-notify-button').click();
    await page.getByTestId('alarm-snooze-15').click();
    await expect.poll(notifyState, { timeout: WAIT_MS }).toBe('snoozed');
    expect(await page.getByTestId('alarm-notify-button').textContent()).toMatch(/^Snoozed to \d{2}:\d{2}/);
    raiseFault(chargePoints[3] ?? '');
    await expect.poll(() => page.title(), { timeout: WAIT_MS }).toMatch(/^\(4\) /);
    await page.waitForTimeout(QUIET_MS);
    expect(await shown()).toEqual([]);
    await page.getByTestId('alarm-notify-button').click();
    expect(await page.getByTestId('alarm-snooze-state').textContent()).toMatch(/^Snoozed until \d{2}:\d{2}/);
    await page.screenshot({ path: join(ARTIFACTS, 'notify-3-snoozed.png') });
    await page.getByTestId('alarm-snooze-resume').click();
    await expect.poll(notifyState, { timeout: WAIT_MS }).toBe('silent');
    raiseFault(chargePoints[4] ?? '');
    await expect.poll(async () => (await shown()).length, { timeout: WAIT_MS }).toBe(1);
  });
});
