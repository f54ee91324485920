/**
 * The reservations view in headless Chromium, against the real backend and the simulated fleet, as a
 * dispatcher in Paris uses it: reserves a free charge point (the charge point accepts ReserveNow and
 * reports its connector Reserved), a parked car and a charge point for later; is refused an overlapping
 * reservation with the holder named and shown; sees a reservation flagged when its car turns faulted
 * and cancels it with a reason; lists one customer's and one device's reservations, also after a
 * reload; goes from a row to the device on the map, and from the device panel's "Reserve…" back to a
 * form for it. Screenshots are kept in test-results/console/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, openSignedInConsole, prepareConsoleRun } from './support/console-browser.js';
import { connectConsoleClient } from './support/console-client.js';
import { ReservationsPage, localInput } from './support/reservations-page.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';

const WAIT_MS = 30_000;
const TIME_ZONE = 'Europe/Paris';
const HOUR = 3_600_000;

describe('the reservations view', () => {
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  let view: ReservationsPage;
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `reservations-${name}.png`) });
  let chargePointId = '';
  let laterChargePointId = '';
  let carId = '';
  let chargePointReservation = 0;
  let carReservation = 0;

  beforeAll(async () => {
    await prepareConsoleRun();
    // Nobody drives: parked cars are free to reserve, and charge points stay free unless a car charges.
    system = await startSystem({ drivingShare: 0, fleet: { stations: 4, cars: 6, chargePoints: 10 } });
    await system.waitUntilAllOnline();
    // Free as the backend sees them (online, available): a parked car may still be charging at a charge point.
    const hub = await connectConsoleClient(system);
    try {
      const free = async (kind: 'car' | 'chargePoint') => {
        const found: string[] = [];
        for (const device of system.network.devices.filter((candidate) => candidate.kind === kind)) {
          const detail = await hub.call('device:get', { deviceId: device.id });
          if (detail.ok && detail.value.status === 'available' && detail.value.isOnline) found.push(device.id);
        }
        return found;
      };
      [chargePointId = '', laterChargePointId = ''] = await free('chargePoint');
      [carId = ''] = await free('car');
    } finally {
      hub.close();
    }
    if (!chargePointId || !laterChargePointId || !carId) throw new Error('the fleet has no two free charge points and a free car');
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark', timezoneId: TIME_ZONE });
    ({ page } = await openSignedInConsole(browser, system, { context }));
    view = new ReservationsPage(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('reserves a free charge point from now for an hour: the charge point accepts it and shows Reserved', async () => {
    await view.goToReservations();
    await page.getByTestId('reservation-empty').filter({ hasText: 'No upcoming reservation.' }).waitFor({ timeout: WAIT_MS });

    // Checked before sending: without a customer nothing is sent.
    await view.openForm();
    await view.fillForm({ deviceId: chargePointId, customerRef: '' });
    expect(await view.text('reservation-form-device-hint')).toMatch(/Charge point .* Available/);
    await page.getByTestId('reservation-form-submit').click();
    expect(await view.text('reservation-problem-customerRef')).toBe('Give the customer’s reference.');
    expect(await page.getByTestId('reservation-row').count()).toBe(0);
    await view.keys('Escape', 'Escape');
    await view.form().waitFor({ state: 'detached', timeout: WAIT_MS });

    chargePointReservation = await view.create({ deviceId: chargePointId, customerRef: 'CUST-A' });
    // The new row is highlighted, and the charge point's answer (Accepted) makes it active.
    expect((await view.rows()).find((row) => row.reservationId === chargePointReservation)?.isFresh).toBe(true);
    await expect.poll(() => view.rowAttribute(chargePointReservation, 'data-status'), { timeout: WAIT_MS }).toBe('active');
    expect(await view.text('reservation-detail-status')).toBe('Reserved');
    // Its connector is then reported Reserved: the charge point holds it for the customer. What is left is
    // reckoned on the backend's clock as last heard, which may trail the form's by a few milliseconds.
    await expect.poll(() => view.rowAttribute(chargePointReservation, 'data-device-status'), { timeout: WAIT_MS }).toBe('reserved');
    expect(await view.row(chargePointReservation).textContent()).toMatch(/CUST-A.*Today \d{2}:\d{2}–\d{2}:\d{2}.*1 h.*now · (59 min|1 h) left/);
    await shot('1-created');
  });

  it('reserves a parked car for two hours, and a charge point for later, which waits to ask it', async () => {
    carReservation = await view.create({ deviceId: carId, customerRef: 'CUST-B', length: '2 h' });
    await expect.poll(() => view.rowAttribute(carReservation, 'data-status'), { timeout: WAIT_MS }).toBe('active');
    expect(await view.row(carReservation).textContent()).toContain('2 h');

    const later = Date.now() + 3 * HOUR;
    const laterReservation = await view.create({ deviceId: laterChargePointId, customerRef: 'CUST-C', startsAt: localInput(later, TIME_ZONE) });
    expect(await view.rowAttribute(laterReservation, 'data-status')).toBe('requested');
    expect(await view.row(laterReservation).textContent()).toMatch(/Requested.*in 2 h 5\d min/);
    // Soonest first.
    expect((await view.rows()).map((row) => row.reservationId)).toEqual([chargePointReservation, carReservation, laterReservation]);
  });

  it('refuses an overlapping reservation of the same charge point, naming the holder, and shows it', async () => {
    await view.openForm();
    await view.fillForm({ deviceId: chargePointId, customerRef: 'CUST-D', startsAt: localInput(Date.now() + 20 * 60_000, TIME_ZONE) });
    await page.getByTestId('reservation-form-submit').click();
    const refusal = page.getByTestId('reservation-refusal');
    await refusal.waitFor({ timeout: WAIT_MS });
    expect(await refusal.getAttribute('data-code')).toBe('conflict');
    expect(await view.text('reservation-refusal-message')).toContain(`${chargePointId} is already reserved by reservation ${chargePointReservation} for CUST-A`);
    expect(await view.text('reservation-refusal-holder')).toMatch(new RegExp(`#${chargePointReservation} Reserved · CUST-A · Today`));
    await page.getByTestId('reservation-refusal-show').click();
    await expect.poll(async () => (await view.rows()).find((row) => row.reservationId === chargePointReservation), { timeout: WAIT_MS }).toMatchObject({ isCursor: true, isFresh: true });
    // Nothing was made: still three reservations.
    expect(await page.getByTestId('reservation-row').count()).toBe(3);
    await shot('2-conflict');
    await view.keys('Escape');
    await view.form().waitFor({ state: 'detached', timeout: WAIT_MS });
  });

  it('flags the car’s reservation when the car turns faulted, and cancels it with a reason', async () => {
    system.simulation.faults.inject(carId, { kind: 'reportedFault', code: 'BMS_OVERTEMP' });
    try {
      // The backend's sweep (every 15 s) flags holding reservations whose device is lost.
      const flag = view.row(carReservation).getByTestId('reservation-flag');
      await flag.waitFor({ timeout: 45_000 });
      expect(await flag.textContent()).toMatch(/Device faulted since \d{2}:\d{2} — reassign/);
      await shot('3-flagged');

      await view.row(carReservation).click();
      await page.locator(`[data-testid="reservation-detail"][data-reservation-id="${carReservation}"]`).waitFor({ timeout: WAIT_MS });
      expect(await view.text('reservation-detail-flag')).toContain('dispatch should move the customer to another device');
      await page.getByTestId('reservation-cancel').click();
      await page.getByTestId('reservation-cancel-reason').fill('Car faulted: customer moved to another car');
      await shot('4-cancel');
      await page.keyboard.press('Enter');
      await page.getByTestId('reservation-cancel-dialog').waitFor({ state: 'detached', timeout: WAIT_MS });
      await expect.poll(() => view.rowAttribute(carReservation, 'data-status'), { timeout: WAIT_MS }).toBe('cancelled');
      expect(await view.row(carReservation).textContent()).toContain('Car faulted: customer moved to another car');
      expect(await view.text('reservation-detail-status')).toBe('Cancelled');
      expect(await page.getByTestId('reservation-cancel').count()).toBe(0);
    } finally {
      system.simulation.faults.clear(carId);
    }
  });

  it('lists one customer’s and one device’s reservations, also from the backend after a reload', async () => {
    await page.getByTestId('reservation-filter-customer').fill('CUST-A');
    await page.getByTestId('reservation-filter-customer').press('Enter');
    await expect.poll(async () => (await view.rows()).map((row) => row.reservationId), { timeout: WAIT_MS }).toEqual([chargePointReservation]);
    expect(page.url()).toContain('#/reservations?customer=CUST-A');
    // A reload starts with an empty book: the rows come from reservation:list.
    await page.reload();
    await expect.poll(async () => (await view.rows()).map((row) => row.customer), { timeout: WAIT_MS }).toEqual(['CUST-A']);
    expect(await page.getByTestId('reservation-filter-customer').inputValue()).toBe('CUST-A');
    await shot('5-customer');

    await page.getByTestId('reservation-filter-customer-clear').click();
    await page.getByTestId('reservation-filter-device').fill(carId);
    await page.getByTestId('reservation-filter-device').press('Enter');
    await expect.poll(async () => (await view.rows()).map((row) => `${row.deviceId} ${row.status}`), { timeout: WAIT_MS }).toEqual([`${carId} cancelled`]);
    expect(page.url()).toContain(`#/reservations?device=${carId}`);
    await page.getByTestId('reservation-range-past').click();
    await page.getByTestId('reservation-empty').filter({ hasText: `No reservation for ${carId} that ended in the last 7 days.` }).waitFor({ timeout: WAIT_MS });

    // Everyone's again, and from the keyboard: j moves, Enter opens, Esc closes.
    await page.getByTestId('reservation-range-upcoming').click();
    await page.getByTestId('reservation-filter-device-clear').click();
    await expect.poll(() => page.getByTestId('reservation-row').count(), { timeout: WAIT_MS }).toBe(3);
    await view.keys('j', 'j', 'Enter');
    await page.locator(`[data-testid="reservation-detail"][data-reservation-id="${carReservation}"]`).waitFor({ timeout: WAIT_MS });
    await shot('6-list');
    await view.keys('Escape');
    await view.detail().waitFor({ state: 'detached', timeout: WAIT_MS });
  });

  it('opens a reservation’s device on the map, and the device panel’s Reserve… comes back to a form for it', async () => {
    await view.row(chargePointReservation).getByTestId('reservation-device-link').click();
    await page.getByTestId('device-panel-id').filter({ hasText: chargePointId }).waitFor({ timeout: WAIT_MS });
    expect(page.url()).toContain(`panel=device:${chargePointId}`);

    // And back: the panel's "Reserve…" opens the form on this device, beside the device's reservations.
    await page.getByTestId('panel-tab-commands').click();
    await page.getByTestId('command-reserve').click();
    await view.form().waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('reservation-form-device').inputValue()).toBe(chargePointId);
    expect(page.url()).toContain(`#/reservations?device=${chargePointId}`);
    await expect.poll(async () => (await view.rows()).map((row) => row.reservationId), { timeout: WAIT_MS }).toEqual([chargePointReservation]);
    await shot('7-reserve-from-panel');
  });
});
