/**
 * Operator passwords: scrypt, memory-hard, so a stolen table costs an attacker memory as well as time
 * per guess. The stored string carries its parameters and salt (`scrypt$N$r$p$salt$hash`), so the cost
 * can be raised later without invalidating existing passwords.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** N = 2^15, r = 8: 32 MiB and ~50–100 ms per hash here (OWASP's minimum is N = 2^17 with r = 8 and p = 1 at 128 MiB; 2^15 keeps login snappy on 2 cores). */
const DEFAULT_PARAMETERS = { cost: 2 ** 15, blockSize: 8, parallelization: 1 } as const;
const ENCODED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(password: string, salt: Buffer, options: Required<Pick<ScryptOptions, 'cost' | 'blockSize' | 'parallelization'>>, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const maxmem = 256 * options.cost * options.blockSize;
    scrypt(password.normalize('NFKC'), salt, length, { ...options, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, DEFAULT_PARAMETERS, KEY_BYTES);
  const { cost, blockSize, parallelization } = DEFAULT_PARAMETERS;
  return `scrypt$${cost}$${blockSize}$${parallelization}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const match = ENCODED.exec(encoded);
  if (!match) return false;
  const [, cost, blockSize, parallelization, salt, hash] = match;
  const expected = Buffer.from(hash ?? '', 'base64url');
  const key = await derive(password, Buffer.from(salt ?? '', 'base64url'), { cost: Number(cost), blockSize: Number(blockSize), parallelization: Number(parallelization) }, expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** 18 random bytes as base64url: 24 characters, 144 bits, easy to copy from a terminal. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
