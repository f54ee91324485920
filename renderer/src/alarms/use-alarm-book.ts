/** The alarm book's revision for React (see sync/use-revision.ts). */
import { useRevision } from '../sync/use-revision.js';
import { alarmBook } from './alarm-book.js';
import type { AlarmBook } from './alarm-book.js';

export function useAlarmBookRevision(book: AlarmBook = alarmBook, refreshMs?: number): number {
  return useRevision(book, refreshMs);
}
