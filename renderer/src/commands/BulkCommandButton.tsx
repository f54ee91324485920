/**
 * "Command…": sends one command to the devices of a selection. The devices are resolved when it is
 * pressed, so the dialog's counts and what is sent are the same devices.
 */
import { useConsoleStore } from '../store/store.js';
import type { BulkTarget } from '../store/commands-slice.js';

interface BulkCommandButtonProps {
  readonly resolve: () => BulkTarget;
  readonly className: string;
  readonly title: string;
  readonly testId: string;
  readonly label?: string;
}

export function BulkCommandButton({ resolve, className, title, testId, label = 'Command…' }: BulkCommandButtonProps) {
  const hasSession = useConsoleStore((state) => state.session !== null);
  if (!hasSession) return null;
  return (
    <button type="button" className={className} title={title} data-testid={testId} onClick={() => useConsoleStore.getState().openBulkCommand(resolve())}>
      {label}
    </button>
  );
}
