import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_PUBLIC_KEY_FILE, carCommandSchema, commandPublicKeySchema, signingBytes } from '../../shared/car-commands.js';
import type { CarCommand, UnsignedCarCommand } from '../../shared/car-commands.js';
import { COMMAND_KEY_FILE, freshStamp, loadOrCreateCommandKey } from './car-signing.js';

let dataDir = '';
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-command-key-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const NOW = Date.parse('2026-11-27T14:02:11.250Z');
const unsigned = (): UnsignedCarCommand => ({ commandId: 'cmd-1', type: 'unlock', params: {}, ...freshStamp(() => NOW) });

function verifies(publicKey: string, carId: string, command: CarCommand): boolean {
  const { signature, ...rest } = command;
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
  return verify(null, signingBytes(carId, rest), key, Buffer.from(signature, 'base64url'));
}

describe('the command key', () => {
  it('is made once, kept in the data directory with mode 0600, and the same after a restart', async () => {
    const first = await loadOrCreateCommandKey(join(dataDir, 'nested'));
    const pem = await readFile(join(dataDir, 'nested', COMMAND_KEY_FILE), 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect((await stat(join(dataDir, 'nested', COMMAND_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(commandPublicKeySchema.safeParse(first.publicKey).success).toBe(true);

    const again = await loadOrCreateCommandKey(join(dataDir, 'nested'));
    expect(again.publicKey).toBe(first.publicKey);
    expect(await readFile(join(dataDir, 'nested', COMMAND_KEY_FILE), 'utf8')).toBe(pem);
    expect(await readFile(join(dataDir, 'nested', COMMAND_PUBLIC_KEY_FILE), 'utf8')).toBe(`${first.publicKey}\n`);
  });

  it('is one key when two backends start on one data directory at once', async () => {
    const keys = await Promise.all([loadOrCreateCommandKey(dataDir), loadOrCreateCommandKey(dataDir), loadOrCreateCommandKey(dataDir)]);
    expect(new Set(keys.map((key) => key.publicKey)).size).toBe(1);
  });

  it('signs commands that verify with node:crypto and the public key, for that car only', async () => {
    const key = await loadOrCreateCommandKey(dataDir);
    const command = key.sign('car-00001', unsigned());
    expect(carCommandSchema.parse(command)).toEqual(command);
    expect(verifies(key.publicKey, 'car-00001', command)).toBe(true);
    expect(verifies(key.publicKey, 'car-00002', command)).toBe(false);
    expect(verifies(key.publicKey, 'car-00001', { ...command, type: 'immobilise' })).toBe(false);
    const other = await loadOrCreateCommandKey(join(dataDir, 'other'));
    expect(verifies(other.publicKey, 'car-00001', command)).toBe(false);
  });

  it('signs only the fields it covers', async () => {
    const key = await loadOrCreateCommandKey(dataDir);
    const withExtra = { ...unsigned(), carId: 'car-00002' };
    const command = key.sign('car-00001', withExtra);
    expect(command).not.toHaveProperty('carId');
    expect(carCommandSchema.safeParse(command).success).toBe(true);
  });
});

describe('a fresh stamp', () => {
  it('dates the command by the clock given and draws a new 16-byte nonce each time', () => {
    const first = freshStamp(() => NOW);
    const second = freshStamp(() => NOW);
    expect(first.issuedAt).toBe('2026-11-27T14:02:11.250Z');
    expect(Buffer.from(first.nonce, 'base64url')).toHaveLength(16);
    expect(second.nonce).not.toBe(first.nonce);
  });
});
