/**
 * Commands from the Fleet Console in headless Chromium, against the real backend and the simulated fleet:
 * a dispatcher reboots a charge point from its panel (confirmation by keyboard) and watches the command
 * reach succeeded while the charge point goes offline and comes back; support sees no Reboot; a car locks;
 * a never-queue command to an offline car fails at once with the reason; a bulk reboot of a station counts
 * its charge points, leaves its cars out, fails at once where one is offline and shows each device to the
 * end; and a car command to a box selection counts the charge points out.
 * Screenshots are kept in test-results/console/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandsPage } from './support/commands-page.js';
import { ARTIFACTS, launchChromium, openSignedInConsole, prepareConsoleRun } from './support/console-browser.js';
import { connectConsoleClient } from './support/console-client.js';
import { MapPage } from './support/map-page.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';

const WAIT_MS = 30_000;
/** A reboot: the answer, half a second to go, two seconds off, a new boot. */
const REBOOT_MS = 60_000;

describe('commands in the console', () => {
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  let commands: CommandsPage;
  let rebootedId = '';

  beforeAll(async () => {
    await prepareConsoleRun();
    // Nobody drives: every car stays parked at its station, so a station has cars to leave out of a reboot.
    system = await startSystem({ fleet: { stations: 8, cars: 16, chargePoints: 32 }, drivingShare: 0 });
    await system.waitUntilAllOnline();
    browser = await launchChromium();
    const password = system.backend.createdOperators.find((operator) => operator.username === 'dispatcher')?.generatedPassword;
    if (!password) throw new Error('the demo dispatcher was not created with a generated password');
    ({ page } = await openSignedInConsole(browser, system, { as: { username: 'dispatcher', password } }));
    commands = new CommandsPage(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('lets a dispatcher reboot a charge point after a confirmation, and shows the reboot to the end', async () => {
    const chargePoint = (await commands.devices()).find((device) => device.kind === 'chargePoint' && device.status === 'available');
    if (!chargePoint) throw new Error('no available charge point');
    rebootedId = chargePoint.id;
    await commands.openCommands(rebootedId);
    expect(await commands.commandBar()).toEqual([
      'Reboot…',
      'Unlock connector…',
      'Change availability…',
      'Start charging…',
      'Stop charging…',
      'Ask for a message…',
      'Reserve…',
    ]);
    // The charge point must be seen offline and back.
    await commands.recordStatuses(rebootedId);

    // By keyboard: the first choice has the focus; → picks Hard, Enter goes on to the question.
    await page.getByTestId('command-reset').click();
    await page.getByTestId('command-draft').waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const question = page.getByTestId('command-question');
    await question.waitFor({ timeout: WAIT_MS });
    expect(await question.textContent()).toBe(`Reboot ${rebootedId} (Hard)? A charging session there stops.`);
    await page.screenshot({ path: join(ARTIFACTS, 'commands-1-confirm.png') });

    // Esc cancels and keeps the panel open; the second time, Enter confirms.
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await page.getByTestId('device-panel').count()).toBe(1);
    await page.getByTestId('command-reset').click();
    await page.getByTestId('command-field-type-Hard').press('Space');
    await page.keyboard.press('Enter');
    await question.waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Enter');

    const row = commands.newestRow('reset');
    await row.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: REBOOT_MS }).toBe('succeeded');
    expect(await commands.stepsOf('reset')).toEqual(['queued', 'sent', 'delivered', 'succeeded']);
    expect(await row.textContent()).toContain('Reboot (Hard)');
    expect(await row.locator('[data-testid="command-step"]').last().textContent()).toContain('The charge point booted again');
    // Each step's time is an age, the absolute time on hover.
    expect(await row.locator('[data-testid="command-step"] time').first().getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} /);
    await expect.poll(() => commands.recordedStatuses(), { timeout: WAIT_MS }).toEqual(expect.arrayContaining(['offline']));
    await expect.poll(async () => (await commands.recordedStatuses()).at(-1), { timeout: WAIT_MS }).not.toBe('offline');
    expect((await commands.recordedStatuses())[0]).toBe('available');
    await page.mouse.move(0, 1079);
    await page.screenshot({ path: join(ARTIFACTS, 'commands-2-panel.png') });

    // Parameters are checked before anything is sent, and each field says what is wrong with it.
    await page.getByTestId('command-remoteStart').click();
    await page.getByTestId('command-field-connectorId').fill('99');
    await page.getByTestId('command-field-idTag').press('Enter');
    expect(await page.getByTestId('command-problem-idTag').textContent()).toBe('ID tag is required.');
    expect(await page.getByTestId('command-problem-connectorId').textContent()).toBe('Connector is a whole number from 1 to 16.');
    await page.screenshot({ path: join(ARTIFACTS, 'commands-0-form.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('command-draft').waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await commands.newestRow('remoteStart').count()).toBe(0);
  });

  it('offers support no Reboot, and shows them the dispatcher’s reboot in the history', async () => {
    const password = system.backend.createdOperators.find((operator) => operator.username === 'support')?.generatedPassword;
    if (!password) throw new Error('the demo support operator was not created with a generated password');
    const { page: supportPage } = await openSignedInConsole(browser, system, { as: { username: 'support', password } });
    const support = new CommandsPage(supportPage);
    try {
      await support.openCommands(rebootedId);
      expect(await supportPage.getByTestId('command-reset').count()).toBe(0);
      expect(await support.commandBar()).toEqual([
        'Unlock connector…',
        'Start charging…',
        'Stop charging…',
        'Ask for a message…',
        'Reserve…',
      ]);
      const row = support.newestRow('reset');
      await row.waitFor({ timeout: WAIT_MS });
      expect(await row.getAttribute('data-status')).toBe('succeeded');
      expect(await row.textContent()).toContain('dispatcher');
      // Reserve… opens the reservations view on this device.
      await supportPage.getByTestId('command-reserve').click();
      await expect.poll(() => supportPage.evaluate(() => String(Reflect.get(Reflect.get(globalThis, 'location'), 'hash'))), { timeout: WAIT_MS }).toMatch(/^#\/reservations/);
    } finally {
      await supportPage.close();
    }
  });

  it('locks a car from the command bar, and shows the lock succeed', async () => {
    const car = (await commands.devices()).find((device) => device.kind === 'car' && device.status !== 'offline');
    if (!car) throw new Error('no car online');
    await commands.openCommands(car.id);
    // Lock is harmless: no confirmation, it goes at once.
    await page.getByTestId('command-lock').click();
    const row = commands.newestRow('lock');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: WAIT_MS }).toBe('succeeded');
    expect(await commands.stepsOf('lock')).toEqual(['queued', 'sent', 'delivered', 'succeeded']);
    expect(await row.textContent()).toContain('Done, says the car');
  });

  it('starts charging from the bar, and offers to stop the session under way by its id', async () => {
    const chargePoint = (await commands.devices()).find((device) => device.kind === 'chargePoint' && device.status === 'available' && device.id !== rebootedId);
    if (!chargePoint) throw new Error('no available charge point');
    await commands.openCommands(chargePoint.id);
    await page.getByTestId('command-remoteStart').click();
    await page.getByTestId('command-field-idTag').fill('E2E-CONSOLE');
    await page.getByTestId('command-field-idTag').press('Enter');
    await expect.poll(() => commands.newestRow('remoteStart').getAttribute('data-status'), { timeout: WAIT_MS }).toBe('succeeded');
    await expect.poll(() => commands.statusOf(chargePoint.id), { timeout: WAIT_MS }).toBe('charging');

    const hub = await connectConsoleClient(system);
    try {
      const detail = await hub.must('device:get', { deviceId: chargePoint.id });
      const session = detail.kind === 'chargePoint' ? detail.openTransactions?.[0] : undefined;
      if (!session) throw new Error('no open session after the remote start');
      expect(session.idTag).toBe('E2E-CONSOLE');
      // The panel learns of the session when it reads the device again after its change.
      const field = page.getByTestId('command-field-transactionId');
      await expect
        .poll(async () => {
          if ((await field.count()) > 0) await page.keyboard.press('Escape');
          await page.getByTestId('command-remoteStop').click();
          return field.inputValue();
        }, { timeout: WAIT_MS })
        .toBe(String(session.transactionId));
      await field.press('Enter');
      expect(await page.getByTestId('command-question').textContent()).toContain(`transaction ${session.transactionId}`);
      await page.keyboard.press('Enter');
      await expect.poll(() => commands.newestRow('remoteStop').getAttribute('data-status'), { timeout: WAIT_MS }).toBe('succeeded');
      await expect.poll(async () => {
        const after = await hub.must('device:get', { deviceId: chargePoint.id });
        return after.kind === 'chargePoint' ? (after.openTransactions ?? []).length : -1;
      }, { timeout: WAIT_MS }).toBe(0);
    } finally {
      hub.close();
    }
  });

  it('says a never-queue command to an offline car fails at once, and shows why when it does', async () => {
    const car = (await commands.devices()).find((device) => device.kind === 'car' && device.status !== 'offline' && device.id !== rebootedId);
    if (!car) throw new Error('no car online');
    system.simulation.faults.inject(car.id, { kind: 'backlog', forMs: 120_000 });
    try {
      await expect.poll(() => commands.statusOf(car.id), { timeout: WAIT_MS }).toBe('offline');
      await commands.openCommands(car.id);
      await page.getByTestId('command-offline').waitFor({ timeout: WAIT_MS });
      expect(await page.getByTestId('command-unlock').textContent()).toContain('fails now');
      expect(await page.getByTestId('command-lock').textContent()).not.toContain('fails now');
      await page.getByTestId('command-unlock').click();
      expect(await page.getByTestId('command-notice').textContent()).toBe(
        `${car.id} is offline: Unlock would fail at once. It is never kept for later, so that it cannot fire when the device comes back.`,
      );
      expect(await page.getByTestId('command-question').textContent()).toBe(`Unlock ${car.id}? Its doors open for whoever is there.`);
      await page.keyboard.press('Enter');
      const row = commands.newestRow('unlock');
      await expect.poll(() => row.getAttribute('data-status'), { timeout: WAIT_MS }).toBe('failed');
      expect(await commands.stepsOf('unlock')).toEqual(['queued', 'failed']);
      expect(await row.locator('[data-testid="command-step"]').last().textContent()).toContain(`${car.id} is offline; Unlock is never kept for later`);
      await page.mouse.move(0, 1079);
      await page.screenshot({ path: join(ARTIFACTS, 'commands-3-offline.png') });
    } finally {
      system.simulation.faults.clear(car.id);
    }
  });

  it('reboots a station’s charge points in bulk: the count in the confirmation, the cars left out, each device to the end', async () => {
    const devices = await commands.devices();
    const stationOf = (stationId: string) => devices.filter((device) => device.kind === 'chargePoint' && device.stationId === stationId);
    const station = system.network.stations.find((candidate) => stationOf(candidate.id).length >= 3 && stationOf(candidate.id).every((device) => device.status !== 'offline'));
    if (!station) throw new Error('no station with three charge points online');
    const chargePointIds = stationOf(station.id).map((device) => device.id);
    // One of them out of coverage: a reboot is never kept for later, so it fails there at once.
    const unreachable = chargePointIds[0] ?? '';
    system.simulation.faults.inject(unreachable, { kind: 'backlog', forMs: 120_000 });
    try {
      await expect.poll(() => commands.statusOf(unreachable), { timeout: WAIT_MS }).toBe('offline');
      await commands.openPanel('station', station.id);
      const parkedCars = await page.getByTestId('station-car').count();
      expect(parkedCars).toBeGreaterThan(0);
      const cars = `${parkedCars} ${parkedCars === 1 ? 'car' : 'cars'}`;

      await page.getByTestId('station-command').click();
      const dialog = page.getByTestId('bulk-dialog');
      await dialog.waitFor({ timeout: WAIT_MS });
      expect(await page.getByTestId('bulk-target').textContent()).toBe(`Station ${station.name}: ${cars} and ${chargePointIds.length} charge points`);
      await page.getByTestId('bulk-command-reset').click();
      await page.keyboard.press('Enter');
      const question = dialog.getByTestId('command-question');
      await question.waitFor({ timeout: WAIT_MS });
      expect(await question.textContent()).toBe(`Reboot ${chargePointIds.length} charge points (Soft)?`);
      expect(await dialog.getByTestId('command-notice').textContent()).toBe(
        `${cars} left out: Reboot is for charge points. 1 of them is offline: Reboot fails there at once, as it is never kept for later.`,
      );
      await page.screenshot({ path: join(ARTIFACTS, 'commands-4-bulk-confirm.png') });
      await page.keyboard.press('Enter');

      const progress = page.getByTestId('bulk-progress');
      await progress.waitFor({ timeout: WAIT_MS });
      await expect.poll(() => progress.getByTestId('bulk-row').count(), { timeout: WAIT_MS }).toBe(chargePointIds.length);
      await expect.poll(() => page.getByTestId('bulk-state').textContent(), { timeout: REBOOT_MS }).toBe('finished');
      const summary = `${chargePointIds.length - 1} succeeded · 1 failed`;
      expect(await page.getByTestId('bulk-summary').getAttribute('data-summary')).toBe(summary);
      const rows = await progress.getByTestId('bulk-row').evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-device-id'), node.getAttribute('data-status')]));
      const byId = (left: string, right: string) => left.localeCompare(right, 'en', { numeric: true });
      expect(rows).toEqual([...chargePointIds].sort(byId).map((deviceId) => [deviceId, deviceId === unreachable ? 'failed' : 'succeeded']));
      expect(await progress.locator(`[data-testid="bulk-row"][data-device-id="${unreachable}"]`).textContent()).toContain(`${unreachable} is offline; Reboot is never kept for later`);
      expect(await progress.locator('[data-testid="bulk-row"][data-status="succeeded"]').first().textContent()).toContain('The charge point booted again');
      // The failed ones alone, a click away.
      await page.getByTestId('bulk-count-failed').click();
      expect(await progress.getByTestId('bulk-row').count()).toBe(1);
      await page.getByTestId('bulk-count-failed').click();
      await page.screenshot({ path: join(ARTIFACTS, 'commands-5-bulk.png') });

      // Closed, it is kept: the map's chip says how it went and opens it again.
      await page.keyboard.press('Escape');
      await progress.waitFor({ state: 'detached', timeout: WAIT_MS });
      expect(await page.getByTestId('station-panel').count()).toBe(1);
      expect(await page.getByTestId('bulk-chip').textContent()).toContain(`Reboot (Soft) · ${chargePointIds.length} charge points: ${summary}`);
      await page.getByTestId('bulk-chip-show').click();
      await progress.waitFor({ timeout: WAIT_MS });
      await page.keyboard.press('Escape');
      await progress.waitFor({ state: 'detached', timeout: WAIT_MS });
      await page.keyboard.press('Escape');
      await page.getByTestId('station-panel').waitFor({ state: 'detached', timeout: WAIT_MS });
    } finally {
      system.simulation.faults.clear(unreachable);
    }
  });

  it('sends a car command to the cars of a box selection, counting the charge points out', async () => {
    const map = new MapPage(page);
    const box = await map.mapBox();
    await map.boxSelect({ x: box.x + 80, y: box.y + 40 }, { x: box.x + box.width - 40, y: box.y + box.height - 130 });
    const bar = page.getByTestId('box-selection-bar');
    await bar.waitFor({ timeout: WAIT_MS });
    const selected = Number(await bar.getAttribute('data-count'));
    await page.getByTestId('box-selection-command').click();
    const dialog = page.getByTestId('bulk-dialog');
    await dialog.waitFor({ timeout: WAIT_MS });
    const counts = /^The box selection: (\d+) cars? and (\d+) charge points?$/.exec((await page.getByTestId('bulk-target').textContent()) ?? '');
    if (!counts) throw new Error('the dialog does not say what the box holds');
    const [cars, chargePoints] = [Number(counts[1]), Number(counts[2])];
    expect(cars + chargePoints).toBe(selected);
    await page.getByTestId('bulk-command-requestState').click();
    expect(await dialog.getByTestId('command-question').textContent()).toBe(`Request state ${cars} ${cars === 1 ? 'car' : 'cars'}?`);
    expect(await dialog.getByTestId('command-notice').textContent()).toMatch(new RegExp(`^${chargePoints} charge points? left out: Request state is for cars\\.`));
    await page.keyboard.press('Enter');
    const progress = page.getByTestId('bulk-progress');
    await progress.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.getByTestId('bulk-summary').getAttribute('data-summary'), { timeout: WAIT_MS }).toBe(`${cars} succeeded`);
    expect(await progress.getByTestId('bulk-row').count()).toBe(cars);
    await page.screenshot({ path: join(ARTIFACTS, 'commands-6-bulk-box.png') });
  });
});
