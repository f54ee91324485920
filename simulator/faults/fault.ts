/**
 * The faults of the real world that the simulator can inject, as data: parsed from `--fault` flags, from
 * the control API's JSON and from tests' calls, so the three ways in accept exactly the same things.
 */
import { z } from 'zod';

/** A duration: milliseconds as a number, or text such as `500ms`, `30s`, `5m`, `2h`. */
const durationMs = z.union([
  z.number().nonnegative(),
  z
    .string()
    .regex(/^\d+(\.\d+)?(ms|s|m|h)?$/, 'a duration such as 500ms, 30s, 5m or 2h')
    .transform((text) => {
      const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
      const units: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
      return Number(match?.[1]) * (units[match?.[2] ?? 's'] ?? 1_000);
    }),
]);
const share = z.coerce.number().min(0).max(1);

/** Binary sensors a flapping car may report. */
export const FLAPPING_SENSORS = ['plugged', 'doorsOpen', 'locked', 'charging', 'ignition', 'chargeHatchOpen'] as const;
export type FlappingSensor = (typeof FLAPPING_SENSORS)[number];

/** States a car cannot be in, whatever its firmware says. */
export const IMPOSSIBLE_COMBINATIONS = ['pluggedHatchClosed', 'movingWhilePlugged', 'chargingWhileUnplugged'] as const;
export type ImpossibleCombination = (typeof IMPOSSIBLE_COMBINATIONS)[number];

/** OCPP 1.6 ChargePointErrorCode, every one but NoError: what a faulted connector may report. */
export const OCPP_ERROR_CODES = [
  'ConnectorLockFailure',
  'EVCommunicationError',
  'GroundFailure',
  'HighTemperature',
  'InternalError',
  'LocalListConflict',
  'OtherError',
  'OverCurrentFailure',
  'OverVoltage',
  'PowerMeterFailure',
  'PowerSwitchFailure',
  'ReaderFailure',
  'ResetFailure',
  'UnderVoltage',
  'WeakSignal',
] as const;
export type OcppErrorCode = (typeof OCPP_ERROR_CODES)[number];

/** Where a firmware update fails: its download, or its installation. */
export const FIRMWARE_FAILURE_STAGES = ['download', 'install'] as const;

/** Every fault may end by itself after `forMs`; without it, it lasts until cleared. */
const lasting = { forMs: durationMs.optional() };

export const faultSchema = z.discriminatedUnion('kind', [
  /** A share of messages never arrives; the device still counts them (its sequence advances). */
  z.object({ kind: z.literal('drop'), share: share.default(0.5), ...lasting }),
  /** A share of messages arrives twice: the same payload, sequence and (OCPP) message id. */
  z.object({ kind: z.literal('duplicate'), share: share.default(1), ...lasting }),
  /**
   * Out of coverage for `forMs`: the connection drops, the device keeps making its messages in a queue,
   * then sends them all at once when it is back.
   */
  z.object({
    kind: z.literal('backlog'),
    forMs: durationMs,
    /** Cars: the queue as `history` batches (the contract's way), or as late messages on `state`. */
    delivery: z.enum(['history', 'state']).default('history'),
  }),
  /** The device's clock is off by this many seconds, in every time it sends. */
  z.object({ kind: z.literal('clockSkew'), seconds: z.coerce.number(), ...lasting }),
  /** A sensor toggles every `everyMs` (cars), or a connector flips Available/Preparing (charge points). */
  z.object({ kind: z.literal('flapping'), sensor: z.enum(FLAPPING_SENSORS).default('plugged'), everyMs: durationMs.default(2_000), ...lasting }),
  /** The car reports a state that cannot physically happen. */
  z.object({ kind: z.literal('impossible'), combination: z.enum(IMPOSSIBLE_COMBINATIONS).default('pluggedHatchClosed'), ...lasting }),
  /**
   * The device stops sending. `keepConnection`: the connection stays up (pings still flow); `halfOpen`:
   * nothing flows either way and no FIN is sent, as when a network path dies.
   */
  z.object({ kind: z.literal('silent'), mode: z.enum(['keepConnection', 'halfOpen']).default('keepConnection'), ...lasting }),
  /** Once, at injection: every targeted device drops its connection and reconnects at the same moment. */
  z.object({ kind: z.literal('reconnectStorm') }),
  /**
   * The device says it is broken: a charge point's connector (1, or 0 for the whole charge point) reports
   * Faulted with an OCPP errorCode; a car lists `code` in its `faults`. When it ends, the truth again.
   */
  z.object({
    kind: z.literal('reportedFault'),
    errorCode: z.enum(OCPP_ERROR_CODES).default('GroundFailure'),
    connectorId: z.coerce.number().pipe(z.union([z.literal(0), z.literal(1)])).default(1),
    code: z.string().regex(/^[\w.-]{1,64}$/, 'a fault code of letters, digits, _ . -').default('HV_ISOLATION_FAULT'),
    ...lasting,
  }),
  /** A car reports its battery at `percent` (and the range that goes with it), and not charging. */
  z.object({ kind: z.literal('lowBattery'), percent: z.coerce.number().min(0).max(100).default(8), ...lasting }),
  /**
   * A sensor stuck at the value it had when the fault began: a car's odometer while it drives, a charge
   * point's energy register while it charges. Everything else goes on changing.
   */
  z.object({ kind: z.literal('stuckSensor'), ...lasting }),
  /**
   * The device drops its connection and tries `attempts` logins with a wrong password, `everyMs` apart,
   * then logs in with the right one: the fault lasts `attempts × everyMs`.
   */
  z.object({ kind: z.literal('badCredentials'), attempts: z.coerce.number().int().min(1).max(100).default(6), everyMs: durationMs.default(1_000) }),
  /**
   * A charge point reports a firmware update that fails, one FirmwareStatusNotification every `everyMs`:
   * Downloading, Downloaded, Installing, InstallationFailed (or Downloading, DownloadFailed). When the
   * fault ends, the next attempt succeeds: Downloading, Downloaded, Installing, Installed. An UpdateFirmware
   * received while it lasts fails the same way.
   */
  z.object({ kind: z.literal('firmwareFailure'), stage: z.enum(FIRMWARE_FAILURE_STAGES).default('install'), everyMs: durationMs.default(1_000), ...lasting }),
  /** A charge point's connector latch is stuck: UnlockConnector is answered UnlockFailed. */
  z.object({ kind: z.literal('unlockFailure'), ...lasting }),
]);
export type Fault = z.infer<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;
export type FaultKind = Fault['kind'];
export type FaultOf<Kind extends FaultKind> = Extract<Fault, { kind: Kind }>;

/** How long a fault lasts once injected, or undefined for as long as it is not cleared. */
export function faultDurationMs(fault: Fault): number | undefined {
  if (fault.kind === 'badCredentials') return fault.attempts * fault.everyMs;
  return 'forMs' in fault ? fault.forMs : undefined;
}

/** `*` (the whole fleet), `cars`, `chargePoints`, or one device's id. */
export const faultTargetSchema = z.string().min(1).max(64);
export type FaultTarget = z.infer<typeof faultTargetSchema>;
export const FLEET_WIDE = '*';

export const faultRequestSchema = z.object({ target: faultTargetSchema.default(FLEET_WIDE), fault: faultSchema });
export type FaultRequest = z.infer<typeof faultRequestSchema>;

/**
 * `KIND[:key=value,…][@TARGET]`, e.g. `drop:share=0.3@car-00001`, `backlog:for=2h@cars`,
 * `silent:mode=halfOpen@cp-00003`, `reconnectStorm`, `reportedFault:errorCode=HighTemperature@cp-00002`.
 * `for` and `every` are durations.
 */
export function parseFaultFlag(text: string): FaultRequest {
  const at = text.lastIndexOf('@');
  const body = at >= 0 ? text.slice(0, at) : text;
  const target = at >= 0 ? text.slice(at + 1) : FLEET_WIDE;
  const [kind, parameters = ''] = body.split(/:(.*)/s);
  const fault: Record<string, unknown> = { kind };
  for (const pair of parameters.split(',').filter((part) => part.length > 0)) {
    const [key = '', value = ''] = pair.split('=');
    const name = key === 'for' || key === 'every' ? `${key}Ms` : key;
    fault[name] = value;
  }
  const parsed = faultRequestSchema.safeParse({ target, fault });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`--fault ${text}: ${issue ? `${issue.path.slice(1).join('.') || 'kind'}: ${issue.message}` : 'invalid'}`);
}
