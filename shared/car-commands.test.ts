import { describe, expect, it } from 'vitest';
import { CAR_COMMAND_TYPES, canonicalJson, carCommandAckSchema, carCommandSchema, signingBytes, unsignedCarCommandSchema } from './car-commands.js';
import type { UnsignedCarCommand } from './car-commands.js';
import { COMMANDS, COMMAND_TYPES } from './commands.js';

const command: UnsignedCarCommand = {
  commandId: 'cmd-1',
  type: 'lock',
  params: { zone: { b: 2, a: [1, { y: true, x: null }] }, force: false },
  issuedAt: '2026-11-27T14:02:11.250Z',
  expiresAt: '2026-11-27T14:12:11.250Z',
  nonce: 'AAECAwQFBgcICQoLDA0ODw',
};
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('car command messages', () => {
  it('cover exactly the catalogue’s car commands', () => {
    expect([...CAR_COMMAND_TYPES].sort()).toEqual(COMMAND_TYPES.filter((type) => COMMANDS[type].kind === 'car').sort());
  });

  it('accept a well-formed command and refuse fields the signature would not cover', () => {
    const signed = { ...command, signature: `${'A'.repeat(85)}w` };
    expect(carCommandSchema.parse(signed)).toEqual(signed);
    expect(carCommandSchema.safeParse({ ...signed, carId: 'car-00002' }).success).toBe(false);
    expect(unsignedCarCommandSchema.safeParse({ ...command, type: 'reset' }).success).toBe(false);
    // 16 bytes are 22 characters; a padded or longer nonce is not one.
    expect(unsignedCarCommandSchema.safeParse({ ...command, nonce: `${command.nonce}==` }).success).toBe(false);
    expect(unsignedCarCommandSchema.safeParse({ ...command, issuedAt: '2026-11-27 14:02' }).success).toBe(false);
  });

  it('describe acknowledgements', () => {
    expect(carCommandAckSchema.safeParse({ commandId: 'cmd-1', status: 'rejected', reason: 'replayed', at: '2026-11-27T14:02:12+01:00' }).success).toBe(true);
    expect(carCommandAckSchema.safeParse({ commandId: 'cmd-1', status: 'delivered', at: '2026-11-27T14:02:12Z' }).success).toBe(false);
  });
});

describe('signing bytes', () => {
  it('are canonical: the same whatever the order of keys, at every depth', () => {
    const reordered: UnsignedCarCommand = {
      nonce: command.nonce,
      params: { force: false, zone: { a: [1, { x: null, y: true }], b: 2 } },
      expiresAt: command.expiresAt,
      issuedAt: command.issuedAt,
      type: command.type,
      commandId: command.commandId,
    };
    expect(signingBytes('car-00001', reordered)).toEqual(signingBytes('car-00001', command));
    expect(text(signingBytes('car-00001', command))).toBe(
      '["cyberponies/car-command/v1","car-00001","cmd-1","lock",{"force":false,"zone":{"a":[1,{"x":null,"y":true}],"b":2}},' +
        '"2026-11-27T14:02:11.250Z","2026-11-27T14:12:11.250Z","AAECAwQFBgcICQoLDA0ODw"]',
    );
  });

  it('change with every bound field, and with the car', () => {
    const original = text(signingBytes('car-00001', command));
    const { expiresAt: _dropped, ...withoutExpiry } = command;
    const variants: [string, string, UnsignedCarCommand][] = [
      ['car', 'car-00002', command],
      ['commandId', 'car-00001', { ...command, commandId: 'cmd-2' }],
      ['type', 'car-00001', { ...command, type: 'unlock' }],
      ['params value', 'car-00001', { ...command, params: { ...command.params, force: true } }],
      ['params key', 'car-00001', { ...command, params: { zone: command.params.zone ?? null, forced: false } }],
      ['issuedAt', 'car-00001', { ...command, issuedAt: '2026-11-27T14:02:11.251Z' }],
      ['expiresAt', 'car-00001', { ...command, expiresAt: '2026-11-27T15:12:11.250Z' }],
      ['no expiresAt', 'car-00001', withoutExpiry],
      ['nonce', 'car-00001', { ...command, nonce: 'AAECAwQFBgcICQoLDA0OEA' }],
    ];
    for (const [field, carId, variant] of variants) expect(text(signingBytes(carId, variant)), field).not.toBe(original);
  });

  it('keep field boundaries: moving text from one field to the next changes them', () => {
    const joined = signingBytes('car-0000', { ...command, commandId: '1cmd-1' });
    expect(joined).not.toEqual(signingBytes('car-00001', command));
  });

  it('follow RFC 8785 for keys and numbers', () => {
    // Keys sort by UTF-16 code units, not as numbers (JSON.stringify would put "2" before "10").
    expect(canonicalJson({ b: 1, 10: 2, 2: 3, a: 1.5e21 })).toBe('{"10":2,"2":3,"a":1.5e+21,"b":1}');
    expect(() => canonicalJson([Number.NaN])).toThrow(RangeError);
  });
});
