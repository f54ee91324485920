/**
 * What other parts of the console (search, the list, the panels) may ask of the map, without holding
 * the map: the map registers its handlers while it is shown. Calls made while no map is shown do nothing.
 */
export interface MapCommands {
  /** Pans (and zooms in if needed) so that the device is in view. */
  focusDevice(deviceId: string): void;
  /** Fits the view to a station and what is parked there. */
  focusStation(stationId: string): void;
}

let current: MapCommands | null = null;

export function registerMapCommands(commands: MapCommands | null): void {
  current = commands;
}

export const mapCommands: MapCommands = {
  focusDevice: (deviceId) => current?.focusDevice(deviceId),
  focusStation: (stationId) => current?.focusStation(stationId),
};
