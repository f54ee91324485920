/**
 * What BootNotification answers (OCPP 1.6 §4.2 and §6.5): Accepted, Pending or Rejected. Until a charge
 * point is Accepted it may only boot again; everything else it calls is refused, so that it keeps
 * (and later resends) what it has.
 */
import type { DeviceModelRecord } from '../../inventory/types.js';

export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

/**
 * - `model`: Accepted when the boot's vendor and model are the charge point's model in the inventory
 *   (manufacturer, and name or id), otherwise Rejected: wrong hardware behind a known identity.
 * - `any`: Accepted whatever the boot says.
 * - `pending`: every charge point is held Pending (commissioning, maintenance); it boots again after
 *   `interval` seconds.
 */
export const REGISTRATION_MODES = ['model', 'any', 'pending'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

export interface BootClaim {
  readonly vendor: string;
  readonly model: string;
}

/** CiString20Type: OCPP compares these case-insensitively, and a charge point can only send 20 characters. */
function sameCiString20(sent: string, expected: string): boolean {
  return sent.toLowerCase() === expected.slice(0, 20).toLowerCase();
}

export function registrationFor(mode: RegistrationMode, claim: BootClaim, model: DeviceModelRecord | undefined): RegistrationStatus {
  if (mode === 'pending') return 'Pending';
  if (mode === 'any') return 'Accepted';
  if (!model) return 'Rejected';
  const isVendor = sameCiString20(claim.vendor, model.manufacturer);
  const isModel = sameCiString20(claim.model, model.name) || sameCiString20(claim.model, model.id);
  return isVendor && isModel ? 'Accepted' : 'Rejected';
}

/**
 * A charge point that has not booted since this backend started (it only reconnected) is judged on the
 * vendor and model of its last boot, which the last-known state keeps; one that never booted has claimed
 * nothing that could be wrong.
 */
export function registrationWithoutBoot(mode: RegistrationMode, lastClaim: BootClaim | null, model: DeviceModelRecord | undefined): RegistrationStatus {
  if (mode === 'pending') return 'Pending';
  return lastClaim ? registrationFor(mode, lastClaim, model) : 'Accepted';
}

/** Seconds until the next BootNotification when not Accepted; when Accepted, the heartbeat interval. */
export function bootInterval(status: RegistrationStatus, heartbeatIntervalSeconds: number): number {
  if (status === 'Accepted') return heartbeatIntervalSeconds;
  return status === 'Pending' ? 60 : 600;
}
