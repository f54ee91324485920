/**
 * What the operator does in each scenario, with the mouse as an operator would: the city view as the
 * console opens (the whole fleet in view), a street view over the densest area (central Paris), and a
 * steady round of drags and wheel zooms between city and district level while updates keep flowing.
 */
import type { BenchPage } from './bench-page.js';
import type { ScenarioName } from './options.js';

export interface MapView {
  zoom: number;
}

export interface Scenario {
  readonly name: ScenarioName;
  readonly title: string;
  /** Brings the map to where the scenario starts; not measured. */
  prepare(page: BenchPage, view: MapView): Promise<void>;
  /** What happens during the measured window; null: nothing but the updates. */
  readonly drive: ((page: BenchPage, view: MapView, deadlineMs: number) => Promise<void>) | null;
}

/** The zoom the console opens at (backend default --map-zoom), the fleet's whole extent at 1920x1080. */
export const CITY_ZOOM = 12;
const STREET_ZOOM = 16;
const PAUSE_MS = 250;

async function centre(page: BenchPage): Promise<{ x: number; y: number }> {
  const box = await page.mapBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function zoomTo(page: BenchPage, view: MapView, zoom: number): Promise<void> {
  if (view.zoom === zoom) return;
  await page.wheelZoom(zoom - view.zoom, await centre(page));
  view.zoom = zoom;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One round of drags and zooms at the centre that ends where it began: a drag of d pixels at zoom z moves
 * the map d / 2^(z - 12) city-view pixels, and the four drags below add up to nothing in those.
 */
async function panAndZoom(page: BenchPage, view: MapView, deadlineMs: number): Promise<void> {
  const middle = await centre(page);
  const drag = (dx: number, dy: number) => page.drag({ x: middle.x - dx / 2, y: middle.y - dy / 2 }, dx, dy, 600, deadlineMs);
  const steps: (() => Promise<void>)[] = [
    () => drag(200, 100),
    () => zoomTo(page, view, CITY_ZOOM + 1),
    () => drag(-300, 0),
    () => zoomTo(page, view, CITY_ZOOM + 2),
    () => drag(0, -400),
    () => zoomTo(page, view, CITY_ZOOM + 1),
    () => drag(-100, 0),
    () => zoomTo(page, view, CITY_ZOOM),
  ];
  for (let step = 0; performance.now() < deadlineMs; step = (step + 1) % steps.length) {
    await steps[step]?.();
    await sleep(PAUSE_MS);
  }
}

export const SCENARIO_PLANS: Readonly<Record<ScenarioName, Scenario>> = {
  city: {
    name: 'city',
    title: `City view (zoom ${CITY_ZOOM}, the whole fleet in view)`,
    prepare: (page, view) => zoomTo(page, view, CITY_ZOOM),
    drive: null,
  },
  street: {
    name: 'street',
    title: `Street view (zoom ${STREET_ZOOM}, central Paris)`,
    prepare: (page, view) => zoomTo(page, view, STREET_ZOOM),
    drive: null,
  },
  panZoom: {
    name: 'panZoom',
    title: `Pan and zoom (drags and wheel zooms between zoom ${CITY_ZOOM} and ${CITY_ZOOM + 2})`,
    prepare: (page, view) => zoomTo(page, view, CITY_ZOOM),
    drive: panAndZoom,
  },
};
