/**
 * What the keyboard may ask of the alarms table (j, k, Enter, x, a) without holding it: the table
 * registers its handlers while it is shown, as the device list does with list-commands.ts.
 */
export interface AlarmCommands {
  move(by: 1 | -1): void;
  /** Opens the alarm under the cursor in the panel. */
  open(): void;
  toggleSelected(): void;
  /** Acknowledges the ticked alarms, else the one under the cursor, asking for a comment when needed. */
  acknowledge(): void;
}

let current: AlarmCommands | null = null;

export function registerAlarmCommands(commands: AlarmCommands | null): void {
  current = commands;
}

export const alarmCommands: AlarmCommands = {
  move: (by) => current?.move(by),
  open: () => current?.open(),
  toggleSelected: () => current?.toggleSelected(),
  acknowledge: () => current?.acknowledge(),
};
