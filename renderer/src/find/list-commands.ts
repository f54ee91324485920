/**
 * What the keyboard may ask of the device list (j, k, Enter) without holding it: the list registers
 * its handlers while it is shown, as the map does with map-commands.ts.
 */
export interface ListCommands {
  /** Moves the list cursor to the next (1) or previous (-1) device. */
  move(by: 1 | -1): void;
  /** Opens the device under the cursor: selects it and shows it on the map. */
  open(): void;
}

let current: ListCommands | null = null;

export function registerListCommands(commands: ListCommands | null): void {
  current = commands;
}

export const listCommands: ListCommands = {
  move: (by) => current?.move(by),
  open: () => current?.open(),
};
