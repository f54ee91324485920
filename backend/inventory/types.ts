/** The inventory as the rest of the backend sees it: an in-memory view of devices, kept in step with the store. */
import type { DeviceKind } from '../../shared/fleet.js';
import type { Network, NetworkStation } from '../../shared/network.js';
import type { Result } from '../../shared/result.js';

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

/** One device added by hand; the model must be known (or one of the built-in NETWORK_MODELS). */
export interface NewDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly modelId: string;
  readonly serialNumber: string;
  readonly plate?: string | null;
  readonly firmwareVersion?: string | null;
  readonly stationId?: string | null;
}

export interface ProvisionedDevice {
  readonly device: DeviceRecord;
  /** The secret, when the inventory generated it: for the caller to hand over once; only its hash is kept. */
  readonly generatedSecret: string | null;
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

/** The inventory with the changes operators make one device at a time: what the admin API needs. */
export interface ManagedInventory extends Inventory {
  /** Adds one device with the given secret, or a generated one. */
  addDevice(device: NewDevice, secret?: string): Promise<Result<ProvisionedDevice>>;
  /**
   * Removes a device and its last-known state; its history stays (it is the record of what happened).
   * Fails with `conflict` while other records (reservations, …) still refer to it.
   */
  removeDevice(deviceId: string): Promise<Result<DeviceRecord>>;
  /** Replaces a device's secret; the old one is refused from the moment this resolves. */
  rotateSecret(deviceId: string, secret?: string): Promise<Result<ProvisionedDevice>>;
  /**
   * Called with a device's id once its secret was replaced or the device removed, so that gateways can
   * close connections that authenticated with what no longer holds.
   */
  onCredentialsChanged(listener: (deviceId: string) => void): () => void;
}
