/** What every part of the system agrees a device is and what state it can be in. */

export const DEVICE_KINDS = ['car', 'chargePoint'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/**
 * A device's status as the console colours it. The order is the wire code (a Uint8 in fleet columns),
 * so only ever append.
 */
export const DEVICE_STATUSES = ['offline', 'available', 'inUse', 'charging', 'reserved', 'faulted'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<DeviceStatus, string>> = {
  offline: 'Offline',
  available: 'Available',
  inUse: 'In use',
  charging: 'Charging',
  reserved: 'Reserved',
  faulted: 'Faulted',
};

export function statusCode(status: DeviceStatus): number {
  return DEVICE_STATUSES.indexOf(status);
}

export function statusFromCode(code: number): DeviceStatus {
  return DEVICE_STATUSES[code] ?? 'offline';
}

export function kindCode(kind: DeviceKind): number {
  return DEVICE_KINDS.indexOf(kind);
}

export function kindFromCode(code: number): DeviceKind {
  return DEVICE_KINDS[code] ?? 'car';
}

/**
 * How often each kind is expected to speak. A device silent for longer than STALE_AFTER_INTERVALS of
 * these is drawn as stale: the console still shows its last state, but says it may no longer be true.
 */
export const EXPECTED_INTERVAL_SECONDS: Readonly<Record<DeviceKind, number>> = {
  car: 5,
  chargePoint: 60,
};
export const STALE_AFTER_INTERVALS = 3;

export function isStale(kind: DeviceKind, lastSeenMs: number, nowMs: number): boolean {
  return nowMs - lastSeenMs > EXPECTED_INTERVAL_SECONDS[kind] * STALE_AFTER_INTERVALS * 1000;
}

export const OPERATOR_ROLES = ['admin', 'dispatcher', 'support', 'supervisor'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];
