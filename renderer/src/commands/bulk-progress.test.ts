import { describe, expect, it } from 'vitest';
import type { Command, CommandStatus } from '../../../shared/commands.js';
import { bulkProgress, progressSummary } from './bulk-progress.js';
import { testCommand, type TestStep } from './command-test-data.js';

function command(deviceId: string, statuses: readonly CommandStatus[], lastDetail: string | null = null): Command {
  const steps = statuses.map((status, index): TestStep => (index === statuses.length - 1 && lastDetail !== null ? [status, lastDetail] : status));
  return testCommand(`c-${deviceId}`, steps, { deviceId, batchId: 'b-1' });
}

describe('a bulk command’s progress', () => {
  it('counts devices by outcome, refusals included', () => {
    const progress = bulkProgress(
      [
        command('cp-10', ['queued', 'sent', 'delivered', 'succeeded'], 'The charge point booted again'),
        command('cp-2', ['queued', 'sent', 'delivered']),
        command('cp-3', ['queued']),
        command('cp-4', ['queued', 'sent', 'rejected'], 'The charge point answered Rejected'),
        command('cp-5', ['queued', 'sent', 'timedOut']),
        command('cp-6', ['queued', 'cancelled']),
        command('cp-7', ['queued', 'sent', 'delivered', 'succeeded']),
      ],
      [{ deviceId: 'car-1', reason: 'Reboot is for charge points, and car-1 is a car.' }],
    );
    expect(progress.counts).toEqual({ succeeded: 2, inProgress: 1, waiting: 1, failed: 2, cancelled: 1, refused: 1 });
    expect(progress.total).toBe(8);
    expect(progress.isFinished).toBe(false);
    expect(progressSummary(progress.counts)).toBe('2 succeeded · 1 in progress · 1 waiting · 2 failed · 1 cancelled · 1 refused');
  });

  it('lists each device in device order with what it said, or the step’s meaning', () => {
    const progress = bulkProgress(
      [command('cp-10', ['queued', 'sent', 'delivered', 'succeeded'], 'The charge point booted again'), command('cp-9', ['queued', 'sent'])],
      [{ deviceId: 'car-1', reason: 'Not a charge point' }],
    );
    expect(progress.rows.map((row) => [row.deviceId, row.status, row.detail, row.atMs])).toEqual([
      ['car-1', null, 'Not a charge point', null],
      ['cp-9', 'sent', 'Sent to the device; waiting for its answer', 2_000],
      ['cp-10', 'succeeded', 'The charge point booted again', 4_000],
    ]);
  });

  it('is finished once every command has ended', () => {
    const progress = bulkProgress([command('cp-1', ['queued', 'sent', 'delivered', 'succeeded']), command('cp-2', ['queued', 'sent', 'failed'])], []);
    expect(progress.isFinished).toBe(true);
    expect(progressSummary(progress.counts)).toBe('1 succeeded · 1 failed');
    expect(progressSummary(bulkProgress([], []).counts)).toBe('nothing yet');
  });
});
