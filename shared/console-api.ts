/**
 * The console API: every socket.io push and every acknowledged call between the Fleet Console and the
 * backend, in one typed map. Requests are validated at runtime on the backend (the console is outside
 * its trust boundary). Documented in docs/console-api.md.
 */
import { z } from 'zod';
import { alarmRequests } from './alarms.js';
import type { AlarmAnswers, AlarmChanges, AlarmSnapshot } from './alarms.js';
import { commandRequests } from './commands.js';
import type { CommandAnswers, CommandChanges } from './commands.js';
import type { DeviceDetail, StationSummary } from './device-detail.js';
import type { DeviceSeries, TimelineEvent } from './device-history.js';
import { reservationRequests } from './reservations.js';
import type { ReservationAnswers, ReservationChanges } from './reservations.js';
import type { DeviceKind, OperatorRole } from './fleet.js';
import type { Result } from './result.js';

/** socket.io namespace of the console hub. */
export const CONSOLE_NAMESPACE = '/console';
/** The longest a device's change waits before it is sent to consoles. */
export const DELTA_WINDOW_MS = 100;

/**
 * Sent by the console in the socket.io handshake (`auth`). With `epoch` and `version` from an earlier
 * connection, the hub replays what was missed instead of sending a whole snapshot.
 */
export const handshakeSchema = z.object({
  token: z.string().min(1),
  epoch: z.string().optional(),
  version: z.number().int().nonnegative().optional(),
});
export type Handshake = z.infer<typeof handshakeSchema>;

export interface FleetDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly stationId: string | null;
  /** Number plate (cars) or serial number (charge points): what people search for. */
  readonly label: string;
  readonly serialNumber: string;
  /** Cars only. */
  readonly plate: string | null;
}

/** A station as the console lists, searches and draws it. */
export type FleetStation = StationSummary;

/**
 * The whole fleet. `columns` holds one row per device, in the order of `devices` (see
 * fleet-columns.ts). `epoch` changes whenever the order of devices does; deltas refer to it.
 */
export interface FleetSnapshot {
  readonly epoch: string;
  readonly version: number;
  /** Who the devices are, in index order, and their stations: binary, read by decodeCatalogue (fleet-catalogue.ts). */
  readonly catalogue: ArrayBuffer | Uint8Array;
  readonly columns: ArrayBuffer | Uint8Array;
  /**
   * The firmware versions the `firmware` column refers to: code n is `firmwareVersions[n]`, code 0 is
   * "unknown" (an empty string). Codes are only ever added within an epoch.
   */
  readonly firmwareVersions: readonly string[];
  readonly serverTimeMs: number;
}

/**
 * The devices that changed in one window, each once with its latest state. `version` follows the
 * previous delta's (or the snapshot's) version by exactly one; a gap means something was missed.
 */
export interface FleetDelta {
  readonly epoch: string;
  readonly version: number;
  readonly columns: ArrayBuffer | Uint8Array;
  /** The whole firmware table, present only in a delta whose rows use a code the table did not have. */
  readonly firmwareVersions?: readonly string[];
  readonly serverTimeMs: number;
}

export interface OperatorIdentity {
  readonly id: number;
  readonly username: string;
  readonly role: OperatorRole;
}

export interface ServerToClientEvents {
  'fleet:snapshot': (snapshot: FleetSnapshot) => void;
  'fleet:delta': (delta: FleetDelta) => void;
  'session:identity': (operator: OperatorIdentity) => void;
  'alarms:snapshot': (snapshot: AlarmSnapshot) => void;
  'alarms:changes': (changes: AlarmChanges) => void;
  'commands:changes': (changes: CommandChanges) => void;
  'reservations:changes': (changes: ReservationChanges) => void;
}

/** Acknowledged calls: request schema and answer type, one entry per call. */
export const consoleRequests = {
  'device:get': z.object({ deviceId: z.string().min(1).max(64) }),
  'fleet:resync': z.object({}),
  /** Battery, energy, power and speed over a window, from history, at most `points` buckets. */
  'device:history': z
    .object({
      deviceId: z.string().min(1).max(64),
      fromMs: z.number().int().nonnegative(),
      toMs: z.number().int().nonnegative(),
      points: z.number().int().min(10).max(2000).default(300),
    })
    .refine((request) => request.toMs > request.fromMs && request.toMs - request.fromMs <= 31 * 24 * 3600_000, {
      message: 'toMs must follow fromMs, at most 31 days later',
    }),
  /** A device's recent events, newest first, `limit` of them, older than `beforeMs` when given (paging). */
  'device:timeline': z.object({
    deviceId: z.string().min(1).max(64),
    limit: z.number().int().min(1).max(500).default(100),
    beforeMs: z.number().int().nonnegative().optional(),
  }),
  ...alarmRequests,
  ...commandRequests,
  ...reservationRequests,
} as const;

export interface ConsoleAnswers extends AlarmAnswers, CommandAnswers, ReservationAnswers {
  'device:get': DeviceDetail;
  'fleet:resync': { readonly version: number };
  'device:history': DeviceSeries;
  'device:timeline': { readonly events: readonly TimelineEvent[]; readonly hasMore: boolean };
}

export type ConsoleRequestName = keyof typeof consoleRequests;
export type ConsoleRequest<Name extends ConsoleRequestName> = z.input<(typeof consoleRequests)[Name]>;

export type ClientToServerEvents = {
  [Name in ConsoleRequestName]: (request: ConsoleRequest<Name>, acknowledge: (answer: Result<ConsoleAnswers[Name]>) => void) => void;
};

/** REST API (under /api) bodies shared by the console, the CLI and the backend. */
export const loginRequestSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export interface LoginAnswer {
  readonly token: string;
  readonly expiresAt: string;
  readonly operator: OperatorIdentity;
}

/** Public settings the backend gives every console before login. */
export interface ConsoleConfig {
  readonly version: string;
  readonly tileUrl: string;
  readonly tileAttribution: string;
  /** Where the offline outline layer (GeoJSON) is served, or null when none is configured. */
  readonly outlineUrl: string | null;
  readonly mapCenter: readonly [number, number];
  readonly mapZoom: number;
}
