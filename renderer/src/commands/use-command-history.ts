/**
 * A device's commands, newest first: its history from the backend when the panel opens, merged into the
 * command book, then live from the book as pushes come (this console's commands and every other one's).
 */
import { useEffect, useState } from 'react';
import type { Command } from '../../../shared/commands.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { useRevision } from '../sync/use-revision.js';

const HISTORY_LIMIT = 50;

export interface CommandHistory {
  readonly commands: readonly Command[];
  readonly isLoading: boolean;
  readonly error: string | null;
}

export function useCommandHistory(controller: FleetController, deviceId: string): CommandHistory {
  const book = controller.commands;
  useRevision(book);
  const [loaded, setLoaded] = useState<{ readonly deviceId: string; readonly error: string | null } | null>(null);

  useEffect(() => {
    let isCurrent = true;
    void controller.request('command:history', { deviceId, limit: HISTORY_LIMIT }).then((answer) => {
      if (!isCurrent) return;
      if (answer.ok) book.upsert(answer.value.commands);
      setLoaded({ deviceId, error: answer.ok ? null : answer.error.message });
    });
    return () => {
      isCurrent = false;
    };
  }, [controller, book, deviceId]);

  const isLoaded = loaded?.deviceId === deviceId;
  return { commands: book.forDevice(deviceId), isLoading: !isLoaded, error: isLoaded ? loaded.error : null };
}
