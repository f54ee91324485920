/**
 * The console's reservations view as a test drives it: from the keyboard and the form, as a dispatcher
 * works, and read back from the rows' data attributes.
 */
import type { Page } from 'playwright-core';
import { z } from 'zod';

const WAIT_MS = 30_000;

const rowSchema = z.object({ reservationId: z.number(), deviceId: z.string(), customer: z.string(), status: z.string(), isCursor: z.boolean(), isFresh: z.boolean() });
export type ReservationRowView = z.infer<typeof rowSchema>;

export interface NewReservation {
  readonly deviceId: string;
  readonly customerRef: string;
  /** datetime-local texts; the form's defaults (now, for an hour) when left out. */
  readonly startsAt?: string;
  readonly endsAt?: string;
  /** A length button ("30 min", "1 h", "2 h", "4 h") pressed after the times are set. */
  readonly length?: string;
}

/** "2026-03-14T09:30" for an instant in a zone, as a datetime-local field holds it. */
export function localInput(timeMs: number, timeZone: string): string {
  // Swedish writes dates the ISO way: "2026-03-14 09:30".
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(timeMs)).replace(' ', 'T');
}

export class ReservationsPage {
  constructor(readonly page: Page) {}

  async keys(...keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  /** "g r" from wherever the console is; resolves once the view shows. */
  async goToReservations(): Promise<void> {
    await this.keys('g', 'r');
    await this.page.getByTestId('reservations-view').waitFor({ timeout: WAIT_MS });
  }

  form() {
    return this.page.getByTestId('reservation-form');
  }

  detail() {
    return this.page.getByTestId('reservation-detail');
  }

  row(reservationId: number) {
    return this.page.locator(`[data-testid="reservation-row"][data-reservation-id="${reservationId}"]`);
  }

  /** "n": opens the form, focused on its first empty field. */
  async openForm(): Promise<void> {
    await this.keys('n');
    await this.form().waitFor({ timeout: WAIT_MS });
  }

  /** Fills the open form; the device is typed and picked with Enter, as an operator would. */
  async fillForm(reservation: NewReservation): Promise<void> {
    const device = this.page.getByTestId('reservation-form-device');
    await device.fill(reservation.deviceId);
    await this.page.locator(`[data-testid="device-offer"][data-device-id="${reservation.deviceId}"]`).waitFor({ timeout: WAIT_MS });
    await device.press('Enter');
    await this.page.getByTestId('reservation-form-customer').fill(reservation.customerRef);
    if (reservation.startsAt) await this.page.getByTestId('reservation-form-start').fill(reservation.startsAt);
    if (reservation.endsAt) await this.page.getByTestId('reservation-form-end').fill(reservation.endsAt);
    if (reservation.length) await this.form().getByRole('button', { name: reservation.length, exact: true }).click();
  }

  /** Sends the form and waits for the row of the reservation made; returns its id. */
  async create(reservation: NewReservation): Promise<number> {
    await this.openForm();
    await this.fillForm(reservation);
    await this.page.getByTestId('reservation-form-submit').click();
    await this.page.getByTestId('reservation-detail').waitFor({ timeout: WAIT_MS });
    const id = Number(await this.detail().getAttribute('data-reservation-id'));
    await this.row(id).waitFor({ timeout: WAIT_MS });
    return id;
  }

  /** The rows on screen, top to bottom. */
  async rows(): Promise<ReservationRowView[]> {
    const rows = await this.page.getByTestId('reservation-row').evaluateAll((elements) =>
      elements.map((row) => ({
        reservationId: Number(row.getAttribute('data-reservation-id')),
        deviceId: row.getAttribute('data-device-id') ?? '',
        customer: row.getAttribute('data-customer') ?? '',
        status: row.getAttribute('data-status') ?? '',
        isCursor: row.getAttribute('data-cursor') === 'true',
        isFresh: row.classList.contains('is-fresh'),
      })),
    );
    return z.array(rowSchema).parse(rows);
  }

  async rowAttribute(reservationId: number, name: string): Promise<string | null> {
    return this.row(reservationId).getAttribute(name, { timeout: 1_000 }).catch(() => null);
  }

  async text(testId: string): Promise<string> {
    return (await this.page.getByTestId(testId).first().textContent()) ?? '';
  }
}
