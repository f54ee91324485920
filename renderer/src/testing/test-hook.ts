/**
 * A read-only window handle for end-to-end tests and benchmarks only: how many devices the console
 * holds, which version, and where a device's marker is on the page so a test can click it.
 */
import type { FleetModel } from '../sync/fleet-model.js';

export interface PagePoint {
  readonly x: number;
  readonly y: number;
}

export interface FleetTestHook {
  deviceCount(): number;
  version(): number;
  projectDevice(deviceId: string): PagePoint | null;
}

declare global {
  interface Window {
    readonly __cyberponiesFleet?: FleetTestHook;
  }
}

type Projector = (deviceId: string) => PagePoint | null;
let projector: Projector | null = null;

/** The map layer registers how to find a device on screen while it is shown. */
export function setDeviceProjector(next: Projector | null): void {
  projector = next;
}

export function installTestHook(model: FleetModel): void {
  const hook: FleetTestHook = Object.freeze({
    deviceCount: () => model.count,
    version: () => model.version,
    projectDevice: (deviceId: string) => projector?.(deviceId) ?? null,
  });
  Object.defineProperty(window, '__cyberponiesFleet', { value: hook, writable: false, configurable: false });
}
