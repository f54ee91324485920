/** The support view as a test sees it: search a customer, read the summary and the timeline's entries. */
import type { Locator, Page } from 'playwright-core';

const WAIT_MS = 30_000;

export interface ShownEntry {
  readonly kind: string;
  readonly tone: string;
  readonly deviceId: string;
  readonly text: string;
}

export class SupportPage {
  constructor(readonly page: Page) {}

  /** "g s", as an operator switches views. */
  async open(): Promise<void> {
    await this.page.keyboard.press('g');
    await this.page.keyboard.press('s');
    await this.page.getByTestId('support-view').waitFor({ timeout: WAIT_MS });
  }

  input(): Locator {
    return this.page.getByTestId('support-search-input');
  }

  async isInputFocused(): Promise<boolean> {
    return this.input().evaluate((input) => input === input.ownerDocument.activeElement);
  }

  /** Types the reference and presses Enter, then waits for the answer (a timeline or an empty one). */
  async search(customerRef: string): Promise<void> {
    await this.input().fill(customerRef);
    await this.input().press('Enter');
    await this.waitForLoaded(customerRef);
  }

  async waitForLoaded(customerRef: string): Promise<void> {
    await this.page.locator('[data-testid="support-view"][data-state="loaded"]').waitFor({ timeout: WAIT_MS });
    await this.page.getByTestId('support-customer').filter({ hasText: customerRef }).waitFor({ timeout: WAIT_MS });
  }

  async summary(): Promise<string> {
    return ((await this.page.getByTestId('support-summary').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async entries(): Promise<ShownEntry[]> {
    return this.page.getByTestId('support-entry').evaluateAll((nodes) =>
      nodes.map((node) => ({
        kind: node.getAttribute('data-kind') ?? '',
        tone: node.getAttribute('data-tone') ?? '',
        deviceId: node.getAttribute('data-device-id') ?? '',
        text: (node.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    );
  }

  entry(kind: 'reservation' | 'command' | 'alarm', deviceId: string): Locator {
    return this.page.locator(`[data-testid="support-entry"][data-kind="${kind}"][data-device-id="${deviceId}"]`);
  }

  async hash(): Promise<string> {
    // As text: this side of the test has no DOM types.
    return String(await this.page.evaluate('window.location.hash'));
  }
}
