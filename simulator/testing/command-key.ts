/**
 * The backend's side of signed car commands, for the simulator's tests (which may not import the
 * backend): a fresh Ed25519 key, and commands signed with it as backend/commands/car-signing.ts signs.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { NONCE_BYTES, signingBytes } from '../../shared/car-commands.js';
import type { CarCommand, CarCommandType, UnsignedCarCommand } from '../../shared/car-commands.js';

export interface TestCommandKey {
  /** Raw, base64url: what the simulator is given. */
  readonly publicKey: string;
  sign(carId: string, command: UnsignedCarCommand): CarCommand;
  /** A command of that type issued at `nowMs`, signed for the car; `overrides` change it before signing. */
  command(carId: string, type: CarCommandType, nowMs: number, overrides?: Partial<UnsignedCarCommand>): CarCommand;
}

export function testCommandKey(): TestCommandKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'jwk' }).x;
  if (raw === undefined) throw new Error('an Ed25519 key without x');
  const signed = (carId: string, command: UnsignedCarCommand): CarCommand => ({
    ...command,
    signature: sign(null, signingBytes(carId, command), privateKey).toString('base64url'),
  });
  return {
    publicKey: raw,
    sign: signed,
    command: (carId, type, nowMs, overrides = {}) =>
      signed(carId, {
        commandId: `cmd-${randomBytes(6).toString('hex')}`,
        type,
        params: {},
        issuedAt: new Date(nowMs).toISOString(),
        nonce: randomBytes(NONCE_BYTES).toString('base64url'),
        ...overrides,
      }),
  };
}
