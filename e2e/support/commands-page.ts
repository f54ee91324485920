/**
 * The console's commands as a test drives them: the devices the page holds, a device's or station's panel
 * opened by link, the Commands tab, the newest command of a type in the panel's history and its steps, and
 * a recorder of one device's states as the page sees them.
 */
import type { Page } from 'playwright-core';
import { z } from 'zod';

const WAIT_MS = 30_000;

const heldDeviceSchema = z.array(z.object({ id: z.string(), kind: z.enum(['car', 'chargePoint']), status: z.string(), stationId: z.string().nullable() }));
const statusesSchema = z.array(z.string());
const RECORDER = '__commandsTestStatuses';

export class CommandsPage {
  constructor(readonly page: Page) {}

  /** The devices as the page holds them (the find test hook). */
  async devices(): Promise<z.infer<typeof heldDeviceSchema>> {
    const devices = await this.page.evaluate(() => {
      const hook: unknown = Reflect.get(globalThis, '__cyberponiesFind');
      const read: unknown = hook ? Reflect.get(Object(hook), 'devices') : undefined;
      return typeof read === 'function' ? Reflect.apply(read, hook, []) : [];
    });
    return heldDeviceSchema.parse(devices);
  }

  async statusOf(deviceId: string): Promise<string | undefined> {
    return (await this.devices()).find((device) => device.id === deviceId)?.status;
  }

  async openPanel(kind: 'device' | 'station', id: string): Promise<void> {
    await this.page.evaluate((hash) => Reflect.set(Reflect.get(globalThis, 'location'), 'hash', hash), `#/map?panel=${kind}:${id}`);
    const panel = kind === 'device' ? this.page.getByTestId('device-panel-id').filter({ hasText: id }) : this.page.getByTestId('station-panel');
    await panel.waitFor({ timeout: WAIT_MS });
  }

  async openCommands(deviceId: string): Promise<void> {
    await this.openPanel('device', deviceId);
    await this.page.getByTestId('panel-tab-commands').click();
    await this.page.getByTestId('commands-tab').waitFor({ timeout: WAIT_MS });
  }

  async commandBar(): Promise<string[]> {
    return this.page.getByTestId('command-bar').locator('button').allTextContents();
  }

  /** The newest command of a type in the open panel's history. */
  newestRow(type: string) {
    return this.page.locator(`[data-testid="command-row"][data-type="${type}"]`).first();
  }

  async stepsOf(type: string): Promise<(string | null)[]> {
    return this.newestRow(type)
      .locator('[data-testid="command-step"]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-status')));
  }

  /** From now on, every change of the device's state the page sees, polled every 50 ms in the page. */
  async recordStatuses(deviceId: string): Promise<void> {
    await this.page.evaluate(
      ({ id, name }) => {
        const seen: string[] = [];
        Reflect.set(globalThis, name, seen);
        setInterval(() => {
          const hook: unknown = Reflect.get(globalThis, '__cyberponiesFind');
          const read: unknown = hook ? Reflect.get(Object(hook), 'devices') : undefined;
          const devices: unknown = typeof read === 'function' ? Reflect.apply(read, hook, []) : [];
          const device: unknown = Array.isArray(devices) ? devices.find((each: unknown) => Reflect.get(Object(each), 'id') === id) : undefined;
          const status: unknown = device ? Reflect.get(Object(device), 'status') : undefined;
          if (typeof status === 'string' && seen.at(-1) !== status) seen.push(status);
        }, 50);
      },
      { id: deviceId, name: RECORDER },
    );
  }

  async recordedStatuses(): Promise<string[]> {
    return statusesSchema.parse(await this.page.evaluate((name) => Reflect.get(globalThis, name), RECORDER));
  }
}
