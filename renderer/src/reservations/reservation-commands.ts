/**
 * What the keyboard may ask of the reservations view (j, k, Enter, n, Esc) without holding it: the
 * view registers its handlers while it is shown, as the alarms table does with alarm-commands.ts.
 */
export interface ReservationCommands {
  move(by: 1 | -1): void;
  /** Opens the reservation under the cursor in the side panel. */
  open(): void;
  /** Opens the new-reservation form. */
  create(): void;
  /** Closes the side panel (details or form). */
  close(): void;
}

let current: ReservationCommands | null = null;

export function registerReservationCommands(commands: ReservationCommands | null): void {
  current = commands;
}

export const reservationCommands: ReservationCommands = {
  move: (by) => current?.move(by),
  open: () => current?.open(),
  create: () => current?.create(),
  close: () => current?.close(),
};
