import { describe, expect, it } from 'vitest';
import { formatClock } from '../ui/format.js';
import { bulkQuestion, commandName, confirmQuestion, offlineNotice, stepDetail, waitingNotice } from './command-words.js';

const NOW = Date.UTC(2026, 2, 3, 9, 0, 0);
const MINUTE = 60_000;

describe('how commands read', () => {
  it('names a command with its parameters', () => {
    expect(commandName('reset', { type: 'Hard' })).toBe('Reboot (Hard)');
    expect(commandName('changeAvailability', { connectorId: 0, type: 'Inoperative' })).toBe('Change availability (whole charge point, Inoperative)');
    expect(commandName('remoteStart', { idTag: 'CARD-42' })).toBe('Start charging (tag CARD-42)');
    expect(commandName('lock', {})).toBe('Lock');
  });

  it('asks what will happen to which device before a destructive command', () => {
    expect(confirmQuestion('reset', { type: 'Hard' }, 'cp-0042')).toBe('Reboot cp-0042 (Hard)? A charging session there stops.');
    expect(confirmQuestion('immobilise', {}, 'car-7')).toBe('Immobilise car-7? It cannot be started until it is released.');
    expect(confirmQuestion('changeAvailability', { connectorId: 2, type: 'Operative' }, 'cp-1')).toBe('Change availability cp-1 (connector 2, Operative)? It takes new sessions again.');
  });

  it('states the count of a bulk command', () => {
    expect(bulkQuestion('reset', { type: 'Soft' }, 37)).toBe('Reboot 37 charge points (Soft)');
    expect(bulkQuestion('lock', {}, 1)).toBe('Lock 1 car');
    expect(bulkQuestion('requestState', {}, 2_400)).toBe('Request state 2,400 cars');
  });

  it('says that a never-queue command to an offline device fails at once, and why', () => {
    expect(offlineNotice('unlock', 'car-7', NOW)).toBe(
      'car-7 is offline: Unlock would fail at once. It is never kept for later, so that it cannot fire when the device comes back.',
    );
  });

  it('says how long a queued command waits for an offline device', () => {
    expect(offlineNotice('lock', 'car-7', NOW)).toBe(`car-7 is offline: Lock waits for it up to 10 min (until ${formatClock(NOW + 10 * MINUTE)}), then expires.`);
    expect(waitingNotice({ status: 'queued', expiresAtMs: NOW + 4 * MINUTE }, NOW)).toBe(`Waits for the device until ${formatClock(NOW + 4 * MINUTE)} (4 min left), then expires.`);
    expect(waitingNotice({ status: 'queued', expiresAtMs: NOW - 1 }, NOW)).toBe('Its time to wait is over; it expires now.');
    expect(waitingNotice({ status: 'sent', expiresAtMs: NOW + MINUTE }, NOW)).toBeNull();
    expect(waitingNotice({ status: 'queued', expiresAtMs: null }, NOW)).toBeNull();
  });

  it('prefers what the device or backend said over the step’s own meaning', () => {
    expect(stepDetail('rejected', 'The charge point answered Rejected')).toBe('The charge point answered Rejected');
    expect(stepDetail('rejected', null)).toBe('The device refused it');
  });
});
