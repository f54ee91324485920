/**
 * The console's map in headless Chromium (software canvas, as in a control room's thin clients), against
 * the real backend and the simulated fleet: clusters with their breakdown at low zoom, devices when
 * zoomed in, the tooltip, Shift+drag box selection, following a driving car, and the frozen map when the
 * backend goes away. Screenshots are kept in test-results/console/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { STATUS_LABELS, statusCode } from '../shared/fleet.js';
import { ARTIFACTS, launchChromium, openSignedInConsole, prepareConsoleRun } from './support/console-browser.js';
import type { ConsolePage } from './support/console-page.js';
import { MapPage, type MapStateSeen } from './support/map-page.js';
import type { RunningSystem } from './support/system.js';
import { startSystem } from './support/system.js';

const WAIT_MS = 30_000;
const AVAILABLE = statusCode('available');

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function biggest(state: MapStateSeen): MapStateSeen['clusters'][number] {
  const [first] = [...state.clusters].sort((a, b) => b.size - a.size);
  if (!first) throw new Error('no cluster on screen');
  return first;
}

describe('the console map in Chromium', () => {
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  let console: ConsolePage;
  let map: MapPage;

  beforeAll(async () => {
    await prepareConsoleRun();
    // Enough cars on the road that one can be followed.
    system = await startSystem({ drivingShare: 0.3 });
    await system.waitUntilAllOnline();
    browser = await launchChromium();
    ({ page, console } = await openSignedInConsole(browser, system));
    map = new MapPage(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('shows clusters at low zoom, with the fleet’s breakdown by state, adding up to every shown device', async () => {
    const opening = await map.state();
    await map.zoomBy(11 - opening.zoom);
    const state = await map.waitForMode('clusters', 11);
    // The whole fleet is in view at zoom 11: every device is in a cluster or drawn on its own.
    expect(state.shownDevices).toBe(system.network.devices.length);
    expect(state.clusteredDevices + state.drawnDevices).toBe(state.shownDevices);
    expect(sum(state.clusters.map((cluster) => cluster.size))).toBe(state.clusteredDevices);
    expect(state.clusterCount).toBeGreaterThan(3);
    for (const cluster of state.clusters) expect(sum(cluster.breakdown)).toBe(cluster.size);
    // The clusters' mix of states is the fleet's (the header counts the same devices a moment apart).
    const availableInClusters = sum(state.clusters.map((cluster) => cluster.breakdown[AVAILABLE] ?? 0)) / state.clusteredDevices;
    const availableInFleet = (await console.count('available')) / (await console.count('devices'));
    expect(Math.abs(availableInClusters - availableInFleet)).toBeLessThan(0.1);
    await page.screenshot({ path: join(ARTIFACTS, 'map-1-clusters.png') });

    // Hovering a cluster lists its states with their counts.
    const cluster = biggest(state);
    await page.mouse.move(cluster.x, cluster.y);
    const tooltip = page.getByTestId('map-tooltip');
    await tooltip.filter({ hasText: `${cluster.size} devices` }).waitFor({ timeout: WAIT_MS });
    // Cars drive meanwhile, so the tooltip's counts are read as they are and must add up to its size.
    const text = (await tooltip.textContent()) ?? '';
    const countOf = (label: string) => Number(new RegExp(`${label}(\\d+)`).exec(text)?.[1] ?? 0);
    expect(sum(Object.values(STATUS_LABELS).map(countOf))).toBe(cluster.size);
    expect(Math.abs(countOf(STATUS_LABELS.available) - (cluster.breakdown[AVAILABLE] ?? 0))).toBeLessThanOrEqual(3);
    await page.screenshot({ path: join(ARTIFACTS, 'map-2-cluster-tooltip.png') });
    // No tile loads here (no internet): Paris's outline stands in for them.
    await expect.poll(() => page.locator('.leaflet-outline-pane canvas').count(), { timeout: WAIT_MS }).toBe(1);
  });

  it('keeps the last drawing on screen, scaled, until the new zoom’s own clusters are ready, then draws those', async () => {
    await map.waitForMode('clusters', 11);
    // Clicked inside the page: Leaflet zooms, without animation, within the click.
    const atZoom = z
      .object({ transform: z.string(), draws: z.number(), zoom: z.number() })
      .parse(
        await page.evaluate(`(() => {
          const hook = globalThis.__cyberponiesFleet;
          const drawsBefore = hook.mapState().draws;
          document.querySelector('.leaflet-control-zoom-out').click();
          const state = hook.mapState();
          return { transform: document.querySelector('[data-testid="fleet-canvas"]').style.transform, draws: state.draws - drawsBefore, zoom: state.zoom };
        })()`),
      );
    expect(atZoom.zoom).toBe(10);
    expect(atZoom.transform).toContain('scale(0.5)');
    expect(atZoom.draws).toBe(0);
    const redrawn = await map.waitForMode('clusters', 10);
    expect(redrawn.clusterZoom).toBe(10);
    // Their glyphs are made a few a frame before the drawing is replaced.
    await expect.poll(() => page.getByTestId('fleet-canvas').evaluate((element) => element.getAttribute('style') ?? ''), { timeout: WAIT_MS }).not.toContain('scale');
    await map.zoomBy(1);
    await map.waitForMode('clusters', 11);
  });

  it('zooms into a cluster when it is clicked, and shows devices when zoomed in', async () => {
    const before = await map.state();
    const cluster = biggest(before);
    await page.mouse.click(cluster.x, cluster.y);
    await expect.poll(async () => (await map.state()).zoom, { timeout: WAIT_MS }).toBeGreaterThanOrEqual(before.zoom + 2);
    const after = await map.state();
    // The zoom is known as the animation starts; buttons do nothing until it ends.
    await map.waitForZoom(after.zoom);
    await map.zoomBy(16 - after.zoom);
    const state = await map.waitForMode('devices', 16);
    expect(state.drawnDevices).toBeGreaterThan(5);
    expect(state.clusterCount).toBe(0);
    await page.mouse.move(5, 500);
    await page.getByTestId('map-tooltip').waitFor({ state: 'detached', timeout: WAIT_MS });
    await page.screenshot({ path: join(ARTIFACTS, 'map-3-devices-street.png') });
  });

  it('shows a tooltip with the device’s identity, state, age and station on hover', async () => {
    const box = await map.mapBox();
    const points = await map.devicePoints(system.network.devices.map((device) => device.id));
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const [deviceId, point] = [...points.entries()]
      .filter((entry): entry is [string, { x: number; y: number }] => entry[1] !== null)
      .sort(([, a], [, b]) => Math.hypot(a.x - centre.x, a.y - centre.y) - Math.hypot(b.x - centre.x, b.y - centre.y))[0] ?? ['', null];
    if (!point) throw new Error('no device drawn');
    const device = system.network.devices.find((candidate) => candidate.id === deviceId);
    const station = system.network.stations.find((candidate) => candidate.id === device?.stationId);
    await page.mouse.move(point.x, point.y);
    const tooltip = page.getByTestId('map-tooltip');
    await tooltip.filter({ hasText: device?.plate ?? deviceId }).waitFor({ timeout: WAIT_MS });
    const text = (await tooltip.textContent()) ?? '';
    expect(text).toContain(device?.serialNumber ?? '?');
    expect(text).toMatch(/(Available|In use|Charging|Reserved|Faulted|Offline) · (stale, )?(just now|\d+ (s|min) ago)/);
    if (device?.kind === 'chargePoint') expect(text).toContain(station?.name ?? '?');
    await page.screenshot({ path: join(ARTIFACTS, 'map-4-tooltip.png') });
    await page.mouse.move(5, 500);
  });

  it('selects the shown devices inside a Shift+drag box, outlines them, and clears with Esc', async () => {
    const box = await map.mapBox();
    const points = await map.devicePoints(system.network.devices.map((device) => device.id));
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    // A box round the devices nearest the middle of the map.
    const nearest = [...points.values()]
      .filter((point) => point !== null)
      .sort((a, b) => Math.hypot(a.x - centre.x, a.y - centre.y) - Math.hypot(b.x - centre.x, b.y - centre.y))[0];
    if (!nearest) throw new Error('no device drawn');
    const within = (x: number, y: number) => ({ x: Math.min(Math.max(x, box.x + 60), box.x + box.width - 20), y: Math.min(Math.max(y, box.y + 20), box.y + box.height - 20) });
    const from = within(nearest.x - 220, nearest.y - 140);
    const to = within(nearest.x + 220, nearest.y + 140);
    const inside = [...points.values()].filter((point) => point !== null && point.x >= from.x && point.x <= to.x && point.y >= from.y && point.y <= to.y);
    expect(inside.length).toBeGreaterThan(0);
    await map.boxSelect(from, to);
    const bar = page.getByTestId('box-selection-bar');
    await bar.waitFor({ timeout: WAIT_MS });
    expect(Number(await bar.getAttribute('data-count'))).toBe(inside.length);
    expect(await bar.textContent()).toMatch(new RegExp(`${inside.length} selected`));
    // The release of the drag is not a click: no device was selected by it.
    expect(await page.getByTestId('device-panel').count()).toBe(0);
    await page.mouse.move(5, 500);
    await page.screenshot({ path: join(ARTIFACTS, 'map-5-box-selection.png') });
    await page.keyboard.press('Escape');
    await bar.waitFor({ state: 'detached', timeout: WAIT_MS });
  });

  it('follows a driving car: it stays in the middle of the map as it moves, until the map is dragged', async () => {
    await map.zoomBy(12 - (await map.state()).zoom);
    await map.waitForMode('devices', 12);
    const driving = [...system.simulation.world.cars.values()]
      .filter((car) => car.trip !== null && car.speedKmh > 0)
      .sort((a, b) => {
        const left = (car: typeof a) => Math.hypot((car.trip?.destination.latitude ?? 0) - car.latitude, (car.trip?.destination.longitude ?? 0) - car.longitude);
        return left(b) - left(a);
      })
      .map((car) => car.id);
    const carId = await console.openFirstDeviceOnScreen(driving);
    await page.getByTestId('follow-toggle').click();
    const indicator = page.getByTestId('follow-indicator');
    await indicator.waitFor({ timeout: WAIT_MS });
    await map.zoomBy(3);
    const box = await map.mapBox();
    const panel = await page.getByTestId('device-panel').boundingBox();
    // The middle of what the operator sees: the panel floats over the right of the map.
    const centre = { x: box.x + ((panel?.x ?? box.x + box.width) - box.x) / 2, y: box.y + box.height / 2 };
    const car = system.simulation.world.cars.get(carId);
    const start = { latitude: car?.latitude ?? 0, longitude: car?.longitude ?? 0 };
    const distances: number[] = [];
    for (let sample = 0; sample < 12; sample++) {
      await page.waitForTimeout(500);
      const point = (await map.devicePoints([carId])).get(carId);
      if (!point) throw new Error(`the followed car left the view after ${sample} samples`);
      distances.push(Math.hypot(point.x - centre.x, point.y - centre.y));
    }
    const movedMetres = Math.hypot((car?.latitude ?? 0) - start.latitude, ((car?.longitude ?? 0) - start.longitude) * 0.66) * 111_000;
    // It drove (a car at city speed covers tens of metres in six seconds) and the map kept it near the centre.
    expect(movedMetres).toBeGreaterThan(15);
    expect(Math.max(...distances)).toBeLessThan(120);
    expect(await indicator.textContent()).toContain(system.network.devices.find((device) => device.id === carId)?.plate ?? '?');
    await page.screenshot({ path: join(ARTIFACTS, 'map-6-following.png') });

    // Dragging the map is the operator taking over: following stops.
    await page.mouse.move(centre.x + 300, centre.y + 200);
    await page.mouse.down();
    await page.mouse.move(centre.x + 100, centre.y + 100, { steps: 6 });
    await page.mouse.up();
    await indicator.waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await page.getByTestId('follow-toggle').getAttribute('aria-pressed')).toBe('false');
  });

  it('shows the map as frozen, with the data’s time and age, when the connection or the backend goes away', async () => {
    await console.closePanel();
    const banner = page.getByTestId('frozen-banner');
    // The network goes: the last picture stays, dimmed, and says how old it is.
    await page.context().setOffline(true);
    await banner.waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('fleet-map').getAttribute('data-frozen')).toBe('true');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(ARTIFACTS, 'map-7-frozen.png') });
    await page.context().setOffline(false);
    await banner.waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await page.getByTestId('fleet-map').getAttribute('data-frozen')).toBe('false');

    await system.backend.close();
    await banner.waitFor({ timeout: WAIT_MS });
    expect(await banner.textContent()).toMatch(/^Frozen — data as of \d\d:\d\d:\d\d \((just now|\d+ s ago)\) · (reconnecting…|offline since)/);
  });
});
