/**
 * Device secrets. They are 256-bit random values (or HMAC outputs of that strength), so nobody can guess
 * one, and a fast hash is enough: a memory-hard hash such as scrypt only protects low-entropy secrets
 * (people's passwords) from a dictionary attack, and would cost every device connection tens of
 * milliseconds for nothing. So the store keeps SHA-256 of each secret.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SECRET_HASH_BYTES = 32;

export function generateDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashDeviceSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Compares in constant time, so the answer's timing says nothing about how much of a secret was right. */
export function isDeviceSecret(secret: string, storedHash: Uint8Array): boolean {
  const candidate = hashDeviceSecret(secret);
  return storedHash.length === candidate.length && timingSafeEqual(candidate, storedHash);
}
