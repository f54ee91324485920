/** The inventory as the rest of the backend sees it: an in-memory view of devices, kept in step with the store. */
import type { DeviceKind } from '../../shared/fleet.js';
import type { Network, NetworkStation } from '../../shared/network.js';

/** Stations are stored as the network describes them. */
export type StationRecord = NetworkStation;

export interface DeviceModelRecord {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly manufacturer: string;
  readonly name: string;
}

export interface DeviceRecord {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly modelId: string;
  readonly serialNumber: string;
  readonly plate: string | null;
  readonly firmwareVersion: string | null;
  readonly stationId: string | null;
  readonly createdAt: string;
}

export type AuthenticationResult = 'accepted' | 'unknownDevice' | 'wrongSecret';

export interface ProvisionSummary {
  readonly stations: number;
  readonly devices: number;
}

export interface Inventory {
  /** Every device, in a stable order (creation order). */
  devices(): readonly DeviceRecord[];
  device(id: string): DeviceRecord | undefined;
  station(id: string): StationRecord | undefined;
  model(id: string): DeviceModelRecord | undefined;
  /** Checks a device's credentials against its stored hash; cheap enough to run on every connection. */
  authenticate(deviceId: string, secret: string, kind: DeviceKind): AuthenticationResult;
  /** Adds (or updates) stations, models and devices; `secretFor` gives each new device its secret. */
  provision(network: Network, secretFor: (deviceId: string) => string): Promise<ProvisionSummary>;
  /** Called after devices were added or removed, so that indexes built on `devices()` can be rebuilt. */
  onDevicesChanged(listener: () => void): () => void;
}
