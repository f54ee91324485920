/**
 * Commands the backend sends a car on `fleet/cars/{carId}/cmd`, and the car's answers on `…/cmd/ack`
 * (docs/device-protocols.md). The backend signs each command with Ed25519 so that a car acts only on
 * what the backend said, for that car, recently and once: whoever can publish on the topic (a broker
 * account gone astray, a recorded message) can neither forge, alter, redirect nor replay a command.
 */
import { z } from 'zod';
import type { COMMANDS, CommandType } from './commands.js';

type CatalogueCarCommand = { [Type in CommandType]: (typeof COMMANDS)[Type]['kind'] extends 'car' ? Type : never }[CommandType];

/** The catalogue's car commands (shared/commands.ts); a test checks that none is missing. */
export const CAR_COMMAND_TYPES = ['lock', 'unlock', 'rebootTelematics', 'locate', 'immobilise', 'release', 'requestState'] as const satisfies readonly CatalogueCarCommand[];
export type CarCommandType = (typeof CAR_COMMAND_TYPES)[number];

export const NONCE_BYTES = 16;

/**
 * Where the backend writes its command public key in its data directory, for the simulator (as it
 * writes demo-fleet.json); real cars are given the key when they are provisioned.
 */
export const COMMAND_PUBLIC_KEY_FILE = 'car-command-key.pub';

// Exact lengths with the unused bits of the last character at zero: one spelling per byte string.
/** 16 bytes in base64url without padding. */
const nonceSchema = z.string().regex(/^[A-Za-z0-9_-]{21}[AQgw]$/, 'a nonce is 16 bytes in base64url');
/** An Ed25519 signature: 64 bytes in base64url without padding. */
const signatureSchema = z.string().regex(/^[A-Za-z0-9_-]{85}[AQgw]$/, 'a signature is 64 bytes in base64url');
/** A raw Ed25519 public key: 32 bytes in base64url without padding (43 characters). */
export const commandPublicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, 'a command public key is 32 bytes in base64url');

const commandIdSchema = z.string().min(1).max(64);
const timestampSchema = z.iso.datetime({ offset: true });

/**
 * A command before it is signed. Strict: a field the signature does not cover could change what a car
 * does without breaking the signature, so a car refuses any field it does not know.
 */
export const unsignedCarCommandSchema = z
  .object({
    commandId: commandIdSchema,
    type: z.enum(CAR_COMMAND_TYPES),
    params: z.record(z.string(), z.json()),
    issuedAt: timestampSchema,
    /** The car must not act on the command after this (by its own clock). */
    expiresAt: timestampSchema.optional(),
    nonce: nonceSchema,
  })
  .strict();
export type UnsignedCarCommand = z.infer<typeof unsignedCarCommandSchema>;

/** What the backend publishes on `fleet/cars/{carId}/cmd`. */
export const carCommandSchema = unsignedCarCommandSchema.extend({ signature: signatureSchema }).strict();
export type CarCommand = z.infer<typeof carCommandSchema>;

/**
 * accepted: the command passed the car's checks and it is acting on it; succeeded / failed: the result.
 * rejected: it failed a check and the car did nothing; `reason` says which.
 */
export const CAR_COMMAND_ACK_STATUSES = ['accepted', 'rejected', 'succeeded', 'failed'] as const;
export type CarCommandAckStatus = (typeof CAR_COMMAND_ACK_STATUSES)[number];

/** What the car publishes on `fleet/cars/{carId}/cmd/ack`. */
export const carCommandAckSchema = z.object({
  commandId: commandIdSchema,
  status: z.enum(CAR_COMMAND_ACK_STATUSES),
  /** Short and for people: "bad signature", "replayed", "too old", "doors open". */
  reason: z.string().min(1).max(120).optional(),
  /** The car's own clock, which may drift. */
  at: timestampSchema,
});
export type CarCommandAck = z.infer<typeof carCommandAckSchema>;

/**
 * Names the encoding, so that a signature this key makes over anything else, one day, can never pass
 * for a car command's (and a new encoding gets a new name).
 */
const SIGNING_CONTEXT = 'cyberponies/car-command/v1';

/**
 * The bytes the backend signs and the car verifies: the UTF-8 of a JSON array in a fixed order, with
 * params in canonical JSON (RFC 8785: keys sorted by UTF-16 code units at every depth, no spaces), so
 * any two encoders agree byte for byte. Every field that decides what the car does is bound:
 * - the car id, which the message does not carry (the car supplies its own): a command copied onto
 *   another car's topic does not verify there;
 * - commandId: the acknowledgements name it, so a command cannot be passed off under another's id and
 *   have its outcome recorded against that one;
 * - type and params: what the car does;
 * - issuedAt: the car acts only on recent commands, so an old one cannot be dated anew;
 * - expiresAt, or null when there is none: a deadline cannot be pushed back, added or removed;
 * - nonce: what the car remembers to refuse a second delivery, so it cannot be swapped for a fresh one.
 */
export function signingBytes(carId: string, command: UnsignedCarCommand): Uint8Array {
  const fields: JsonValue[] = [SIGNING_CONTEXT, carId, command.commandId, command.type, command.params, command.issuedAt, command.expiresAt ?? null, command.nonce];
  return new TextEncoder().encode(canonicalJson(fields));
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** RFC 8785 (JCS): JSON.stringify's strings and numbers, objects' keys sorted, no whitespace. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  // JSON.stringify would write null for these, and two different commands would sign alike.
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`${value} has no JSON form`);
  return JSON.stringify(value);
}
