/**
 * What other parts of the console (search, the list, the panels) may ask of the map, without holding
 * the map: the map registers its handlers while it is shown. Calls made while no map is shown do nothing
 * (focusWhenShown waits for it).
 */
export interface MapCommands {
  /** Pans (and zooms in if needed) so that the device is in view. */
  focusDevice(deviceId: string): void;
  /** Fits the view to a station and what is parked there. */
  focusStation(stationId: string): void;
}

let current: MapCommands | null = null;
/** What to bring into view once the map is shown: another view switched to the map to show it. */
let pending: { readonly kind: 'device' | 'station'; readonly id: string } | null = null;

export function registerMapCommands(commands: MapCommands | null): void {
  current = commands;
  if (!commands || pending === null) return;
  if (pending.kind === 'device') commands.focusDevice(pending.id);
  else commands.focusStation(pending.id);
  pending = null;
}

/** Focuses a device or station now if the map is shown, else as soon as it is (a view that switches to the map). */
export function focusWhenShown(kind: 'device' | 'station', id: string): void {
  if (!current) pending = { kind, id };
  else if (kind === 'device') current.focusDevice(id);
  else current.focusStation(id);
}

export const mapCommands: MapCommands = {
  focusDevice: (deviceId) => current?.focusDevice(deviceId),
  focusStation: (stationId) => current?.focusStation(stationId),
};
