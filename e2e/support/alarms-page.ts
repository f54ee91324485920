/**
 * The console's alarms view as a test drives it: from the keyboard, as an operator triages, and read
 * back from the rows' data attributes and the alarm test hook (the alarms held, the backend's clock).
 */
import type { Page } from 'playwright-core';
import { z } from 'zod';

const WAIT_MS = 30_000;

const sightingSchema = z.object({ alarmId: z.number(), raisedAtMs: z.number(), seenAtServerMs: z.number() });
export type AlarmSighting = z.infer<typeof sightingSchema>;

const rowSchema = z.object({ alarmId: z.number(), deviceId: z.string(), type: z.string(), severity: z.string(), state: z.string(), isCursor: z.boolean() });
export type AlarmRowView = z.infer<typeof rowSchema>;

export class AlarmsPage {
  constructor(readonly page: Page) {}

  /** Presses keys one at a time, as a person types them. */
  async keys(...keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  /** "g a" from wherever the console is; resolves once the alarms view shows. */
  async goToAlarms(): Promise<void> {
    await this.keys('g', 'a');
    await this.page.getByTestId('alarms-view').waitFor({ timeout: WAIT_MS });
  }

  /**
   * Starts watching the page for the first row of an alarm of `type` on `deviceId`, and resolves with
   * that alarm's id, when it was raised, and when the row appeared, both on the backend's clock (the
   * page's clock plus the offset the console measured from the hub's pushes).
   */
  watchForRow(deviceId: string, type: string, timeoutMs = 120_000): Promise<AlarmSighting> {
    const selector = `[data-testid="alarm-row"][data-device-id="${deviceId}"][data-type="${type}"]`;
    // Page-side code as text: it runs in Chromium, where a MutationObserver sees the row the moment React adds it.
    const watch = `new Promise((resolve, reject) => {
      const selector = ${JSON.stringify(selector)};
      const offset = () => globalThis.__cyberponiesAlarms?.serverOffsetMs() ?? 0;
      let observer = null;
      let timer = null;
      const look = () => {
        const row = document.querySelector(selector);
        if (!row) return false;
        const seenAtServerMs = Date.now() + offset();
        observer?.disconnect();
        clearTimeout(timer);
        resolve({ alarmId: Number(row.getAttribute('data-alarm-id')), raisedAtMs: Number(row.getAttribute('data-raised-at')), seenAtServerMs });
        return true;
      };
      if (look()) return;
      observer = new MutationObserver(look);
      observer.observe(document.body, { childList: true, subtree: true });
      timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error('no alarm row ' + selector + ' within ${timeoutMs} ms'));
      }, ${timeoutMs});
    })`;
    return this.page.evaluate(watch).then((value) => sightingSchema.parse(value));
  }

  /** The rows on screen (the table is virtualised), top to bottom. */
  async visibleRows(): Promise<AlarmRowView[]> {
    const rows = await this.page.getByTestId('alarm-row').evaluateAll((elements) =>
      elements
        .map((row) => ({
          alarmId: Number(row.getAttribute('data-alarm-id')),
          deviceId: row.getAttribute('data-device-id') ?? '',
          type: row.getAttribute('data-type') ?? '',
          severity: row.getAttribute('data-severity') ?? '',
          state: row.getAttribute('data-state') ?? '',
          isCursor: row.getAttribute('data-cursor') === 'true',
          top: row.getBoundingClientRect().top,
        }))
        .sort((left, right) => left.top - right.top)
        .map(({ top: _top, ...row }) => row),
    );
    return z.array(rowSchema).parse(rows);
  }

  /** Presses j until the cursor is on `alarmId` (the table may hold other alarms above it). */
  async moveCursorTo(alarmId: number): Promise<void> {
    const rows = await this.visibleRows();
    if (!rows.some((row) => row.alarmId === alarmId)) throw new Error(`alarm ${alarmId} is not on screen`);
    for (let step = 0; step <= rows.length; step += 1) {
      await this.keys('j');
      const cursor = (await this.visibleRows()).find((row) => row.isCursor);
      if (cursor?.alarmId === alarmId) return;
    }
    throw new Error(`j never reached alarm ${alarmId}`);
  }

  row(alarmId: number) {
    return this.page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);
  }

  panel() {
    return this.page.getByTestId('alarm-panel');
  }

  async waitForPanel(alarmId: number): Promise<void> {
    await this.page.locator(`[data-testid="alarm-panel"][data-alarm-id="${alarmId}"]`).waitFor({ timeout: WAIT_MS });
  }

  /** The texts of the open alarm's history, newest first. */
  async historyTexts(): Promise<string[]> {
    return this.page.getByTestId('alarm-history-event').allTextContents();
  }

  /** The header's unacknowledged count of a severity. */
  async headerCount(severity: 'critical' | 'major' | 'minor' | 'warning'): Promise<number> {
    return Number(await this.page.getByTestId(`alarm-count-${severity}`).getAttribute('data-value'));
  }

  /** The alarm ids the console holds live (open ones). */
  async heldAlarmIds(): Promise<number[]> {
    const ids = await this.page.evaluate(() => {
      const hook: unknown = Reflect.get(globalThis, '__cyberponiesAlarms');
      const read: unknown = hook ? Reflect.get(Object(hook), 'alarms') : undefined;
      const alarms: unknown = typeof read === 'function' ? Reflect.apply(read, hook, []) : [];
      return Array.isArray(alarms) ? alarms.map((alarm: unknown) => Number(Reflect.get(Object(alarm), 'id'))) : [];
    });
    return z.array(z.number()).parse(ids);
  }
}
