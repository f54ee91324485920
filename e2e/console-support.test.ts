/**
 * The support view in headless Chromium, against the real backend and the simulated fleet: a support
 * agent finds a customer's failed reservation and its cause. Through the hub, as dispatch would, the
 * customer gets a charge point that turns faulted before its window starts (it answers ReserveNow
 * "Faulted") and a car that goes out of coverage before the customer tries to unlock it (the unlock
 * fails at once). The support operator then searches the customer and reads both, with their reasons,
 * on one timeline that follows what happens next. Screenshots are kept in test-results/console/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleRequestName } from '../shared/console-api.js';
import { ARTIFACTS, launchChromium, openSignedInConsole, prepareConsoleRun } from './support/console-browser.js';
import { connectConsoleClient, until as waitUntil } from './support/console-client.js';
import type { ConsoleClient } from './support/console-client.js';
import { ConsolePage } from './support/console-page.js';
import { SupportPage } from './support/support-page.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';

const WAIT_MS = 30_000;
const CUSTOMER = 'CUST-SUPPORT-1';
/** The charge point's window starts this long after it is booked: time for it to turn faulted first. */
const LEAD_MS = 20_000;

describe('the support view: a customer’s failed reservation and its cause', () => {
  let system: RunningSystem;
  let hub: ConsoleClient;
  let browser: Browser;
  let page: Page;
  let support: SupportPage;
  let chargePointId = '';
  let carId = '';
  const value = <Name extends ConsoleRequestName>(name: Name, request: unknown) => hub.must(name, request);
  const until = (what: string, check: () => boolean | Promise<boolean>, timeoutMs = WAIT_MS) => waitUntil(what, check, timeoutMs);

  async function freeDevice(kind: 'car' | 'chargePoint'): Promise<string> {
    for (const device of system.network.devices.filter((candidate) => candidate.kind === kind)) {
      const detail = await hub.call('device:get', { deviceId: device.id });
      if (detail.ok && detail.value.status === 'available' && detail.value.isOnline) return device.id;
    }
    throw new Error(`no free ${kind}`);
  }

  beforeAll(async () => {
    await prepareConsoleRun();
    // Nobody drives: the cars stay parked and online, one of them is the customer's.
    system = await startSystem({ fleet: { stations: 4, cars: 6, chargePoints: 10 }, drivingShare: 0 });
    await system.waitUntilAllOnline();
    hub = await connectConsoleClient(system);

    // The charge point is fine when booked, and faulted by the time its window starts.
    chargePointId = await freeDevice('chargePoint');
    const startsAtMs = Date.now() + LEAD_MS;
    const booked = await value('reservation:create', { deviceId: chargePointId, customerRef: CUSTOMER, startsAtMs, endsAtMs: startsAtMs + 3_600_000 });
    expect(booked.status).toBe('requested');
    system.simulation.faults.inject(chargePointId, { kind: 'reportedFault', errorCode: 'GroundFailure' });
    // The backend asks it at the first sweep (every 15 s) after the window starts.
    await until('the charge point to refuse the reservation', () => hub.reservation(booked.id)?.status === 'refused', LEAD_MS + 40_000);
    expect(hub.reservation(booked.id)?.statusReason).toBe('The charge point is faulted');

    // The car: booked, found with its lights, then out of coverage when the customer asks to unlock it.
    carId = await freeDevice('car');
    const car = await value('reservation:create', { deviceId: carId, customerRef: CUSTOMER, startsAtMs: Date.now(), endsAtMs: Date.now() + 2 * 3_600_000 });
    expect(car.status).toBe('active');
    const locate = await value('command:send', { deviceId: carId, type: 'locate', idempotencyKey: 'support-e2e-locate-1' });
    await until('the car to flash', async () => (await value('command:history', { deviceId: carId })).commands.some((command) => command.id === locate.id && command.status === 'succeeded'));
    system.simulation.faults.inject(carId, { kind: 'backlog', forMs: 180_000 });
    await until('the car to go offline', async () => (await value('device:get', { deviceId: carId })).isOnline === false);
    const unlock = await value('command:send', { deviceId: carId, type: 'unlock', idempotencyKey: 'support-e2e-unlock-1' });
    expect(unlock.status).toBe('failed');

    // The support agent's console.
    const password = system.backend.createdOperators.find((operator) => operator.username === 'support')?.generatedPassword;
    if (!password) throw new Error('the demo support operator was not created with a generated password');
    browser = await launchChromium();
    ({ page } = await openSignedInConsole(browser, system, { as: { username: 'support', password } }));
    support = new SupportPage(page);
  }, 240_000);

  afterAll(async () => {
    hub?.close();
    await browser?.close();
    await system?.close();
  });

  it('finds the customer from the search field, and puts them in the link', async () => {
    await support.open();
    expect(await support.isInputFocused()).toBe(true);
    // The "s" of "g s" switched views and was not typed into the field it focused.
    expect(await support.input().inputValue()).toBe('');
    expect(await page.getByTestId('support-idle').textContent()).toContain('Type a customer reference');
    await support.search(CUSTOMER);
    expect(await support.hash()).toBe(`#/support?customer=${CUSTOMER}`);
  });

  it('answers at a glance: the refused reservation and the failed unlock, each with its cause', async () => {
    const summary = await support.summary();
    expect(summary).toContain('2 reservations');
    expect(summary).toContain('1 refused (charge point faulted)');
    expect(summary).toContain('2 commands');
    expect(summary).toContain(`1 failed (unlock: ${carId} offline)`);
    expect(summary).toContain('1 critical (device fault)');
    expect(await page.getByTestId('support-summary-refused').evaluate((node) => node.className)).toContain('is-bad');
  });

  it('shows the refused reservation with the charge point’s answer, and the failed unlock with its reason and steps', async () => {
    const refused = support.entry('reservation', chargePointId);
    expect(await refused.getAttribute('data-tone')).toBe('bad');
    expect(await refused.getByTestId('support-reservation-status').textContent()).toBe('Refused');
    expect(await refused.getByTestId('support-reservation-reason').textContent()).toMatch(/^The charge point is faulted at \d{2}:\d{2}:\d{2}$/);

    const unlock = support.entry('command', carId).filter({ hasText: 'Unlock' });
    expect(await unlock.getAttribute('data-tone')).toBe('bad');
    expect(await unlock.getByTestId('support-command-status').textContent()).toBe('Failed');
    expect(await unlock.getByTestId('support-command-reason').textContent()).toContain(`${carId} is offline`);
    expect(await unlock.textContent()).toContain('sent by admin');
    expect(await unlock.getByTestId('support-command-step').allTextContents()).toEqual([expect.stringMatching(/^Queued \d{2}:\d{2}:\d{2}$/), expect.stringMatching(/^Failed \d{2}:\d{2}:\d{2}$/)]);

    const locate = support.entry('command', carId).filter({ hasText: 'Flash and horn' });
    expect(await locate.getAttribute('data-tone')).toBe('good');
    expect((await locate.getByTestId('support-command-step').allTextContents()).map((step) => step.split(' ')[0])).toEqual(['Queued', 'Sent', 'Delivered', 'Succeeded']);

    // The charge point's fault, in its severity, on the same timeline.
    const fault = support.entry('alarm', chargePointId);
    expect(await fault.textContent()).toContain('Device fault');
    expect(await fault.evaluate((node) => node.className)).toContain('severity-critical');

    // Newest first, each entry naming its device.
    const times = await page.locator('[data-testid="support-entry"] .support-entry-time time').evaluateAll((nodes) => nodes.map((node) => Date.parse(node.getAttribute('datetime') ?? '')));
    expect(times).toEqual([...times].sort((left, right) => right - left));
    const devices = await page.getByTestId('support-device').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-device-id')));
    expect([...devices].sort()).toEqual([carId, chargePointId].sort());
    await page.mouse.move(0, 1079);
    await page.screenshot({ path: join(ARTIFACTS, 'support-1-timeline.png') });
  });

  it('follows what happens while it is on screen: another failed unlock appears by itself', async () => {
    const again = await value('command:send', { deviceId: carId, type: 'unlock', idempotencyKey: 'support-e2e-unlock-2' });
    expect(again.status).toBe('failed');
    await expect.poll(async () => (await support.entries()).filter((entry) => entry.kind === 'command' && entry.text.includes('Unlock')).length, { timeout: WAIT_MS }).toBe(2);
    expect(await page.getByTestId('support-summary').textContent()).toContain(`2 failed (unlock: ${carId} offline)`);
    // The backend's sweep flags the car's reservation for dispatch while the car is away: that comes too.
    await expect.poll(() => support.summary(), { timeout: WAIT_MS }).toContain('1 flagged (its device offline)');
    expect(await support.entry('reservation', carId).getByTestId('support-reservation-flag').textContent()).toMatch(/^Flagged for dispatch: Its device is offline since \d{2}:\d{2}:\d{2}$/);
    await page.mouse.move(0, 1079);
    await page.screenshot({ path: join(ARTIFACTS, 'support-2-live.png') });
  });

  it('opens a device on the map from the keyboard, and comes back to the same customer', async () => {
    const first = page.getByTestId('support-entry').first();
    await first.focus();
    const second = await support.entries().then((entries) => entries[1]);
    await page.keyboard.press('j');
    const focused: unknown = await page.evaluate('document.activeElement && document.activeElement.getAttribute("data-device-id")');
    expect(focused).toBe(second?.deviceId);
    await page.keyboard.press('Enter');
    await page.getByTestId('device-panel-id').filter({ hasText: second?.deviceId ?? '?' }).waitFor({ timeout: WAIT_MS });
    expect(await support.hash()).toMatch(/^#\/map\?panel=device:/);

    await support.open();
    await support.waitForLoaded(CUSTOMER);
    expect(await support.input().inputValue()).toBe(CUSTOMER);
    await page.locator(`[data-testid="support-device"][data-device-id="${chargePointId}"]`).click();
    await page.getByTestId('device-panel-id').filter({ hasText: chargePointId }).waitFor({ timeout: WAIT_MS });
  });

  it('opens on the customer from a shared link, and says plainly when a customer has nothing', async () => {
    const shared = await browser.newPage({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
    try {
      const password = system.backend.createdOperators.find((operator) => operator.username === 'support')?.generatedPassword ?? '';
      await shared.goto(`${system.url}/#/support?customer=${CUSTOMER}`);
      await new ConsolePage(shared).logIn('support', password);
      const sharedSupport = new SupportPage(shared);
      await sharedSupport.waitForLoaded(CUSTOMER);
      expect(await shared.getByTestId('support-summary').textContent()).toContain('1 refused (charge point faulted)');

      await shared.getByTestId('support-span-24h').click();
      expect(await shared.getByTestId('support-span-24h').getAttribute('aria-pressed')).toBe('true');
      await sharedSupport.search('NOBODY-42');
      await shared.getByTestId('support-empty').waitFor({ timeout: WAIT_MS });
      expect(await shared.getByTestId('support-empty').textContent()).toContain('No reservation for NOBODY-42 in the last 24 h');
      expect(await sharedSupport.summary()).toBe('no reservations');
      await shared.mouse.move(0, 1079);
      await shared.screenshot({ path: join(ARTIFACTS, 'support-3-empty.png') });

      await sharedSupport.input().fill('not a reference!');
      await sharedSupport.input().press('Enter');
      expect(await shared.getByTestId('support-search-problem').textContent()).toContain('A customer reference is 1 to 64');
      expect(await sharedSupport.hash()).toBe('#/support?customer=NOBODY-42');
    } finally {
      await shared.close();
    }
  });
});
