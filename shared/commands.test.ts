import { describe, expect, it } from 'vitest';
import { COMMANDS, COMMAND_STATUSES, COMMAND_TYPES, TERMINAL_STATUSES, canMove, commandRequestSchema, commandsFor, isTerminal, maySend } from './commands.js';

describe('command lifecycle', () => {
  it('lets nothing leave a final status, except a timeout that a late answer corrects', () => {
    for (const from of TERMINAL_STATUSES) {
      const exits = COMMAND_STATUSES.filter((to) => canMove(from, to));
      expect(exits, from).toEqual(from === 'timedOut' ? ['delivered', 'succeeded', 'rejected', 'failed'] : []);
    }
  });

  it('never sends a command that expired or was cancelled, and never skips sending', () => {
    expect(canMove('queued', 'sent')).toBe(true);
    expect(canMove('expired', 'sent')).toBe(false);
    expect(canMove('cancelled', 'sent')).toBe(false);
    expect(canMove('queued', 'succeeded')).toBe(false);
    expect(canMove('queued', 'delivered')).toBe(false);
    // Once written to the device it is out of the operator's hands.
    expect(canMove('sent', 'cancelled')).toBe(false);
    expect(canMove('sent', 'expired')).toBe(false);
  });

  it('marks the final statuses', () => {
    expect(COMMAND_STATUSES.filter(isTerminal)).toEqual(['succeeded', 'rejected', 'failed', 'timedOut', 'expired', 'cancelled']);
  });
});

describe('command catalogue', () => {
  it('never queues the commands that would be dangerous later', () => {
    for (const type of ['unlock', 'immobilise', 'release', 'locate', 'unlockConnector', 'remoteStart', 'reset'] as const) {
      expect(COMMANDS[type].queue, type).toBe('never');
    }
    for (const type of COMMAND_TYPES) {
      const spec = COMMANDS[type];
      expect(spec.queue === 'queue' ? spec.expiresAfterMs > 0 : spec.expiresAfterMs === 0, type).toBe(true);
      expect(spec.answerTimeoutMs, type).toBeGreaterThan(0);
    }
  });

  it('offers each role the commands of a kind it may send', () => {
    expect(commandsFor('car', 'support')).toEqual(['lock', 'unlock', 'locate', 'requestState']);
    expect(commandsFor('car', 'dispatcher')).toEqual(['lock', 'unlock', 'rebootTelematics', 'locate', 'immobilise', 'release', 'requestState']);
    expect(commandsFor('chargePoint', 'dispatcher')).not.toContain('updateFirmware');
    expect(commandsFor('chargePoint', 'admin')).toEqual(['reset', 'unlockConnector', 'changeAvailability', 'remoteStart', 'remoteStop', 'triggerMessage', 'updateFirmware']);
    expect(maySend('support', 'immobilise')).toBe(false);
    expect(maySend('supervisor', 'updateFirmware')).toBe(true);
  });

  it('checks each command\'s parameters', () => {
    expect(COMMANDS.unlockConnector.params.safeParse({}).success).toBe(false);
    expect(COMMANDS.unlockConnector.params.safeParse({ connectorId: 1 }).success).toBe(true);
    expect(COMMANDS.reset.params.safeParse({ type: 'Sideways' }).success).toBe(false);
    expect(COMMANDS.updateFirmware.params.safeParse({ location: 'https://firmware.example/cp-2.1.bin' }).success).toBe(true);
    expect(COMMANDS.updateFirmware.params.safeParse({ location: 'javascript:alert(1)' }).success).toBe(false);
    expect(COMMANDS.lock.params.safeParse({ force: true }).success).toBe(false);
    expect(COMMANDS.remoteStart.params.safeParse({ idTag: 'x'.repeat(21) }).success).toBe(false);
  });

  it('takes a request with an idempotency key and refuses one without', () => {
    expect(commandRequestSchema.safeParse({ deviceId: 'car-1', type: 'lock', idempotencyKey: 'click-0001' }).success).toBe(true);
    expect(commandRequestSchema.safeParse({ deviceId: 'car-1', type: 'lock' }).success).toBe(false);
    expect(commandRequestSchema.safeParse({ deviceId: 'car-1', type: 'explode', idempotencyKey: 'click-0001' }).success).toBe(false);
  });
});
