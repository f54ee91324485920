/** What every lean device is and offers, whichever protocol it speaks. */
import type { DeviceKind } from '../../shared/fleet.js';

export interface DeviceSpec {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly secret: string;
  readonly latitude: number;
  readonly longitude: number;
}

export interface Endpoints {
  readonly httpUrl: string;
  readonly mqttUrl: string;
}

export interface LoadDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly isConnected: boolean;
  /** Still waiting for the backend: sending now would break the protocol (OCPP) or pile up (MQTT). */
  readonly isBusy: boolean;
  connect(): Promise<void>;
  /** Sends the device's next message; `done` runs when the backend has acknowledged it, or failed. */
  send(nowIso: string, done: (error: Error | null) => void): void;
  close(): Promise<void>;
}

/** A car may have this many state messages unacknowledged before it holds back (a real car would queue). */
export const MAX_UNACKNOWLEDGED = 8;
export const CALL_TIMEOUT_MS = 30_000;
export const RECONNECT_MS = 1_000;
