/**
 * The console's map as a test drives it: its state through the test hook (clusters or devices, what is
 * drawn), zooming with the map's own buttons, clicking clusters, hovering, Shift+dragging a box.
 */
import type { Page } from 'playwright-core';
import { z } from 'zod';

const WAIT_MS = 30_000;

const mapStateSchema = z.object({
  zoom: z.number(),
  mode: z.enum(['devices', 'clusters']),
  clusterCount: z.number(),
  clusteredDevices: z.number(),
  drawnDevices: z.number(),
  shownDevices: z.number(),
  clusterZoom: z.number(),
  isClusteringPending: z.boolean(),
  clusterBuildMs: z.number(),
  clusterSendMs: z.number(),
  clusterBuilds: z.number(),
  regionPasses: z.number(),
  draws: z.number(),
  lastDrawMs: z.number(),
  maxDrawMs: z.number(),
  totalDrawMs: z.number(),
  clusters: z.array(z.object({ x: z.number(), y: z.number(), size: z.number(), breakdown: z.array(z.number()) })),
});
export type MapStateSeen = z.infer<typeof mapStateSchema>;

const pointSchema = z.object({ x: z.number(), y: z.number() });
const pointsSchema = z.record(z.string(), pointSchema.nullable());

export class MapPage {
  constructor(readonly page: Page) {}

  async state(): Promise<MapStateSeen> {
    const state = await this.page.evaluate(() => {
      const hook: unknown = Reflect.get(globalThis, '__cyberponiesFleet');
      const read: unknown = hook ? Reflect.get(Object(hook), 'mapState') : undefined;
      return typeof read === 'function' ? Reflect.apply(read, hook, []) : null;
    });
    return mapStateSchema.parse(state);
  }

  /** Waits until the map settles on `mode` at `zoom`, with clusters (if any) built for this zoom. */
  async waitForMode(mode: MapStateSeen['mode'], zoom?: number): Promise<MapStateSeen> {
    const deadline = Date.now() + WAIT_MS;
    let last: MapStateSeen | null = null;
    while (Date.now() < deadline) {
      last = await this.state();
      const isZoom = zoom === undefined || last.zoom === zoom;
      const isBuilt = mode === 'devices' || (last.clusterZoom === last.zoom && !last.isClusteringPending);
      if (last.mode === mode && isZoom && isBuilt) return last;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`the map did not settle on ${mode}${zoom === undefined ? '' : ` at zoom ${zoom}`}: ${JSON.stringify({ ...last, clusters: last?.clusters.length })}`);
  }

  async zoomBy(steps: number): Promise<void> {
    const start = (await this.state()).zoom;
    const button = this.page.locator(steps > 0 ? '.leaflet-control-zoom-in' : '.leaflet-control-zoom-out');
    for (let step = 0; step < Math.abs(steps); step++) {
      const before = (await this.state()).zoom;
      await button.click();
      await this.waitForZoom(before + Math.sign(steps));
    }
    await this.waitForZoom(start + steps);
  }

  async waitForZoom(zoom: number): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    let last: MapStateSeen | null = null;
    while (Date.now() < deadline) {
      last = await this.state();
      if (last.zoom === zoom) {
        // Leaflet reports the new zoom as its animation starts and ignores zoom requests until the
        // animation ends, a quarter of a second later (more on a busy machine).
        await this.page.waitForTimeout(600);
        return;
      }
      await this.page.waitForTimeout(50);
    }
    throw new Error(`the map did not reach zoom ${zoom}: it is at ${last?.zoom}`);
  }

  /** Page positions of the devices drawn as themselves, among `deviceIds` (null: not drawn on its own). */
  async devicePoints(deviceIds: readonly string[]): Promise<Map<string, { x: number; y: number } | null>> {
    const points = await this.page.evaluate((ids) => {
      const hook: unknown = Reflect.get(globalThis, '__cyberponiesFleet');
      const project: unknown = hook ? Reflect.get(Object(hook), 'projectDevice') : undefined;
      const found: Record<string, unknown> = {};
      for (const id of ids) found[id] = typeof project === 'function' ? Reflect.apply(project, hook, [id]) : null;
      return found;
    }, deviceIds);
    return new Map(Object.entries(pointsSchema.parse(points)));
  }

  async boxSelect(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    await this.page.keyboard.down('Shift');
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    await this.page.mouse.move(to.x, to.y, { steps: 4 });
    await this.page.mouse.up();
    await this.page.keyboard.up('Shift');
  }

  async mapBox(): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.page.getByTestId('fleet-map').boundingBox();
    if (!box) throw new Error('the map is not on the page');
    return box;
  }
}
