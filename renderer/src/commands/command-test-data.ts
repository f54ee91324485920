/** Commands for unit tests: one that went through the given steps, a second apart, ending in the last. */
import type { Command, CommandStatus, CommandTransition } from '../../../shared/commands.js';

/** Each step a status, or a status with what the device or backend said. */
export type TestStep = CommandStatus | readonly [CommandStatus, string];

export function testCommand(id: string, steps: readonly TestStep[], patch: Partial<Command> = {}): Command {
  const createdAtMs = patch.createdAtMs ?? 1_000;
  const transitions: CommandTransition[] = steps.map((step, index) => {
    const [status, detail] = typeof step === 'string' ? [step, null] : step;
    return { status, atMs: createdAtMs + index * 1000, detail };
  });
  return {
    id,
    deviceId: 'cp-1',
    type: 'reset',
    params: { type: 'Soft' },
    status: transitions.at(-1)?.status ?? 'queued',
    operator: 'dispatcher',
    createdAtMs,
    expiresAtMs: null,
    batchId: null,
    transitions,
    ...patch,
  };
}
