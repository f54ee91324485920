/**
 * The backend's Ed25519 key for car commands (shared/car-commands.ts). The private key never leaves
 * the data directory; cars are given the public one.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COMMAND_PUBLIC_KEY_FILE, NONCE_BYTES, signingBytes } from '../../shared/car-commands.js';
import type { CarCommand, UnsignedCarCommand } from '../../shared/car-commands.js';

export const COMMAND_KEY_FILE = 'car-command-key.pem';

export interface CommandKey {
  /**
   * The raw 32-byte public key in base64url (43 characters) rather than SPKI: once decoded, what a
   * car's firmware and WebCrypto's `importKey('raw', …)` take as is; short enough for a flag or a form.
   */
  readonly publicKey: string;
  /** The command as published on the car's `cmd` topic. */
  sign(carId: string, command: UnsignedCarCommand): CarCommand;
}

/**
 * The key in `${dataDir}/car-command-key.pem` (PKCS#8 PEM, mode 0600), made on first use. Its public
 * half is written beside it (car-command-key.pub) for the simulator, as demo-fleet.json is.
 */
export async function loadOrCreateCommandKey(dataDir: string): Promise<CommandKey> {
  await mkdir(dataDir, { recursive: true });
  const privateKey = createPrivateKey(await readOrCreatePem(join(dataDir, COMMAND_KEY_FILE)));
  const publicKey = rawPublicKey(privateKey);
  await writePublicKey(join(dataDir, COMMAND_PUBLIC_KEY_FILE), publicKey);
  return {
    publicKey,
    sign: (carId, command) => {
      // Only the fields the signature covers: anything else would reach the car unsigned.
      const { commandId, type, params, issuedAt, expiresAt, nonce } = command;
      const unsigned: UnsignedCarCommand = { commandId, type, params, issuedAt, ...(expiresAt === undefined ? {} : { expiresAt }), nonce };
      return { ...unsigned, signature: sign(null, signingBytes(carId, unsigned), privateKey).toString('base64url') };
    },
  };
}

/**
 * A new command's time and nonce. Sign when sending, not when queueing: a car refuses a command issued
 * more than a few minutes before its own clock's now.
 */
export function freshStamp(now: () => number): Pick<UnsignedCarCommand, 'issuedAt' | 'nonce'> {
  return { issuedAt: new Date(now()).toISOString(), nonce: randomBytes(NONCE_BYTES).toString('base64url') };
}

function rawPublicKey(privateKey: KeyObject): string {
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (x === undefined) throw new Error(`${COMMAND_KEY_FILE} does not hold an Ed25519 key`);
  return x;
}

/** Replaced whole (a simulator may be reading it), and only when it says something else. */
async function writePublicKey(path: string, publicKey: string): Promise<void> {
  const text = `${publicKey}\n`;
  if ((await readFile(path, 'utf8').catch(() => '')) === text) return;
  const draft = draftName(path);
  await writeFile(draft, text, { flag: 'wx' });
  await rename(draft, path);
}

async function readOrCreatePem(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (!hasCode(error, 'ENOENT')) throw error;
  }
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return (await writeOnce(path, pem)) ? pem : readFile(path, 'utf8');
}

/**
 * Written whole under another name, then linked into place: nobody reads half a key, and when two
 * backends start on one data directory the first key wins (link fails if the file exists). False then.
 */
async function writeOnce(path: string, text: string): Promise<boolean> {
  const draft = draftName(path);
  await writeFile(draft, text, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if (hasCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(draft);
  }
}

function draftName(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
}

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
