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
]);
export type Fault = z.infer<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;
export type FaultKind = Fault['kind'];
export type FaultOf<Kind extends FaultKind> = Extract<Fault, { kind: Kind }>;

/** `*` (the whole fleet), `cars`, `chargePoints`, or one device's id. */
export const faultTargetSchema = z.string().min(1).max(64);
export type FaultTarget = z.infer<typeof faultTargetSchema>;
export const FLEET_WIDE = '*';

export const faultRequestSchema = z.object({ target: faultTargetSchema.default(FLEET_WIDE), fault: faultSchema });
export type FaultRequest = z.infer<typeof faultRequestSchema>;

/**
 * `KIND[:key=value,…][@TARGET]`, e.g. `drop:share=0.3@car-00001`, `backlog:for=2h@cars`,
 * `silent:mode=halfOpen@cp-00003`, `reconnectStorm`. `for` and `every` are durations.
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
