/**
 * The console's filters, list, search palette and shortcut overlay as a test drives them, and the
 * console's own data read through its find test hook, to check what is shown against what is held.
 */
import type { Page } from 'playwright-core';
import { z } from 'zod';

const WAIT_MS = 30_000;

const deviceSchema = z.object({
  id: z.string(),
  kind: z.enum(['car', 'chargePoint']),
  status: z.enum(['offline', 'available', 'inUse', 'charging', 'reserved', 'faulted']),
  stationId: z.string().nullable(),
  firmware: z.string(),
  isStale: z.boolean(),
});
export type HeldDevice = z.infer<typeof deviceSchema>;

export class FindPage {
  constructor(readonly page: Page) {}

  /** Every device as the console holds it now. */
  async heldDevices(): Promise<HeldDevice[]> {
    const devices = await this.page.evaluate(() => {
      const hook: unknown = Reflect.get(globalThis, '__cyberponiesFind');
      const read: unknown = hook ? Reflect.get(Object(hook), 'devices') : undefined;
      return typeof read === 'function' ? Reflect.apply(read, hook, []) : null;
    });
    return z.array(deviceSchema).parse(devices);
  }

  /** "shown of total" from the filter bar. */
  async filterCount(): Promise<{ shown: number; total: number }> {
    const count = this.page.getByTestId('filter-count');
    return { shown: Number(await count.getAttribute('data-shown')), total: Number(await count.getAttribute('data-total')) };
  }

  async listCount(): Promise<number> {
    return Number(await this.page.getByTestId('device-list').getAttribute('data-count'));
  }

  /** The rows on screen (the list is virtualised), top to bottom. */
  async visibleRows(): Promise<{ id: string; kind: string; status: string; isSelected: boolean; isCursor: boolean }[]> {
    return this.page.getByTestId('list-row').evaluateAll((rows) =>
      rows
        .map((row) => ({
          id: row.getAttribute('data-device-id') ?? '',
          kind: row.getAttribute('data-kind') ?? '',
          status: row.getAttribute('data-status') ?? '',
          isSelected: row.classList.contains('is-selected'),
          isCursor: row.classList.contains('is-cursor'),
          top: row.getBoundingClientRect().top,
        }))
        .sort((a, b) => a.top - b.top)
        .map(({ top: _top, ...row }) => row),
    );
  }

  async isPressed(testId: string): Promise<boolean> {
    return (await this.page.getByTestId(testId).getAttribute('aria-pressed')) === 'true';
  }

  async hash(): Promise<string> {
    return decodeURIComponent(new URL(this.page.url()).hash);
  }

  async openSearch(): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await this.page.getByTestId('search-input').waitFor({ timeout: WAIT_MS });
  }

  /** Types a query and waits until a result of `kind` says `text` (what Enter opens, tests check by opening it). */
  async searchFor(query: string, kind: 'device' | 'station', text: string): Promise<void> {
    await this.page.getByTestId('search-input').fill(query);
    try {
      await this.page.getByTestId('search-result').and(this.page.locator(`[data-kind="${kind}"]`)).filter({ hasText: text }).first().waitFor({ timeout: WAIT_MS });
    } catch (error) {
      // Say what the palette showed instead, so that a failure can be understood from the log alone.
      const typed = await this.page.getByTestId('search-input').inputValue().catch(() => '(no input)');
      const shown = await this.page.getByTestId('search-result').allTextContents().catch(() => []);
      throw new Error(`No ${kind} "${text}" among the results for "${query}" (input holds "${typed}"); results: ${JSON.stringify(shown.slice(0, 5))}`, { cause: error });
    }
  }

  async isSearchOpen(): Promise<boolean> {
    return (await this.page.getByTestId('search-palette').count()) > 0;
  }
}
