/**
 * The latest bulk command's progress, live from the command book: counts by outcome (a click on one lists
 * only those devices), a bar of the same, and every device with its status and what its device said.
 * Closing it keeps the command going; the map's chip opens it again.
 */
import { useState } from 'react';
import { COMMANDS } from '../../../shared/commands.js';
import type { SentBulk } from '../store/commands-slice.js';
import { useRevision } from '../sync/use-revision.js';
import { formatAbsolute, formatAge, formatCount } from '../ui/format.js';
import type { CommandBook } from './command-book.js';
import { GROUP_WORDS, PROGRESS_GROUPS, bulkProgress, progressSummary, type ProgressGroup } from './bulk-progress.js';
import { STATUS_WORDS, commandName, countOf } from './command-words.js';
import { DialogFrame } from './DialogFrame.js';

/** Rows drawn at once; the counts above tell the rest, and a group narrows the list. */
const ROWS_SHOWN = 300;

interface BulkProgressDialogProps {
  readonly book: CommandBook;
  readonly bulk: SentBulk;
  readonly nowMs: number;
  readonly onOpenDevice: (deviceId: string) => void;
  readonly onClose: () => void;
}

export function BulkProgressDialog({ book, bulk, nowMs, onOpenDevice, onClose }: BulkProgressDialogProps) {
  useRevision(book);
  const [group, setGroup] = useState<ProgressGroup | null>(null);
  const progress = bulkProgress(book.forBatch(bulk.batchId), bulk.refused);
  const rows = group === null ? progress.rows : progress.rows.filter((row) => row.group === group);
  const title = `${commandName(bulk.type, bulk.params)} · ${countOf(progress.total, COMMANDS[bulk.type].kind)}`;
  return (
    <DialogFrame title={title} testId="bulk-progress" className="is-progress" onClose={onClose}>
      <p className="bulk-target">
        {bulk.targetDescription} · sent <span title={formatAbsolute(bulk.sentAtMs)}>{formatAge(bulk.sentAtMs, nowMs)}</span> ·{' '}
        <strong data-testid="bulk-state">{progress.isFinished ? 'finished' : 'in progress'}</strong>
      </p>
      <div className="bulk-bar" aria-hidden="true">
        {PROGRESS_GROUPS.filter((each) => progress.counts[each] > 0).map((each) => (
          <span key={each} className={`bulk-bar-part group-${each}`} style={{ flexGrow: progress.counts[each] }} />
        ))}
      </div>
      <div className="bulk-counts" role="group" aria-label="Show devices by outcome" data-testid="bulk-summary" data-summary={progressSummary(progress.counts)}>
        {PROGRESS_GROUPS.filter((each) => progress.counts[each] > 0).map((each) => (
          <button
            key={each}
            type="button"
            className={`bulk-count group-${each}`}
            aria-pressed={group === each}
            data-testid={`bulk-count-${each}`}
            onClick={() => setGroup(group === each ? null : each)}
          >
            <span className="bulk-count-mark" aria-hidden="true" />
            <strong>{formatCount(progress.counts[each])}</strong> {GROUP_WORDS[each]}
          </button>
        ))}
        {group !== null && (
          <button type="button" className="link-button" onClick={() => setGroup(null)}>
            Show all
          </button>
        )}
      </div>
      <ul className="bulk-rows" aria-label="Devices" data-testid="bulk-rows">
        {rows.slice(0, ROWS_SHOWN).map((row) => (
          <li key={row.deviceId} className={`bulk-row group-${row.group}`} data-testid="bulk-row" data-device-id={row.deviceId} data-status={row.status ?? 'refused'}>
            <span className="bulk-count-mark" aria-hidden="true" />
            <button type="button" className="link-button mono" title="Open this device" onClick={() => onOpenDevice(row.deviceId)}>
              {row.deviceId}
            </button>
            <span className="bulk-row-status">{row.status ? STATUS_WORDS[row.status] : 'Refused'}</span>
            <span className="bulk-row-detail" title={row.detail}>
              {row.detail}
            </span>
            {row.atMs !== null && (
              <time className="bulk-row-age" dateTime={new Date(row.atMs).toISOString()} title={formatAbsolute(row.atMs)}>
                {formatAge(row.atMs, nowMs)}
              </time>
            )}
          </li>
        ))}
      </ul>
      {rows.length > ROWS_SHOWN && <p className="panel-empty">and {formatCount(rows.length - ROWS_SHOWN)} more: pick an outcome above to list them.</p>}
    </DialogFrame>
  );
}
